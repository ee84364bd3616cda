// SPDX-License-Identifier: MIT
// Feeds each line of stdin to the b3-strace-parser library (npm) and
// prints one line per input line: "1 <json>" when b3 accepts it, "0" when
// it rejects it. Used by tests/e2e/strace_parser.sh.
// Usage: node b3-classify.js B3_PACKAGE_DIR < trace.txt
'use strict';
const path = require('path');
const readline = require('readline');
const parser = require(path.join(process.argv[2], 'lib', 'parser.js'));

parser.initialize({ trace: false });
const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on('line', (line) => {
  let r = null;
  try {
    r = parser.parseLine(line);
  } catch (e) {
    r = null;
  }
  console.log(r ? '1 ' + JSON.stringify(r) : '0');
});
