#!/bin/bash
# SPDX-License-Identifier: MIT
# -o rules: an existing tlz database is replaced, an empty file is used,
# anything else is refused and left untouched; -o is required; several
# inputs go into one database.
. "$TL_TOP/tests/cli/tl-convert/conv2.inc" sqlite3
"$TL_BUILD/tests/mkevents" -n 50 bulk.tlz || fail "mkevents -n"

echo "# missing -o"
tl-convert -f sqlite story.tlz 2>err; echo "exit $?"
grep -q "needs -o FILE" err || fail "message"

echo "# a text file is refused and kept"
echo "my notes" >notes.txt
tl-convert -f sqlite -o notes.txt story.tlz 2>err; echo "exit $?"
grep -q "'notes.txt': exists and is not a tlz database" err || fail "message"
# exactly one line, an error (not a warning) naming the file
cat err
[ "$(wc -l <err)" = 1 ] || fail "$(wc -l <err) error lines"
cat notes.txt

echo "# another program's database is refused"
sqlite3 other.db 'CREATE TABLE x(a); INSERT INTO x VALUES (42);'
tl-convert -f sqlite -o other.db story.tlz 2>err; echo "exit $?"
grep -q "'other.db': exists and is not a tlz database" err || fail "message"
[ "$(wc -l <err)" = 1 ] || fail "$(wc -l <err) error lines"
sqlite3 other.db 'SELECT a FROM x'

echo "# a new file gets the usual mode (umask 022)"
umask 022
tl-convert -f sqlite -o new.db story.tlz; echo "exit $?"
stat -c %a new.db

echo "# an empty file is used"
: >empty.db
tl-convert -f sqlite -o empty.db story.tlz; echo "exit $?"
sqlite3 empty.db 'SELECT count(*) FROM syscalls'

echo "# a tlz database is replaced, not appended to"
tl-convert -f sqlite -o t.db story.tlz; echo "exit $?"
tl-convert -f sqlite -o t.db bulk.tlz; echo "exit $?"
sqlite3 t.db 'SELECT count(*) FROM files; SELECT count(*) FROM syscalls'

echo "# two inputs, one database"
tl-convert -f sqlite -o two.db story.tlz bulk.tlz; echo "exit $?"
sqlite3 two.db "SELECT f.name, t.name, count(s.id) FROM files f
	JOIN traces t ON t.file_id = f.id LEFT JOIN syscalls s ON s.trace = t.id
	GROUP BY t.id ORDER BY t.id"
echo "# a missing directory"
tl-convert -f sqlite -o nodir/x.db story.tlz 2>err; echo "exit $?"
grep -q "'nodir/x.db': cannot create a temporary file" err || fail "message"
cat err
[ "$(wc -l <err)" = 1 ] || fail "$(wc -l <err) error lines"
echo "# no temporary file left behind"
for f in *tmp*; do [ -e "$f" ] && echo "$f"; done
echo "end"
