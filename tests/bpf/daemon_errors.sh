#!/bin/bash
# SPDX-License-Identifier: MIT
# tl-record daemon refuses what it must, with a proper HTTP status and a
# one-line "error: " body (never 200): path traversal and paths outside
# the cgroup2 mount, missing and unknown arguments, bad names, conflicts,
# wrong methods, unknown endpoints, malformed HTTP; other users cannot
# connect. It keeps serving afterwards.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/daemon_lib.bash"

cg_dir "tlzd-err-$$"
mkdir "$D/a" || fail "mkdir"
start_daemon

# paths: traversal out of the mount, outside paths, files, missing
up=/../../../../../../../../../..
expect_status 400 POST "/add?name=t&cgroup=$up/etc"
expect "$T/body" "not inside the cgroup2 mount" "traversal refused as outside"
expect_status 400 POST "/add?name=t&cgroup=/tlzd-err-$$/a$up/etc"
expect_status 400 POST "/add?name=t&cgroup=$CG$up/etc"
expect_status 400 POST "/add?name=t&cgroup=%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2Fetc"
ln -s /etc "$T/link" && expect_status 404 POST "/add?name=t&cgroup=$T/link"
expect_status 400 POST "/add?name=t&cgroup=/tlzd-err-$$/a/cgroup.procs"
expect "$T/body" "not a cgroup directory"
expect_status 404 POST "/add?name=t&cgroup=/tlzd-err-$$/nosuch"
expect_status 400 POST "/add?name=t&cgroup=/tlzd-err-$$/a%00/../x"
# arguments
expect_status 400 POST "/add?name=t"
expect_status 400 POST "/add?name=t&cgroup="
expect_status 400 POST "/add?name=t&cgroup=/tlzd-err-$$/a&cgrouppath=/x"
expect "$T/body" "unknown argument 'cgrouppath'"
expect_status 400 POST "/add?name=t&name=u&cgroup=/tlzd-err-$$/a"
expect_status 400 POST "/add?name&cgroup=/tlzd-err-$$/a"
expect_status 400 POST "/add?name=a%20b&cgroup=/tlzd-err-$$/a"
expect_status 400 POST "/add?name=12345&cgroup=/tlzd-err-$$/a"
expect_status 400 POST "/add?name=$(printf 'x%.0s' $(seq 200))&cgroup=/tlzd-err-$$/a"
expect_status 400 POST "/add?name=t&cgroup=/tlzd-err-$$/a&kind=nonsense"
expect_status 400 POST "/add?name=t&cgroup=/tlzd-err-$$/a&label=novalue"
expect_status 400 POST "/add?name=t&cgroup=/tlzd-err-$$/a&label=bad%20key=v"
expect_status 400 POST "/add?name=t&cgroup=/tlzd-err-$$/a&label=k=line%0Abreak"
expect_status 400 POST "/add?name=t&cgroup=/tlzd-err-$$/a&label=a=1&label=b"
expect_status 400 GET "/list?format=xml"
expect_status 400 GET "/dump"
expect_status 400 GET "/dump?name=t&id=1"
expect_status 400 GET "/dump?id=abc"
expect_status 400 GET "/dump?id=-1"
expect_status 404 GET "/dump?id=99"
expect_status 404 POST "/close?name=nosuch"
# conflicts
expect_status 200 POST "/add?name=t&cgroup=/tlzd-err-$$/a&label=team=db&kind=container"
expect_status 409 POST "/add?name=t&cgroup=/tlzd-err-$$"
expect_status 409 POST "/add?name=other&cgroup=/tlzd-err-$$/a"
expect "$T/body" "already traced as trace 1 't'"
# methods and endpoints
expect_status 405 GET "/add?name=u&cgroup=/tlzd-err-$$/a" -D "$T/hdr"
grep -qi '^allow: POST' "$T/hdr" || fail "405 without Allow"
expect_status 405 POST /list
expect_status 405 DELETE "/close?name=t"
expect_status 404 GET /nosuch
expect_status 404 GET "/../../etc/passwd" --path-as-is
expect_status 200 GET /
# malformed HTTP: a bad request line, a bad header, a huge header
code=$(curl -s --unix-socket "$SOCK" -o /dev/null -w '%{http_code}' -X 'GE T' http://localhost/list)
[ "$code" -ge 400 ] && [ "$code" -lt 500 ] || fail "bad request line: HTTP $code"
RAW=$PROG/daemon_raw
[ -x "$RAW" ] || fail "$RAW not built"
# raw_status REQUEST (printf format): the status code answered, or none
raw_status() {
	# shellcheck disable=SC2059
	printf "$1" | "$RAW" "$SOCK" | head -n 1 | sed -n 's/^HTTP\/1\.[01] \([0-9][0-9][0-9]\) .*/\1/p'
}
for req in 'GET /list HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n' \
	   'GET /list HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n' \
	   'GET /list HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx' \
	   'GET /li st HTTP/1.1\r\nHost: x\r\n\r\n'; do
	code=$(raw_status "$req")
	case $code in 4??) ;; *) fail "malformed request answered '${code:-nothing}': $req" ;; esac
done
# not HTTP at all: closed without an answer, or refused; never served
code=$(raw_status 'GARBAGE\r\n\r\n')
case $code in ''|4??|5??) ;; *) fail "garbage answered $code" ;; esac
code=$(raw_status 'GET /list HTTP/9.9\r\nHost: x\r\n\r\n')
case $code in 4??|505) ;; *) fail "HTTP/9.9 answered '${code:-nothing}'" ;; esac
big=$(head -c 100000 /dev/zero | tr '\0' a)
code=$(curl -s --unix-socket "$SOCK" -o /dev/null -w '%{http_code}' -H "X-Big: $big" http://localhost/list)
[ "$code" -ge 400 ] && [ "$code" -lt 500 ] || fail "100 kB header: HTTP $code"
code=$(curl -s --unix-socket "$SOCK" -o /dev/null -w '%{http_code}' --http1.0 http://localhost/status)
[ "$code" = 200 ] || fail "HTTP/1.0 client: $code"
# a body is read and ignored; a large one is refused
code=$(curl -s --unix-socket "$SOCK" -o /dev/null -w '%{http_code}' -X POST --data 'x=1' "http://localhost/close?id=99")
[ "$code" = 404 ] || fail "POST with a body: HTTP $code"
# another user cannot even connect (socket mode 0600)
if setpriv --reuid=65534 --regid=65534 --clear-groups curl -s --unix-socket "$SOCK" http://localhost/status >/dev/null 2>&1; then
	fail "uid 65534 could talk to the daemon"
fi

# still serving, nothing changed but trace 1
expect_status 200 GET "/status?format=json"
jq -e '.traces == 1' "$T/body" >/dev/null || { cat "$T/body"; fail "traces after errors"; }
expect_status 200 GET "/list?format=json"
jq -e '.[0].kind == "container" and .[0].labels.team == "db"' "$T/body" >/dev/null || { cat "$T/body"; fail "kind and label"; }
stop_daemon
[ "$DRC" = 0 ] || fail "daemon exit status $DRC"
echo "ok: refusals with 4xx, daemon unharmed"
