# SPDX-License-Identifier: MIT
# Joins `strace -f -o` lines for a whole-text comparison: an unfinished
# line and its resumed part become one call, the alignment before " = "
# is reduced to one space, signal lines are dropped. Prints "PID<tab>CALL".
# Variables: first=PID (skip that pid's lines before its first execve).
{
	line = $0
	if (!match(line, /^[0-9]+ +/)) next
	pid = substr(line, 1, RLENGTH); sub(/ +$/, "", pid)
	rest = substr(line, RLENGTH + 1)
	if (rest ~ /^--- /) next
	if (rest ~ /^<\.\.\. [a-z0-9_]+ resumed>/) {
		sub(/^<\.\.\. [a-z0-9_]+ resumed>/, "", rest)
		rest = pending[pid] rest
		delete pending[pid]
	}
	if (rest ~ / <unfinished \.\.\.>$/) {
		sub(/ <unfinished \.\.\.>$/, "", rest)
		pending[pid] = rest
		next
	}
	if (rest ~ / <detached \.\.\.>$/) next
	if (pid == first && !(pid in started)) {
		if (rest !~ /^execve\(/) next
		started[pid] = 1
	}
	sub(/\) +=/, ") =", rest)
	print pid "\t" rest
}
