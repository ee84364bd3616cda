#!/bin/bash
# SPDX-License-Identifier: MIT
# A connect to a closed port: net shows the address and ECONNREFUSED,
# errors groups it, last shows it as the client's last call but one.
. "$(dirname "$0")/analyze_lib.bash"
command -v python3 >/dev/null || fail "python3 missing"

# a port nothing listens on: bind an ephemeral one, note it, close it
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$TLR" -q -o net.tlz -- bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" > out.txt 2>&1 \
	&& fail "the connect should fail"
"$ANA" net --json net.tlz > net.json
check "refused connect to 127.0.0.1:$port" ".rows | any(.op == \"connect\" and .proto == \"tcp\"
	and .address == \"127.0.0.1:$port\" and .errno == \"ECONNREFUSED\" and .message == \"Connection refused\")" net.json
"$ANA" net net.tlz > net.txt
has "text row" " tcp +connect +1 +ECONNREFUSED \(Connection refused\) +0 +0 +127\.0\.0\.1:$port$" net.txt
"$ANA" errors --json net.tlz > err.json
check "errors group" '.rows | any(.syscall == "connect" and .errno == "ECONNREFUSED" and
	(.examples[0].call | contains("127.0.0.1")))' err.json
echo "ok: refused"
