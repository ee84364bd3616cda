#!/bin/bash
# SPDX-License-Identifier: MIT
# tl-record daemon through its HTTP API with curl: add a cgroup, run
# processes in it, dump it live (twice: nothing lost between dumps),
# remove the cgroup (trace 'gone', a .tlz in the spool), dump the gone
# trace and find the dead processes' syscalls and exit codes, close it;
# programs attached only while a trace is live.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/daemon_lib.bash"

cg_dir "tlzd-api-$$"
mkdir "$D/app" || fail "mkdir"
start_daemon
[ "$(link_count "$DPID")" = 0 ] || fail "programs attached with nothing to trace"
# the socket: 0600, owned by root
[ "$(stat -c '%a %U %F' "$SOCK")" = "600 root socket" ] || fail "socket mode: $(stat -c '%a %U %F' "$SOCK")"

expect_status 200 POST "/add?name=app&cgroup=/tlzd-api-$$/app"
[ "$(cat "$T/body")" = 1 ] || fail "add answered '$(cat "$T/body")', expected id 1"
[ "$(field 1 state)" = live ] || fail "trace 1 not live"
[ "$(link_count "$DPID")" -gt 0 ] || fail "no program attached with a live trace"

# first process: a failing open, a write, exits 3
run_in "$D/app" sh -c 'cat /nonexistent/tlzd-first; exit 3' 2>/dev/null
[ $? = 3 ] || fail "first process status"
expect_status 200 GET "/dump?name=app" -D "$T/hdr"
cp "$T/body" "$T/live1.tlz"
grep -qi '^content-disposition: attachment; filename="app.tlz"' "$T/hdr" || { cat "$T/hdr"; fail "no file name header"; }
"$CHECK" "$T/live1.tlz" >"$T/live1.txt" || fail "live dump 1 does not decode"
expect "$T/live1.txt" '^sys [0-9]+ [0-9]+ x86_64 openat ret=-2 err=ENOENT .*"/nonexistent/tlzd-first"$' "first open in live dump"
[ "$(field 1 state)" = live ] || fail "dump stopped the trace"

# second process after the dump: the recording went on
run_in "$D/app" sh -c 'cat /nonexistent/tlzd-second; kill -TERM $$' 2>/dev/null
expect_status 200 GET "/dump?id=1"
cp "$T/body" "$T/live2.tlz"
"$CHECK" "$T/live2.tlz" >"$T/live2.txt" || fail "live dump 2 does not decode"
expect "$T/live2.txt" '"/nonexistent/tlzd-first"$' "first open still in dump 2"
expect "$T/live2.txt" '"/nonexistent/tlzd-second"$' "second open in dump 2"
expect "$T/live2.txt" '^exit [0-9]+ [0-9]+ code=0x300 group$' "exit status 3"
expect "$T/live2.txt" '^exit [0-9]+ [0-9]+ code=0xf group$' "killed by SIGTERM"
expect_none "$T/live2.txt" '^lost ' "events lost between the dumps"
# every record of dump 1 is in dump 2 (same events, nothing dropped)
grep '^sys \|^exit \|^fork \|^exec ' "$T/live1.txt" >"$T/a"
grep '^sys \|^exit \|^fork \|^exec ' "$T/live2.txt" >"$T/b"
[ -s "$T/a" ] || fail "dump 1 has no events"
[ "$(comm -23 <(sort "$T/a") <(sort "$T/b") | grep -cv ' inflight' || true)" = 0 ] ||
	fail "events of the first dump missing from the second"

# the cgroup goes away: trace gone, spooled, programs detached
rmdir "$D/app" || fail "rmdir"
until_true 20 "trace 1 gone" '[ "$(field 1 state)" = gone ]'
until_true 20 "spool file" '[ "$(field 1 spooled)" != null ]'
spooled=$SPOOL/$(field 1 spooled)
[ -f "$spooled" ] || fail "spool file $spooled missing"
case $spooled in *"/app.1.gone."*".tlz") ;; *) fail "spool file name $spooled" ;; esac
until_true 20 "programs detached" '[ "$(link_count "$DPID")" = 0 ]'

# the gone trace: still dumpable, with the dead processes' syscalls
expect_status 200 GET "/dump?name=app"
cp "$T/body" "$T/gone.tlz"
for f in "$T/gone.tlz" "$spooled"; do
	"$CHECK" "$f" >"$T/g.txt" || fail "$f does not decode"
	expect "$T/g.txt" '^sys [0-9]+ [0-9]+ x86_64 openat ret=-2 err=ENOENT .*"/nonexistent/tlzd-second"$' "$f: dead process's open"
	expect "$T/g.txt" '^exit [0-9]+ [0-9]+ code=0xf group$' "$f: dead process's end"
done
# and a real client decodes it too
tl-convert "$T/gone.tlz" >"$T/gone.strace" 2>"$T/conv.err" || { cat "$T/conv.err"; fail "tl-convert failed"; }
expect "$T/gone.strace" 'openat\(AT_FDCWD, "/nonexistent/tlzd-second", O_RDONLY\) = -1 ENOENT' "tl-convert shows the open"
tl-convert --info "$T/gone.tlz" >"$T/info"
expect "$T/info" "cgroup: /tlzd-api-$$/app" "cgroup path in the file"

# list: text and JSON
expect_status 200 GET /list
expect "$T/body" '^ID +NAME +STATE +EVENTS +BYTES +LOSS +STARTED +CGROUP$' "list header"
expect "$T/body" "^1 +app +gone +[1-9][0-9]* +[1-9][0-9]* +0 +20[0-9-]+T[0-9:]+Z +/tlzd-api-$$/app$" "list line"
expect_status 200 GET "/list?format=json"
jq -e '.[0] | .id == 1 and .name == "app" and .state == "gone" and .events > 0 and .loss == 0 and (.ended | length) > 0' "$T/body" >/dev/null ||
	{ cat "$T/body"; fail "list JSON"; }
expect_status 200 GET "/status?format=json"
jq -e '.traces == 1 and .live == 0 and .gone == 1 and .attached == false and .memory_bytes >= .ring_bytes and .ring_bytes > 0 and .spool.files == 1' "$T/body" >/dev/null ||
	{ cat "$T/body"; fail "status JSON"; }

# close: freed; then it is unknown
expect_status 200 POST "/close?name=app"
expect_status 404 GET "/dump?name=app"
expect_status 404 POST "/close?id=1"
expect_status 200 GET "/status?format=json"
jq -e '.traces == 0 and .memory_bytes == 0' "$T/body" >/dev/null || { cat "$T/body"; fail "memory after close"; }

stop_daemon
[ "$DRC" = 0 ] || fail "daemon exit status $DRC after SIGTERM"
[ ! -e "$SOCK" ] || fail "socket left behind"
echo "ok: live dumps, gone trace, spool, close"
