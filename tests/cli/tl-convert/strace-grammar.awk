# SPDX-License-Identifier: MIT
# A strict checker of `strace -f -o` lines, written from the rules in
# shared/reference/strace.md §1: pid column ("%-5u "), optional -t/-tt/
# -ttt/-r stamp, then a call (whole, unfinished or resumed) with "=" at
# column 40 or one space after a longer call, an exit line, or a
# "--- ... ---" event line. Prints every line that breaks a rule and a
# summary "N lines, M bad". Variables: ts=none|t|tt|ttt|r, dur=0|1.
function bad(why) { nbad++; print "bad (" why "): " $0 }
BEGIN { nbad = 0; n = 0 }
{
	n++
	line = $0
	# pid column: digits, padded with spaces to 5, then one space
	if (!match(line, /^[0-9]+/)) { bad("pid"); next }
	pidw = RLENGTH < 5 ? 6 : RLENGTH + 1
	if (substr(line, RLENGTH + 1, pidw - RLENGTH) !~ /^ +$/) { bad("pid column"); next }
	if (substr(line, pidw + 1, 1) == " " && ts != "r") { bad("pid column"); next }
	rest = substr(line, pidw + 1)
	col = pidw
	stamp = ""
	if (ts == "t") stamp = "^[0-9][0-9]:[0-9][0-9]:[0-9][0-9] "
	if (ts == "tt") stamp = "^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\\.[0-9][0-9][0-9][0-9][0-9][0-9] "
	if (ts == "ttt") stamp = "^[0-9]+\\.[0-9][0-9][0-9][0-9][0-9][0-9] "
	if (ts == "r") stamp = "^ *[0-9]+\\.[0-9][0-9][0-9][0-9][0-9][0-9] "
	if (stamp != "") {
		if (!match(rest, stamp)) { bad("timestamp"); next }
		if (ts == "r" && RLENGTH < 14) { bad("-r width"); next }
		rest = substr(rest, RLENGTH + 1)
		col += RLENGTH
	}
	if (rest ~ /^\+\+\+ (exited with [0-9]+|killed by SIG[A-Z0-9_]+( \(core dumped\))?) \+\+\+$/) next
	if (rest ~ /^--- .* ---$/) next
	if (rest ~ /^[a-z_][a-z0-9_]*\(.* <unfinished \.\.\.>$/) next
	if (rest ~ /^[a-z_][a-z0-9_]*\(.* <detached \.\.\.>$/) next
	if (rest !~ /^([a-z_][a-z0-9_]*\(|<\.\.\. [a-z_][a-z0-9_]* resumed>)/) { bad("call"); next }
	# the return part: last " = " followed by a value
	tail = rest
	if (dur && !sub(/ <[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]>$/, "", tail) && tail !~ / = \?$/) { bad("-T"); next }
	if (!match(tail, /\) += (-?[0-9]+|0x[0-9a-f]+|\?)( [A-Z][A-Z0-9_]* \([^)]*\))?( \(.*\))?$/)) { bad("return value"); next }
	# "=" at column 40, or one space after a call ending past it
	eq = col + RSTART + 1
	while (substr(line, eq, 1) == " ") eq++
	if (eq - 1 < 40) { bad("alignment " eq - 1); next }
	if (eq - 1 > 40 && substr(line, eq - 2, 2) != ") ") { bad("spacing"); next }
}
END { print n " lines, " nbad " bad" }
