#!/bin/bash
# SPDX-License-Identifier: MIT
# The recorded samples as pcapng, read back by tshark 4.0 with no
# complaint: event types per file, the paths openat and execve show, and
# the process exits.
. "$TL_TOP/tests/cli/tl-convert/conv2.inc" tshark
. "$TL_TOP/tests/cli/tl-convert/samples.inc"
for s in story1-bc-file multiprocess story2-ls-grep-wget; do
	tl-convert -f pcapng -o $s.pcapng $s.tlz || fail "$s: exit $?"
	echo "# $s: frames by event type"
	tshark_r $s.pcapng -T fields -e sysdig.event_type | sort -n | uniq -c
done
echo "# story1: every frame"
tshark_r story1-bc-file.pcapng
echo "# multiprocess: paths and programs"
tshark_r multiprocess.pcapng -Y 'sysdig.event_type == 102 || sysdig.event_type == 292 || sysdig.event_type == 293' \
	-T fields -E separator='|' -e sysdig.thread_id -e sysdig.event_type \
	-e sysdig.param.infra.name -e sysdig.param.chmod.filename \
	-e sysdig.param.execve.exe -e sysdig.param.execve.args
echo "# multiprocess: process exits"
tshark_r multiprocess.pcapng -Y 'sysdig.event_type == 186' -V -O sysdig |
	grep -E 'Thread ID|sig:|ret:'
