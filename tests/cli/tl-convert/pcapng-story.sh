#!/bin/bash
# SPDX-License-Identifier: MIT
# The story trace as pcapng, read back by tshark 4.0: every event is
# listed, with no "cut short" or "damaged" complaint, and the syscall,
# thread, paths and arguments are where Wireshark users look for them.
. "$TL_TOP/tests/cli/tl-convert/conv2.inc" tshark
tl-convert -f pcapng -o t.pcapng story.tlz || fail "tl-convert exit $?"
echo "# tshark -r"
tshark_r t.pcapng
echo "# fields"
tshark_r t.pcapng -T fields -E separator='|' -e frame.number \
	-e frame.time_epoch -e sysdig.cpu_id -e sysdig.thread_id \
	-e sysdig.event_type -e sysdig.nparams -e sysdig.param.openat2.fd \
	-e sysdig.param.openat2.dirfd -e sysdig.param.infra.name \
	-e sysdig.param.chmod.filename -e sysdig.param.execve.exe \
	-e sysdig.param.execve.args -e sysdig.param.syscall.nativeID \
	-e sysdig.param.drop.ratio
# the same bytes through a pipe
tl-convert -f pcapng story.tlz | cmp - t.pcapng || fail "pipe output differs"
