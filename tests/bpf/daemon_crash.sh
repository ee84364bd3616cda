#!/bin/bash
# SPDX-License-Identifier: MIT
# tl-record daemon --dump-on-crash: a traced process killed by a signal,
# or exiting non-zero, makes the daemon write the trace to the spool by
# itself (told by the BPF exit hook, not by reading events); exits with
# status 0 do not count. Without the option, nothing is written.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/daemon_lib.bash"

cg_dir "tlzd-crash-$$"
mkdir "$D/svc" || fail "mkdir"
start_daemon --dump-on-crash
ctl add svc "/tlzd-crash-$$/svc" >/dev/null || fail "add"

crash_files() { find "$SPOOL" -maxdepth 1 -name 'svc.1.crash.*.tlz' 2>/dev/null | wc -l; }
# clean exits: reported nowhere
run_in "$D/svc" sh -c 'true; exit 0'
run_in "$D/svc" sh -c 'cat /dev/null'
# a process killed by SIGSEGV
run_in "$D/svc" sh -c 'test -e /nonexistent/tlzd-before-crash; kill -SEGV $$'
until_true 20 "a crash dump in the spool" '[ "$(crash_files)" -ge 1 ]'
# exactly one event so far: the clean exits were not reported
[ "$(field 1 crashes)" = 1 ] || fail "$(field 1 crashes) exits reported, expected 1"
[ $(( $(field 1 last_crash.status) & 0x7f )) = 11 ] || fail "status $(field 1 last_crash.status), expected SIGSEGV"
f=$(ls "$SPOOL"/svc.1.crash.*.tlz | head -n 1)
"$CHECK" "$f" >"$T/crash.txt" || fail "crash dump does not decode"
expect "$T/crash.txt" '"/nonexistent/tlzd-before-crash"$' "the last syscalls before the crash"
expect "$T/crash.txt" '^exit [0-9]+ [0-9]+ code=0x8?b group$' "killed by SIGSEGV"
[ "$(field 1 state)" = live ] || fail "the trace stopped"

# a non-zero exit: reported too (the second dump may wait for the
# once-a-second bound per trace)
run_in "$D/svc" sh -c 'exit 42'
until_true 20 "second exit reported" '[ "$(field 1 crashes)" = 2 ]'
[ "$(field 1 last_crash.status)" = $((42 << 8)) ] || fail "status $(field 1 last_crash.status)"
until_true 20 "second crash dump" '[ "$(crash_files)" -ge 2 ]'
newest=$(ls -t "$SPOOL"/svc.1.crash.*.tlz | head -n 1)
"$CHECK" "$newest" >"$T/c2.txt" || fail "decode"
expect "$T/c2.txt" '^exit [0-9]+ [0-9]+ code=0x2a00 group$' "exit 42 in the second dump"
ctl close svc || fail "close"
stop_daemon
[ "$DRC" = 0 ] || fail "daemon exit status $DRC"

# without --dump-on-crash: no crash dumps
rm -rf "$SPOOL"
start_daemon
ctl add svc "/tlzd-crash-$$/svc" >/dev/null || fail "add"
run_in "$D/svc" sh -c 'kill -SEGV $$'
# the crash is in the trace (so it happened) ...
ctl dump svc -o "$T/nc.tlz" || fail "dump"
"$CHECK" "$T/nc.tlz" | grep -Eq '^exit [0-9]+ [0-9]+ code=0x8?b group$' || fail "crash not recorded"
# ... and the daemon, which handled a request after it, wrote nothing
[ "$(crash_files)" = 0 ] || fail "crash dump without --dump-on-crash"
[ "$(field 1 crashes)" = null ] || fail "exits reported without --dump-on-crash"
ctl close svc >/dev/null
stop_daemon
echo "ok: crash dumps on signal and non-zero exit only"
