#!/bin/bash
# SPDX-License-Identifier: MIT
# A process killed by SIGSEGV after known syscalls, and one killed by
# SIGKILL while inside clock_nanosleep(): exec-tree and last say how each
# ended and what it did last.
. "$(dirname "$0")/analyze_lib.bash"
command -v gcc >/dev/null || fail "gcc missing"

cat > crash.c <<'C'
#include <fcntl.h>
#include <unistd.h>
int main(void)
{
	char buf[64];
	int fd = open("/etc/hostname", O_RDONLY);

	if (fd >= 0) {
		read(fd, buf, sizeof(buf));
		close(fd);
	}
	write(1, "about to crash\n", 15);
	*(volatile int *)0 = 1;
	return 0;
}
C
gcc -O0 -o crash crash.c || fail "cannot build the crash program"
ulimit -c 0
"$TLR" -q -o segv.tlz -- ./crash > out.txt 2>&1
rc=$?
[ $rc = 139 ] || fail "tl-record should exit 128+SIGSEGV, got $rc"

"$ANA" exec-tree --json segv.tlz > tree.json
check "killed by SIGSEGV" '.roots[0].end == "killed" and .roots[0].signal == "SIGSEGV"' tree.json
"$ANA" last -n 4 --json segv.tlz > last.json
check "last call is the write" '.processes[0].signal == "SIGSEGV" and
	.processes[0].calls[-1].syscall == "write" and .processes[0].calls[-1].ret == 15
	and (.processes[0].calls[-1].call | contains("about to crash"))' last.json
check "close before it" '.processes[0].calls | map(.syscall) | index("close") != null' last.json
"$ANA" last -n 4 segv.tlz > last.txt
has "text header" "^[0-9]+ crash: killed by SIGSEGV at [0-9:.]+ \(last 4 of [0-9]+ syscalls\)$" last.txt

# SIGKILL inside a syscall: wait (polling a condition) until sleep is in
# clock_nanosleep (230) or nanosleep (35), then kill it
"$TLR" -q -o kill.tlz -- sh -c 'sleep 1000 & p=$!
	n=0; until grep -Eqs "^(230|35) " /proc/$p/syscall; do n=$((n+1)); [ $n -lt 2000 ] || exit 9; sleep 0.01; done
	kill -9 $p; wait $p; exit 0' > out2.txt 2>&1 || fail "the killing script failed"
"$ANA" last -n 2 --json kill.tlz > kill.json
# the kernel ends the interrupted call (ERESTART_RESTARTBLOCK) before the
# signal kills the task; a recorder that missed that exit shows "= ?"
check "sleep killed by SIGKILL inside its sleep" '.processes | any(.comm == "sleep" and .signal == "SIGKILL"
	and (.calls[-1].syscall | test("nanosleep")) and
	(.calls[-1].noreturn or (.calls[-1].errno // "" | startswith("ERESTART"))))' kill.json
"$ANA" last -n 1 --comm sleep kill.tlz > kill.txt
has "restart code shown as strace does" "nanosleep\(.*\) = \? ERESTART" kill.txt
echo "ok: segv"
