#!/bin/bash
# SPDX-License-Identifier: MIT
# tl-record daemon and tl-record ctl: --help (synopsis, options, exit
# status, examples) and usage errors (one line, a hint, exit status 2;
# found before anything is loaded or connected: no root, no daemon needed).
tl-record daemon --help; echo "rc=$?"
tl-record ctl --help; echo "rc=$?"
tl-record daemon --version | sed 's/ [0-9][0-9.]*$/ VERSION/'; echo "rc=$?"
tl-record daemon --frobnicate; echo "rc=$?"
tl-record daemon --buffer-size 1K; echo "rc=$?"
tl-record daemon --format-version 1; echo "rc=$?"
tl-record daemon --watch; echo "rc=$?"
tl-record daemon extra; echo "rc=$?"
tl-record ctl; echo "rc=$?"
tl-record ctl frobnicate; echo "rc=$?"
tl-record ctl add onlyname; echo "rc=$?"
tl-record ctl dump web; echo "rc=$?"
tl-record ctl add-current-cgroup; echo "rc=$?"
tl-record ctl --frobnicate list; echo "rc=$?"
tl-record ctl --socket /nonexistent/tl.sock list; echo "rc=$?"
