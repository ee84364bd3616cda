/* SPDX-License-Identifier: MIT */
/*
 * sockaddr.h - decodes captured struct sockaddr bytes (as recorded: the
 * traced machine's layout, little-endian host fields, network-order ports
 * and addresses) into text for tl-analyze: "127.0.0.1:8080",
 * "[::1]:443", "/run/x.sock", "@abstract", "netlink:pid=0".
 *
 * A minimal decoder of our own: tl-convert's argument printers are not
 * exposed as a library.
 */
#ifndef TL_ANA_SOCKADDR_H
#define TL_ANA_SOCKADDR_H

#include <stddef.h>
#include <stdint.h>

/* Address families (Linux numbering, stable ABI). */
#define ANA_AF_UNIX	1
#define ANA_AF_INET	2
#define ANA_AF_INET6	10
#define ANA_AF_NETLINK	16
#define ANA_AF_PACKET	17

/* Writes the address text into buf (always NUL-terminated); returns the
 * family (0 when len < 2). */
int ana_sockaddr_str(const uint8_t *sa, size_t len, char *buf, size_t size);

/* "unix", "inet", "inet6", "netlink", "packet", or "af<N>" (static or
 * written to buf). */
const char *ana_family_name(int family, char *buf, size_t size);

/* Protocol label for a socket: "tcp", "udp", "tcp6", "udp6",
 * "unix-stream", "unix-dgram", "netlink", "raw", ... (static or buf). */
const char *ana_sock_proto(int family, int socktype, int proto, char *buf,
			   size_t size);

#endif /* TL_ANA_SOCKADDR_H */
