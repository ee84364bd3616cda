#!/bin/bash
# SPDX-License-Identifier: MIT
# tl-record daemon --max-traces: with every slot used, a new trace frees
# the oldest gone trace that is already in the spool; with none to free
# the answer is 503 and nothing changes. --spool-max bounds the spool:
# the oldest files go first.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/daemon_lib.bash"

cg_dir "tlzd-evict-$$"
mkdir "$D/a" "$D/b" "$D/c" "$D/d" || fail "mkdir"
start_daemon --max-traces 2 --buffer-size 128K
ctl add a "/tlzd-evict-$$/a" >/dev/null || fail "add a"
ctl add b "/tlzd-evict-$$/b" >/dev/null || fail "add b"
# full, nothing gone: refused
expect_status 503 POST "/add?name=c&cgroup=/tlzd-evict-$$/c"
expect "$T/body" "no free trace slot"
# a goes away (spooled): c takes its slot, a is freed
rmdir "$D/a" || fail "rmdir a"
until_true 20 "a gone and spooled" '[ "$(field 1 spooled)" != null ]'
ctl add c "/tlzd-evict-$$/c" >/dev/null || fail "add c after a is gone"
ctl list >"$T/list"
expect_none "$T/list" ' a +gone ' "the gone trace was not freed"
expect "$T/list" ' b +live '
expect "$T/list" ' c +live '
[ -n "$(find "$SPOOL" -maxdepth 1 -name 'a.1.gone.*.tlz')" ] || fail "a's file left the spool"
expect_status 200 GET "/status?format=json"
jq -e '.evicted == 1 and .traces == 2' "$T/body" >/dev/null || { cat "$T/body"; fail "status"; }
stop_daemon

# a spool bound of about two files: the oldest go first
rm -rf "$SPOOL"
start_daemon --max-traces 8 --buffer-size 128K --spool-max 40K
for n in e f g h; do
	mkdir "$D/$n" || fail "mkdir $n"
	ctl add "$n" "/tlzd-evict-$$/$n" >/dev/null || fail "add $n"
	run_in "$D/$n" sh -c "echo $n >/dev/null"
	rmdir "$D/$n" || fail "rmdir $n"
	until_true 20 "$n spooled" 'ctl list | grep -Eq " $n +gone "'
done
expect_status 200 GET "/status?format=json"
jq -e '.spool.bytes <= 40960 and .spool.removed >= 1 and .spool.files >= 1' "$T/body" >/dev/null ||
	{ cat "$T/body"; ls -l "$SPOOL"; fail "spool bound"; }
[ -n "$(find "$SPOOL" -maxdepth 1 -name 'h.*.gone.*.tlz')" ] || { ls -l "$SPOOL"; fail "the newest file was removed"; }
[ -z "$(find "$SPOOL" -maxdepth 1 -name 'e.*.gone.*.tlz')" ] || { ls -l "$SPOOL"; fail "the oldest file was kept"; }
[ "$(du -sb "$SPOOL" | cut -f1)" -le $((40960 + 4096)) ] || fail "spool over its bound on disk"
stop_daemon
[ "$DRC" = 0 ] || fail "daemon exit status $DRC"
echo "ok: slots reused from gone traces, spool bounded"
