#!/bin/bash
# SPDX-License-Identifier: MIT
# tl-record daemon's socket and life cycle: a stale socket (daemon killed)
# is replaced; a socket held by a running daemon, or answered by another
# server, or a path that is not a socket, makes a second daemon refuse to
# start (exit 1) without touching it; SIGTERM stops accepting, finishes a
# dump in progress to a slow client, writes the spool file of a trace
# whose cgroup was just removed, removes the socket and exits 0.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/daemon_lib.bash"

RAW=$PROG/daemon_raw
[ -x "$RAW" ] || fail "$RAW not built"
cg_dir "tlzd-sock-$$"
mkdir "$D/a" "$D/b" || fail "mkdir"

# stale: a daemon killed with SIGKILL leaves its socket behind
start_daemon --no-spool
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null
[ -S "$SOCK" ] || fail "no stale socket left to test with"
start_daemon --no-spool

# held by a running daemon: refused, the first one unharmed
"$TLR" daemon --socket "$SOCK" --no-spool 2>"$T/err"
[ $? = 1 ] || fail "second daemon: exit status"
expect "$T/err" "held by another tl-record daemon"
expect_status 200 GET /status
# another server answers on it (the lock file is gone, the socket is not)
rm -f "$SOCK.lock"
"$TLR" daemon --socket "$SOCK" --no-spool 2>"$T/err"
[ $? = 1 ] || fail "daemon on an answered socket: exit status"
expect "$T/err" "another server answers on '$SOCK'"
expect_status 200 GET /status
stop_daemon
[ "$DRC" = 0 ] || fail "exit status $DRC"
[ ! -e "$SOCK" ] || fail "socket left after SIGTERM"
# a path that is not a socket: refused, left alone
echo precious >"$T/file"
"$TLR" daemon --socket "$T/file" --no-spool 2>"$T/err"
[ $? = 1 ] || fail "daemon on a regular file: exit status"
expect "$T/err" "exists and is not a socket"
[ "$(cat "$T/file")" = precious ] || fail "the file was touched"
"$TLR" daemon --bogus 2>"$T/err"
[ $? = 2 ] || fail "bad option: exit status"
# not root: one line saying so, exit status 3, no socket made
setpriv --reuid=65534 --regid=65534 --clear-groups "$TLR" daemon --socket "$T/nobody.sock" 2>"$T/err"
[ $? = 3 ] || fail "daemon as uid 65534: exit status"
expect "$T/err" "^tl-record: the daemon needs root"
[ ! -e "$T/nobody.sock" ] || fail "a socket was made without root"

# SIGTERM with a dump in progress to a slow client
start_daemon --buffer-size 1M --compress none -s 4096
ctl add a "/tlzd-sock-$$/a" >/dev/null || fail "add a"
ctl add b "/tlzd-sock-$$/b" >/dev/null || fail "add b"
run_in "$D/a" dd if=/dev/urandom of=/dev/null bs=4096 count=1000 status=none || fail "dd"
curl -s --unix-socket "$SOCK" --limit-rate 200K -o "$T/slow.tlz" \
	-w '%{http_code} %{size_download}\n' 'http://localhost/dump?name=a' >"$T/slow.out" &
cpid=$!
until_true 20 "the slow dump started" '[ -s "$T/slow.tlz" ]'
# b's cgroup goes away just before the signal
rmdir "$D/b" || fail "rmdir b"
kill -TERM "$DPID"
# new connections are refused while the dump goes on
until_true 20 "new connections refused" '! "$RAW" "$SOCK" </dev/null >/dev/null 2>&1'
kill -0 "$cpid" 2>/dev/null || fail "the slow dump ended before the test could see new connections refused"
wait "$cpid" || fail "the slow client failed"
read -r code got <"$T/slow.out"
[ "$code" = 200 ] || fail "slow dump: HTTP $code"
[ "$got" = "$(stat -c %s "$T/slow.tlz")" ] && [ "$got" -gt 1000000 ] || fail "slow dump: $got bytes"
"$CHECK" "$T/slow.tlz" >"$T/slow.txt" || fail "the dump finished after SIGTERM does not decode"
expect "$T/slow.txt" '^file .* footer=1 damaged=0 truncated=0$' "complete file"
stop_daemon
[ "$DRC" = 0 ] || fail "exit status $DRC after SIGTERM"
[ ! -e "$SOCK" ] && [ ! -e "$SOCK.lock" ] || fail "socket or lock left"
[ -n "$(find "$SPOOL" -maxdepth 1 -name 'b.2.gone.*.tlz')" ] || { ls -l "$SPOOL"; fail "b's spool file missing after SIGTERM"; }
[ -z "$(find "$SPOOL" -maxdepth 1 -name 'a.*')" ] || fail "a live trace was spooled"
echo "ok: stale socket replaced, held socket refused, SIGTERM graceful"
