#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the Debian 12 packages tlz needs to build, test and demo.
# Idempotent: does nothing when every package is present; runs
# `apt-get update` at most once, and only when something is missing.
set -eu

PKGS="make gcc clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev libzstd-dev \
libsqlite3-dev sqlite3 jq tshark strace linux-perf trace-cmd libmicrohttpd-dev \
libclang-rt-14-dev gcc-multilib libcmocka-dev curl pkg-config linux-libc-dev"
[ "${1:-}" = "--all" ] && PKGS="$PKGS chromium hyperfine gnuplot-nox"

missing=""
for p in $PKGS; do
	s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$s" = "installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing Debian packages:$missing (run as root to install them)" >&2
	exit 1
fi
echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer no.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
