#!/bin/bash
# SPDX-License-Identifier: MIT
# Questions answered with jq over the JSON lines: failed calls, the exec'd
# argv, lost records, calls that never returned, byte-exact buffers.
. "$TL_TOP/tests/cli/tl-convert/conv2.inc" jq
tl-convert -f json story.tlz >out.jsonl || fail "tl-convert exit $?"
echo "# types"
jq -r .type out.jsonl | sort | uniq -c
echo "# failed calls"
jq -r 'select(.type == "syscall" and .errno != null) |
	"\(.pid) \(.syscall) \(.args.filename // .args.uservaddr // "") \(.ret) \(.errno)"' \
	out.jsonl
echo "# exec"
jq -c 'select(.type == "exec") | [.pid, .filename, .argv]' out.jsonl
echo "# exits"
jq -c 'select(.type == "exit") | [.pid, .code, .signal, .core_dumped]' out.jsonl
echo "# never returned"
jq -c 'select(.noreturn or .in_flight) | [.pid, .syscall, .ret, .noreturn, .in_flight]' out.jsonl
echo "# lost"
jq -c 'select(.type == "lost") | [.cpu, .kind, .count]' out.jsonl
echo "# the binary read buffer, byte by byte (U+00XX for invalid UTF-8)"
jq -r 'select(.syscall == "read" and .ret == 832) | .args.buf | explode | map(tostring) | join(" ")' out.jsonl
echo "# i386 calls"
jq -c 'select(.abi == "i386") | [.syscall, .nr, .args.filename // .args.buf]' out.jsonl
echo "# times: rel_ns of the first object, durations"
jq -s -c '[.[] | select(.type == "syscall")][0] | [.rel_ns, .dur_ns]' out.jsonl
jq -s -c 'map(select(.type == "syscall" and .dur_ns != null) | .dur_ns) | add' out.jsonl
echo "# symbolic flags (argstr): files opened to be created, and every flag name with its raw value"
jq -r 'select(.argstr.flags // "" | split("|") | index("O_CREAT")) |
	"\(.pid) \(.syscall) \(.args.filename) \(.argstr.flags) \(.argstr.mode) raw=\(.args.flags)"' out.jsonl
jq -r 'select(.type == "syscall" and .argstr != null) | .argstr | to_entries[] |
	"\(.key)=\(.value)"' out.jsonl | sort | uniq -c
echo "# argstr is null exactly when args is"
jq -c 'select(.type == "syscall" and ((.args == null) != (.argstr == null)))' out.jsonl
