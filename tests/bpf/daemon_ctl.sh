#!/bin/bash
# SPDX-License-Identifier: MIT
# tl-record daemon through `tl-record ctl`: add, run processes, remove the
# cgroup, list (gone), dump the gone trace to a file and find the dead
# process's syscalls, close; add-current-cgroup (plain and --systemd, as a
# unit's ExecStartPre=+ drop-in runs it: one trace per invocation, named
# UNIT_INVOCATIONID, with its labels in the file); errors as exit 1.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/daemon_lib.bash"

cg_dir "tlzd-ctl-$$"
mkdir "$D/job" "$D/x.service" || fail "mkdir"
start_daemon

id=$(ctl add job "/tlzd-ctl-$$/job") || fail "ctl add failed"
[ "$id" = 1 ] || fail "ctl add printed '$id'"
run_in "$D/job" sh -c 'ls /nonexistent/tlzd-ctl >/dev/null 2>&1; exit 7'
[ $? = 7 ] || fail "job status"
rmdir "$D/job" || fail "rmdir"
until_true 20 "job gone" 'ctl list | grep -Eq "^1 +job +gone "'
ctl list >"$T/list" || fail "ctl list"
expect "$T/list" "^1 +job +gone +[1-9][0-9]* +[0-9]+ +0 +[0-9TZ:-]+ +/tlzd-ctl-$$/job$" "list line"
ctl list --json | jq -e '.[0].state == "gone"' >/dev/null || fail "list --json"
ctl status >"$T/status" || fail "ctl status"
expect "$T/status" '^traces: 1 \(live 0, gone 1, max [0-9]+\)$'
expect "$T/status" '^memory: [1-9][0-9]* bytes \(rings [1-9][0-9]*, bookkeeping [1-9][0-9]*\)$'
ctl status --json | jq -e '.version and .uptime_s >= 0' >/dev/null || fail "status --json"

ctl dump job -o "$T/job.tlz" || fail "ctl dump"
"$CHECK" "$T/job.tlz" >"$T/job.txt" || fail "dump does not decode"
expect "$T/job.txt" '^sys [0-9]+ [0-9]+ x86_64 (newfstatat|statx|lstat|stat) ret=-2 err=ENOENT .*"/nonexistent/tlzd-ctl"' "ls's stat of the missing path"
expect "$T/job.txt" '^exit [0-9]+ [0-9]+ code=0x700 group$' "exit 7"
ctl dump 1 -o - >"$T/job2.tlz" || fail "ctl dump by id to stdout"
"$CHECK" "$T/job2.tlz" >/dev/null || fail "stdout dump does not decode"
# errors: exit 1, one line naming the HTTP status, no partial file
ctl dump nosuch -o "$T/nosuch.tlz" 2>"$T/err"
[ $? = 1 ] || fail "dump of an unknown trace: exit status"
expect "$T/err" "^tl-record: ctl: 404: no trace named 'nosuch'$"
[ -z "$(find "$T" -maxdepth 1 -name 'nosuch*')" ] || fail "a file was left for a failed dump"
ctl add job2 "/tlzd-ctl-$$/nosuch" 2>"$T/err"
[ $? = 1 ] || fail "add of a missing cgroup: exit status"
expect "$T/err" "^tl-record: ctl: 404: cgroup '/tlzd-ctl-$$/nosuch': No such file or directory$"
ctl add job "/tlzd-ctl-$$" 2>"$T/err"
[ $? = 1 ] || fail "add with a name in use: exit status"
expect "$T/err" "^tl-record: ctl: 409: a trace named 'job' exists"
ctl bogus 2>"$T/err"
[ $? = 2 ] || fail "unknown command: exit status"
ctl close job || fail "ctl close"
ctl list | grep -q ' job ' && fail "closed trace still listed"

# add-current-cgroup: the caller's own cgroup
run_in "$D/x.service" "$TLR" ctl --socket "$SOCK" add-current-cgroup mine >"$T/id" ||
	fail "add-current-cgroup"
[ "$(field "$(cat "$T/id")" cgroup)" = "/tlzd-ctl-$$/x.service" ] || fail "add-current-cgroup: wrong cgroup"
ctl close mine || fail "close mine"
# ... as a systemd drop-in runs it: ExecStartPre=+tl-record ctl
# add-current-cgroup --systemd, with $INVOCATION_ID set by systemd
inv=0123456789abcdef0123456789abcdef
run_in "$D/x.service" env INVOCATION_ID=$inv "$TLR" ctl --socket "$SOCK" \
	add-current-cgroup --systemd >"$T/id" || fail "add-current-cgroup --systemd"
sid=$(cat "$T/id")
[ "$(field "$sid" name)" = "x.service_$inv" ] || fail "systemd trace name: $(field "$sid" name)"
[ "$(field "$sid" kind)" = unit ] || fail "systemd trace kind"
run_in "$D/x.service" sh -c 'exit 0'
ctl dump "x.service_$inv" -o "$T/unit.tlz" || fail "dump unit trace"
tl-convert --info "$T/unit.tlz" >"$T/info" || fail "tl-convert --info"
expect "$T/info" "^trace $sid: x.service_$inv \\(systemd unit\\)$|^trace $sid: x.service_$inv \\(unit\\)$|^trace $sid: x.service_$inv " "unit trace in the file"
expect "$T/info" "label: unit=x.service$" "unit label"
expect "$T/info" "label: invocation_id=$inv$" "invocation label"
# the next invocation: systemd made the cgroup anew
rmdir "$D/x.service" && mkdir "$D/x.service" || fail "re-creating x.service"
until_true 20 "first invocation gone" '[ "$(field "$sid" state)" = gone ]'
inv2=fedcba9876543210fedcba9876543210
run_in "$D/x.service" env INVOCATION_ID=$inv2 "$TLR" ctl --socket "$SOCK" \
	add-current-cgroup --systemd >/dev/null || fail "second invocation"
ctl list >"$T/list"
expect "$T/list" " x.service_$inv +gone " "first invocation kept"
expect "$T/list" " x.service_$inv2 +live " "second invocation traced"
# without INVOCATION_ID, --systemd refuses
run_in "$D/x.service" env -u INVOCATION_ID "$TLR" ctl --socket "$SOCK" \
	add-current-cgroup --systemd 2>"$T/err"
[ $? = 1 ] || fail "--systemd without INVOCATION_ID"
expect "$T/err" 'INVOCATION_ID'
ctl close "x.service_$inv2" || fail "close"
stop_daemon
[ "$DRC" = 0 ] || fail "daemon exit status $DRC"
# the daemon is gone: ctl says so
ctl list 2>"$T/err"
[ $? = 1 ] || fail "ctl with no daemon: exit status"
expect "$T/err" "cannot connect to '$SOCK'"
echo "ok: ctl add/list/status/dump/close, add-current-cgroup, systemd invocations"
