#!/bin/bash
# SPDX-License-Identifier: MIT
# 1,000 traced cgroups: added over one keep-alive connection (curl),
# memory reported by /status checked against the kernel's own accounting
# of the ring maps (memlock in /proc/PID/fdinfo), a few of them used,
# all removed (1,000 traces gone, each written to the spool), closed,
# memory back to nothing. Prints the time and memory figures.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/daemon_lib.bash"

N=${TLZD_MANY:-1000}
cg_dir "tlzd-many-$$"
for i in $(seq "$N"); do echo "$D/c$i"; done | xargs mkdir || fail "mkdir"
start_daemon --buffer-size 128K --max-traces "$N" -q

ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
# memlock of every BPF map the daemon holds (one awk over all its fds)
memlock() {
	awk 'FNR == 1 { m = 0 } /^map_type:/ { m = 1 } /^memlock:/ && m { s += $2 }
	     END { printf "%d\n", s }' /proc/"$DPID"/fdinfo/* 2>/dev/null
}
json() { curl -sf --unix-socket "$SOCK" "http://localhost/$1" ; }

json 'status?format=json' >"$T/s0" || fail "status"
rss0=$(jq .rss_bytes "$T/s0")
lock0=$(memlock)

# add N cgroups over one connection
for i in $(seq "$N"); do
	echo "url = \"http://localhost/add?name=c$i&cgroup=/tlzd-many-$$/c$i\""
done >"$T/add.cfg"
t0=$(ms)
curl -s --unix-socket "$SOCK" -X POST -K "$T/add.cfg" -w ' %{http_code}\n' >"$T/add.out" ||
	fail "curl add"
t1=$(ms)
[ "$(grep -cx ' 200' "$T/add.out")" = "$N" ] || { grep -vx ' 200' "$T/add.out" | head; fail "not every add answered 200"; }
json 'status?format=json' >"$T/s1"
jq -e ".traces == $N and .live == $N and .attached" "$T/s1" >/dev/null || { cat "$T/s1"; fail "status after adds"; }
rings=$(jq .ring_bytes "$T/s1")
book=$(jq .bookkeeping_bytes "$T/s1")
rss1=$(jq .rss_bytes "$T/s1")
lock1=$(memlock)
# /status's ring memory is what the kernel charges for the ring maps:
# within 5% of the memlock growth (which also counts each map's header)
klock=$((lock1 - lock0))
[ $((rings * 100)) -le $((klock * 105)) ] && [ $((klock * 100)) -le $((rings * 105)) ] ||
	fail "status says $rings ring bytes, the kernel $klock"

# a few of them in use: their own events, nobody else's
for i in 1 $((N / 2)) "$N"; do
	run_in "$D/c$i" sh -c "cat /nonexistent/tlzd-many-$i" 2>/dev/null
done
ctl dump c$((N / 2)) -o "$T/mid.tlz" || fail "dump the middle one"
"$CHECK" "$T/mid.tlz" >"$T/mid.txt" || fail "the middle one does not decode"
expect "$T/mid.txt" "\"/nonexistent/tlzd-many-$((N / 2))\"$" "its own event"
expect_none "$T/mid.txt" '"/nonexistent/tlzd-many-(1|'"$N"')"$' "another cgroup's event"
json 'list?format=json' >"$T/list"
jq -e '[.[] | select(.events > 0)] | length == 3' "$T/list" >/dev/null ||
	{ jq -c '[.[] | select(.events > 0) | .name]' "$T/list"; fail "events outside the three used cgroups"; }

# remove them all: N traces gone, N spool files
t2=$(ms)
for i in $(seq "$N"); do echo "$D/c$i"; done | xargs rmdir || fail "rmdir"
until_true 300 "$N traces gone" 'json "status?format=json" | jq -e ".gone == $N" >/dev/null'
t3=$(ms)
json 'status?format=json' >"$T/s2"
jq -e ".live == 0 and .attached == false and .spool.files == $N and .spool.failed == 0" "$T/s2" >/dev/null ||
	{ cat "$T/s2"; fail "status after removal"; }
[ "$(find "$SPOOL" -maxdepth 1 -name '*.gone.*.tlz' | wc -l)" = "$N" ] || fail "spool files"
"$CHECK" "$SPOOL"/c"$N"."$N".gone.*.tlz >"$T/last.txt" || fail "spooled c$N does not decode"
expect "$T/last.txt" "\"/nonexistent/tlzd-many-$N\"$" "c$N's event in its spool file"

# close them all over one connection
for i in $(seq "$N"); do echo "url = \"http://localhost/close?id=$i\""; done >"$T/close.cfg"
t4=$(ms)
curl -s --unix-socket "$SOCK" -X POST -K "$T/close.cfg" -w ' %{http_code}\n' >"$T/close.out" ||
	fail "curl close"
t5=$(ms)
[ "$(grep -cx ' 200' "$T/close.out")" = "$N" ] || fail "not every close answered 200"
json 'status?format=json' >"$T/s3"
jq -e '.traces == 0 and .memory_bytes == 0' "$T/s3" >/dev/null || { cat "$T/s3"; fail "memory after closing"; }
lock3=$(memlock)
[ "$lock3" -le $((lock0 + 4096)) ] || fail "ring maps still held: memlock $lock3, was $lock0"
stop_daemon
[ "$DRC" = 0 ] || fail "daemon exit status $DRC"

per=$(( (rings + book) / N ))
echo "cgroups: $N, --buffer-size 128K, $(nproc) CPUs"
echo "add: $((t1 - t0)) ms ($(( (t1 - t0) * 1000 / N )) us each, one connection)"
echo "memory: rings $rings B (kernel memlock +$klock B), bookkeeping $book B ($((book / N)) B per trace), $per B per trace in all"
# the daemon maps every ring (its RSS includes them: the same pages, not
# more memory); what it holds besides the rings, measured:
echo "daemon rss: $rss0 -> $rss1 B (+$(( (rss1 - rss0) / N )) B per trace, of which $(( (rss1 - rss0 - rings) / N )) B besides the mapped rings)"
echo "remove: $((t3 - t2)) ms until all $N gone and spooled ($(du -sk "$SPOOL" | cut -f1) KiB of spool)"
echo "close: $((t5 - t4)) ms"
