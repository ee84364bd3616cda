#!/bin/bash
# SPDX-License-Identifier: MIT
# Every example query of docs/sqlite-schema.md, run by sqlite3 on the story
# database: they must all work, and their answers are the golden.
. "$TL_TOP/tests/cli/tl-convert/conv2.inc" sqlite3
tl-convert -f sqlite -o t.db story.tlz || fail "tl-convert exit $?"
# the ```sql block of the "Example queries" section, one query per
# statement (comments kept: they name the question)
sed -n '/^## Example queries/,/^## /p' "$TL_TOP/docs/sqlite-schema.md" |
	sed -n '/^```sql$/,/^```$/p' | grep -v '^```' >queries.sql
n=$(grep -c ';$' queries.sql)
[ "$n" -ge 10 ] || fail "only $n queries found in docs/sqlite-schema.md"
{ echo '.headers on'; echo '.nullvalue NULL'; echo '.echo on'; cat queries.sql; } |
	sqlite3 -batch -bail t.db || fail "a documented query failed"
