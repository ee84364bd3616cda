// SPDX-License-Identifier: MIT
/*
 * sockaddr.c - captured sockaddr bytes to text (see sockaddr.h). Layouts:
 * sockaddr_in {u16 family; be16 port; be32 addr}, sockaddr_in6 {u16
 * family; be16 port; u32 flowinfo; u8 addr[16]; u32 scope_id},
 * sockaddr_un {u16 family; char path[108]}, sockaddr_nl {u16 family; u16
 * pad; u32 pid; u32 groups}.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "sockaddr.h"

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

int ana_sockaddr_str(const uint8_t *sa, size_t len, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];
	int family;

	if (!size)
		return 0;
	buf[0] = 0;
	if (!sa || len < 2)
		return 0;
	family = sa[0] | sa[1] << 8;	/* sa_family_t: host order (LE) */
	switch (family) {
	case ANA_AF_INET:
		if (len < 8)
			break;
		inet_ntop(AF_INET, sa + 4, a, sizeof(a));
		snprintf(buf, size, "%s:%u", a, be16(sa + 2));
		return family;
	case ANA_AF_INET6:
		if (len < 24)
			break;
		inet_ntop(AF_INET6, sa + 8, a, sizeof(a));
		if (len >= 28 && le32(sa + 24))
			snprintf(buf, size, "[%s%%%u]:%u", a, le32(sa + 24),
				 be16(sa + 2));
		else
			snprintf(buf, size, "[%s]:%u", a, be16(sa + 2));
		return family;
	case ANA_AF_UNIX: {
		size_t n = len - 2, i;
		const uint8_t *p = sa + 2;
		size_t o = 0;

		if (n == 0) {
			snprintf(buf, size, "(unnamed)");
			return family;
		}
		if (p[0] == 0) {	/* abstract: length-delimited */
			buf[o++] = '@';
			p++;
			n--;
		} else {
			n = strnlen((const char *)p, n);
		}
		for (i = 0; i < n && o + 5 < size; i++) {
			if (p[i] >= 0x20 && p[i] < 0x7f)
				buf[o++] = (char)p[i];
			else
				o += (size_t)snprintf(buf + o, size - o, "\\x%02x", p[i]);
		}
		buf[o < size ? o : size - 1] = 0;
		return family;
	}
	case ANA_AF_NETLINK:
		if (len < 12)
			break;
		snprintf(buf, size, "netlink:pid=%u,groups=%#x", le32(sa + 4),
			 le32(sa + 8));
		return family;
	default:
		break;
	}
	{
		char fb[16];

		snprintf(buf, size, "%s", ana_family_name(family, fb, sizeof(fb)));
	}
	return family;
}

const char *ana_family_name(int family, char *buf, size_t size)
{
	switch (family) {
	case ANA_AF_UNIX: return "unix";
	case ANA_AF_INET: return "inet";
	case ANA_AF_INET6: return "inet6";
	case ANA_AF_NETLINK: return "netlink";
	case ANA_AF_PACKET: return "packet";
	default:
		snprintf(buf, size, "af%d", family);
		return buf;
	}
}

const char *ana_sock_proto(int family, int socktype, int proto, char *buf,
			   size_t size)
{
	/* SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_RAW 3, SOCK_SEQPACKET 5 */
	switch (family) {
	case ANA_AF_INET:
		if (socktype == 1)
			return "tcp";
		if (socktype == 2)
			return proto == 1 ? "icmp" : "udp";
		if (socktype == 3)
			return "raw";
		break;
	case ANA_AF_INET6:
		if (socktype == 1)
			return "tcp6";
		if (socktype == 2)
			return proto == 58 ? "icmp6" : "udp6";
		if (socktype == 3)
			return "raw6";
		break;
	case ANA_AF_UNIX:
		if (socktype == 1)
			return "unix-stream";
		if (socktype == 2)
			return "unix-dgram";
		if (socktype == 5)
			return "unix-seqpacket";
		return "unix";
	case ANA_AF_NETLINK:
		return "netlink";
	case ANA_AF_PACKET:
		return "packet";
	default:
		break;
	}
	{
		char fb[16];

		snprintf(buf, size, "%s/%d", ana_family_name(family, fb, sizeof(fb)),
			 socktype);
	}
	return buf;
}
