#!/bin/bash
# SPDX-License-Identifier: MIT
# --format-version 1.0: files with plain RING chunks (type 5) and no
# RING_DELTA chunk (type 7, format 1.1, FORMAT.md §6.8), from every place
# tl-record writes one: one-shot, --cgroup mode (its SIGUSR1 snapshot and
# its final file) and the daemon (API dump and spool file). Two --cgroup
# recorders, 1.0 and the default 1.1, record the same process: both files
# decode to the same strace text.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/daemon_lib.bash"

TLC=$BUILD/tl-convert

# chunk_types FILE: "TYPE:COUNT ..." of its chunks, critical bit cleared
# (chunk header, FORMAT.md §3.1: "TLZCHNK\0", type u32 at +8, stored
# length u64 at +16, 48 bytes, payload padded to 8; after the 32-byte
# file header, §2.1); stops at the first offset without a chunk header
chunk_types() {
	local f=$1 pos=32 end sync t n
	end=$(stat -c %s "$f")
	while [ $((pos + 48)) -le "$end" ]; do
		sync=$(head -c $((pos + 7)) "$f" | tail -c 7)
		[ "$sync" = TLZCHNK ] || break
		t=$(od -An -tu4 -j $((pos + 8)) -N4 "$f" | tr -d ' ')
		n=$(od -An -tu8 -j $((pos + 16)) -N8 "$f" | tr -d ' ')
		echo $((t & 0x7fffffff))
		pos=$((pos + 48 + (n + 7) / 8 * 8))
	done | sort -n | uniq -c | awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $2, $1 } END { print "" }'
}

# is_10 FILE WHAT: RING chunks and no RING_DELTA chunk
is_10() {
	local ty
	ty=$(chunk_types "$1")
	case " $ty " in
	*" 7:"*) fail "$2: RING_DELTA chunks in a 1.0 file ($ty)" ;;
	*" 5:"*) ;;
	*) fail "$2: no RING chunk ($ty)" ;;
	esac
	"$CHECK" "$1" >"$1.check" || fail "$2: tlcheck"
	expect "$1.check" "^file .* footer=1 damaged=0 truncated=0$" "$2: a whole file"
}

# is_11 FILE WHAT: RING_DELTA chunks and no RING chunk
is_11() {
	local ty
	ty=$(chunk_types "$1")
	case " $ty " in
	*" 5:"*) fail "$2: RING chunks in a 1.1 file ($ty)" ;;
	*" 7:"*) ;;
	*) fail "$2: no RING_DELTA chunk ($ty)" ;;
	esac
}

# --- two --cgroup recorders on one cgroup: 1.0 and 1.1
C=$(new_cgroup "tlz-test-fmt-$$")
CLEANUP+=("rmdir '$C'")
"$TLR" -v --format-version 1.0 --cgroup "$C" -o "$T/c10.tlz" 2>"$T/err10" &
r10=$!
CLEANUP+=("kill $r10")
"$TLR" -v --cgroup "$C" -o "$T/c11.tlz" 2>"$T/err11" &
r11=$!
CLEANUP+=("kill $r11")
wait_for "$T/err10" "recording 1 cgroup"
wait_for "$T/err11" "recording 1 cgroup"

# one process, one thread: both recorders see its calls in one order
run_in "$C" cat /etc/passwd /nonexistent/tlz-fmt-test >/dev/null 2>&1
[ $? = 1 ] || fail "cat exit status"
kill -USR1 $r10
wait_for "$T/err10" "wrote snapshot '$T/c10.1.tlz'"
kill -TERM $r10 $r11
wait $r10 || fail "tl-record (1.0) exit $?: $(cat "$T/err10")"
wait $r11 || fail "tl-record (1.1) exit $?: $(cat "$T/err11")"

is_10 "$T/c10.1.tlz" "--cgroup SIGUSR1 snapshot"
is_10 "$T/c10.tlz" "--cgroup final file"
is_11 "$T/c11.tlz" "--cgroup default"
"$TLC" -s 4096 "$T/c10.tlz" >"$T/c10.txt" || fail "tl-convert of the 1.0 file"
"$TLC" -s 4096 "$T/c11.tlz" >"$T/c11.txt" || fail "tl-convert of the 1.1 file"
expect "$T/c10.txt" 'openat\(AT_FDCWD, "/nonexistent/tlz-fmt-test", O_RDONLY\) = -1 ENOENT' "cat's failed open"
expect "$T/c10.txt" '^[0-9]+ +\+\+\+ exited with 1 \+\+\+$' "cat's exit"
[ "$(grep -c . "$T/c10.txt")" -gt 20 ] || fail "too few lines in $T/c10.txt"
diff "$T/c11.txt" "$T/c10.txt" >"$T/diff" ||
	{ head -n 20 "$T/diff" >&2; fail "1.0 and 1.1 files decode differently"; }

# --- one-shot
"$TLR" --format-version 1.0 -o "$T/one.tlz" -- cat /etc/passwd >/dev/null ||
	fail "one-shot exit $?"
is_10 "$T/one.tlz" "one-shot"
expect "$T/one.tlz.check" '^exit [0-9]+ [0-9]+ code=0x0 group$' "one-shot: the command's exit"

# --- the daemon: API dump and spool file
cg_dir "tlz-test-fmtd-$$"
mkdir "$D/app" || fail "mkdir"
start_daemon --format-version 1.0
expect_status 200 POST "/add?name=app&cgroup=/tlz-test-fmtd-$$/app"
run_in "$D/app" cat /nonexistent/tlz-fmtd 2>/dev/null
expect_status 200 GET "/dump?name=app"
cp "$T/body" "$T/dump.tlz"
is_10 "$T/dump.tlz" "daemon API dump"
expect "$T/dump.tlz.check" '"/nonexistent/tlz-fmtd"$' "daemon dump: cat's open"
rmdir "$D/app" || fail "rmdir"
until_true 20 "spool file" '[ "$(field 1 spooled)" != null ]'
is_10 "$SPOOL/$(field 1 spooled)" "daemon spool file"
stop_daemon
[ "$DRC" = 0 ] || fail "daemon exit $DRC"
echo "ok"
