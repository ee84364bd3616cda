# SPDX-License-Identifier: MIT
# Normalises `strace -f -o` text (strace's or tl-convert's) for the
# differential test: joins "<unfinished ...>" / "<... NAME resumed>"
# pairs, drops signal lines, and prints one line per call or exit:
#   PID <tab> NAME <tab> RESULT <tab> PATH
# RESULT is the value, "-1 ENAME", "? ENAME" or "?"; PATH is the first
# quoted argument of syscalls that take a path (empty otherwise).
# Variables: first=PID (skip that pid's lines before its first execve,
# which strace does not show), pids="p1 p2 ..." (keep only those).
BEGIN {
	split("open openat openat2 creat access faccessat faccessat2 stat lstat newfstatat statx execve execveat readlink readlinkat unlink unlinkat mkdir mkdirat rmdir chdir chmod fchmodat chown lchown fchownat truncate rename renameat renameat2 link linkat symlink symlinkat utimensat mknod mknodat statfs getxattr lgetxattr setxattr", f, " ")
	for (i in f) pathcall[f[i]] = 1
	np = split(pids, p, " ")
	for (i = 1; i <= np; i++) keep[p[i]] = 1
}
function emit(pid, text,    name, ret, k, j, rest, path, q, c) {
	if (np && !(pid in keep)) return
	if (text ~ /^\+\+\+ /) { print pid "\t+++\t" text "\t"; return }
	name = text; sub(/\(.*/, "", name)
	if (pid == first && !(pid in started)) {
		if (name != "execve") return
		started[pid] = 1
	}
	sub(/ <[0-9]+\.[0-9]+>$/, "", text)
	# the value after the last " = "
	k = 0
	for (j = index(text, " = "); j; j = index(substr(text, k + 1), " = ")) k += j
	ret = k ? substr(text, k + 3) : "(none)"
	if (ret ~ /^(-1|\?) [A-Z]/) { split(ret, r, " "); ret = r[1] " " r[2] }
	else sub(/ .*/, "", ret)
	path = ""
	if (name in pathcall && (q = index(text, "\""))) {
		rest = substr(text, q + 1)
		for (j = 1; j <= length(rest); j++) {
			c = substr(rest, j, 1)
			if (c == "\\") { j++; continue }
			if (c == "\"") break
		}
		path = substr(rest, 1, j - 1)
	}
	print pid "\t" name "\t" ret "\t" path
}
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
	emit(pid, rest)
}
