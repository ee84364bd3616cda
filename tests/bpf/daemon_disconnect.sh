#!/bin/bash
# SPDX-License-Identifier: MIT
# A client that goes away in the middle of a dump does not hurt the
# daemon: a trace full of incompressible data (several MB of dump, far
# more than the socket buffers) is requested and the connection closed
# after a few kB, again and again, also with curl killed by SIGPIPE;
# the daemon keeps answering, a full dump still decodes, nothing leaks
# (file descriptors back to where they were), and the recording went on.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/daemon_lib.bash"

RAW=$PROG/daemon_raw
[ -x "$RAW" ] || fail "$RAW not built"
cg_dir "tlzd-disc-$$"
mkdir "$D/noisy" || fail "mkdir"
# 4 MiB rings per CPU, raw (uncompressed) dumps, whole 4 KiB buffers kept
start_daemon --buffer-size 4M --compress none -s 4096
ctl add noisy "/tlzd-disc-$$/noisy" >/dev/null || fail "add"
run_in "$D/noisy" dd if=/dev/urandom of=/dev/null bs=4096 count=4096 status=none ||
	fail "dd"
expect_status 200 GET "/dump?name=noisy"
size=$(stat -c %s "$T/body")
[ "$size" -gt 4000000 ] || fail "dump of only $size bytes: not enough to outgrow the socket buffers"
fds0=$(ls /proc/"$DPID"/fd | wc -l)

for i in 1 2 3 4 5; do
	printf 'GET /dump?name=noisy HTTP/1.1\r\nHost: x\r\n\r\n' |
		"$RAW" "$SOCK" -n 3000 >"$T/part" || fail "raw client $i"
	head -n 1 "$T/part" | grep -q '^HTTP/1.1 200 ' || fail "partial dump $i: $(head -n 1 "$T/part")"
	# curl killed by SIGPIPE when head has read enough
	curl -s --unix-socket "$SOCK" 'http://localhost/dump?name=noisy' | head -c 1000 >/dev/null
	kill -0 "$DPID" || fail "the daemon died after disconnect $i"
done
expect_status 200 GET /status
# the recording goes on, and a full dump is still right
run_in "$D/noisy" sh -c 'cat /nonexistent/tlzd-after-disconnects' 2>/dev/null
ctl dump noisy -o "$T/full.tlz" || fail "full dump after the disconnects"
"$CHECK" "$T/full.tlz" >"$T/full.txt" || fail "full dump does not decode"
expect "$T/full.txt" '"/nonexistent/tlzd-after-disconnects"$' "events after the disconnects"
expect "$T/full.txt" '^trace 1 noisy kind=cgroup records=[0-9]+ lost_busy=0 lost_size=0 lost_other=0$'
# connections closed: the fd count comes back (bounded wait)
until_true 30 "fds back to $fds0" '[ "$(ls /proc/"$DPID"/fd | wc -l)" -le "$fds0" ]'
expect_status 200 GET "/status?format=json"
ctl close noisy || fail "close"
stop_daemon
[ "$DRC" = 0 ] || fail "daemon exit status $DRC"
echo "ok: $size-byte dump cut 10 times, daemon unharmed"
