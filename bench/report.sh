#!/bin/bash
# SPDX-License-Identifier: MIT
# report.sh - turns one bench/run.sh campaign (results.tsv, meta.txt,
# commands.log in $BENCH_OUT) into docs/PERFORMANCE.md and the chart
# docs/performance.svg. Plain awk (mawk is enough): no python needed.
#
# Every figure is the median over the campaign's rounds with its min and
# max; ratios to the baseline are medians of per-round paired ratios (the
# variant's run divided by the baseline run of the same round and mode).
# bench/analysis.md, when present, is appended as the hand-written reading
# of the campaign it names.
#
# Usage: bench/report.sh   (BENCH_OUT, BENCH_DOC, BENCH_SVG as in run.sh)
set -u
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd)
B=${TL_BUILD:-$top/build}
OUT=${BENCH_OUT:-$B/bench-run}
DOC=${BENCH_DOC:-$top/docs/PERFORMANCE.md}
SVG=${BENCH_SVG:-$top/docs/performance.svg}
NOTES=${BENCH_NOTES:-$top/bench/analysis.md}

for f in results.tsv meta.txt commands.log; do
	[ -f "$OUT/$f" ] || { echo "report: '$OUT/$f' is missing: run bench/run.sh first" >&2; exit 1; }
done
[ -s "$OUT/results.tsv" ] || { echo "report: '$OUT/results.tsv' is empty" >&2; exit 1; }
mkdir -p "$(dirname "$DOC")" "$(dirname "$SVG")"
[ -f "$NOTES" ] || NOTES=/dev/null

# the commands in section order, then by variant and mode; paths shortened
awk -F'\t' -v OFS='\t' '{
	r = index("overhead untraced size decode dump profile", $1)
	print r, $0
}' "$OUT/commands.log" | sort -s -t"$(printf '\t')" -k1,1n -k3,3 -k4,4 | cut -f2- |
	sed -e "s|$OUT/|\$OUT/|g" -e "s|$top/||g" >"$OUT/commands.sorted"

awk -F'\t' -v svgfile="$SVG" -v svgname="$(basename "$SVG")" -v notes="$NOTES" '
# ------------------------------------------------------------ helpers
function isort(a, n,    i, j, t) {
	for (i = 2; i <= n; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
}
# stats("v1 v2 ..."): sets MED MIN MAX CNT; CNT 0 for an empty list
function stats(s,    a, n) {
	n = split(s, a, " ")
	CNT = n
	if (n == 0) { MED = MIN = MAX = ""; return 0 }
	isort(a, n)
	MIN = a[1]; MAX = a[n]
	MED = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	return n
}
function add(key, v) { L[key] = (key in L) ? L[key] " " v : v }
function kv(s, k,    a, n, i, p) {
	n = split(s, a, " ")
	for (i = 1; i <= n; i++) {
		p = index(a[i], "=")
		if (p && substr(a[i], 1, p - 1) == k)
			return substr(a[i], p + 1)
	}
	return ""
}
function fx(v) { return sprintf("%.2fx", v) }
function fn(v) { return sprintf("%.0f", v) }
function f1(v) { return sprintf("%.1f", v) }
function human(b) {
	if (b >= 1048576) return sprintf("%.1f MiB", b / 1048576)
	if (b >= 1024) return sprintf("%.0f KiB", b / 1024)
	return b " B"
}
function rate(v) {
	if (v >= 1e6) return sprintf("%.2f M/s", v / 1e6)
	return sprintf("%.0f k/s", v / 1e3)
}
# "med (min–max)" of a list, formatted by kind: x ratio, n integer, 1 one decimal
# (cells of fewer runs than the campaign had rounds say how many: [n=3])
function cell(key, kind,    c) {
	if (!stats(L[key])) return "–"
	c = (CNT < rounds_n) ? " [n=" CNT "]" : ""
	if (kind == "x") return fx(MED) " (" sprintf("%.2f", MIN) "–" sprintf("%.2f", MAX) ")" c
	if (kind == "1") return f1(MED) " (" f1(MIN) "–" f1(MAX) ")" c
	if (kind == "ms") return sprintf("%.0f", MED / 1e6) " ms (" sprintf("%.0f", MIN / 1e6) "–" sprintf("%.0f", MAX / 1e6) ")" c
	return fn(MED) " (" fn(MIN) "–" fn(MAX) ")" c
}
function med(key) { return stats(L[key]) ? MED : "" }
function p(s) { print s > doc }

# ------------------------------------------------------------- input
FILENAME ~ /meta.txt$/ { meta[$1] = $2; next }
FILENAME ~ /commands.sorted$/ {
	k = $1 SUBSEP $2 SUBSEP $3
	if (!(k in cmd)) { cmd[k] = $4; ncmd++; cmdorder[ncmd] = k }
	next
}
{
	s = $1; r = $2; v = $3; m = $4; x = $5
	if (s == "overhead" || s == "untraced") {
		ns[s, v, m, r] = kv(x, "ns_per_op") + 0
		cpu[s, v, m, r] = kv(x, "cpu_ns_per_op") + 0
		if (kv(x, "syscalls") + 0 > 0)
			spo[m] = (kv(x, "syscalls") + 0) / (kv(x, "n") + 0)
		rounds[s, v, m] = (s SUBSEP v SUBSEP m in rounds) ? rounds[s, v, m] " " r : r
		add(s SUBSEP v SUBSEP m SUBSEP "ns", ns[s, v, m, r])
		if (cpu[s, v, m, r] > 0)
			add(s SUBSEP v SUBSEP m SUBSEP "cpu", cpu[s, v, m, r])
		have[s, v] = 1
	} else if (s == "size") {
		sz[v, m, r] = kv(x, "bytes") + 0
		sc[v, m, r] = kv(x, "syscalls") + 0
		add("size" SUBSEP v SUBSEP m SUBSEP "bytes", sz[v, m, r])
		add("size" SUBSEP v SUBSEP m SUBSEP "sc", sc[v, m, r])
		add("size" SUBSEP v SUBSEP m SUBSEP "lost", kv(x, "lost") + 0)
		sizerounds[v, m] = (v SUBSEP m in sizerounds) ? sizerounds[v, m] " " r : r
		have["size", v] = 1
	} else if (s == "decode") {
		if (m == "info") {
			dsc[v] = kv(x, "syscalls") + 0
			dbytes[v] = kv(x, "bytes") + 0
			dlost[v] = kv(x, "lost")
		} else {
			add("dec" SUBSEP v SUBSEP m SUBSEP "wall", kv(x, "wall_ns") + 0)
			add("dec" SUBSEP v SUBSEP m SUBSEP "rss", kv(x, "maxrss_kb") + 0)
			drun[v, m, r] = kv(x, "wall_ns") + 0
			have["decode", v, m] = 1
		}
	} else if (s == "dump") {
		add("dump" SUBSEP m, kv(x, "ms") + 0)
		dhow[m] = kv(x, "how"); dblocks[m] = kv(x, "blocks"); dcpus[m] = kv(x, "cpus")
		add("dumpbytes" SUBSEP m, kv(x, "bytes") + 0)
		have["dump", m] = 1
	} else if (s == "profile") {
		prof[v, m] = x
	}
}

# paired ratios of section s, variant v, mode m to that section\047s base
function pair(s, v, m, what,    a, n, i, r, key, b) {
	key = s SUBSEP v SUBSEP m SUBSEP "r" what
	if (key in L) return key
	L[key] = ""
	n = split(rounds[s, v, m], a, " ")
	for (i = 1; i <= n; i++) {
		r = a[i]
		if (what == "cpu") {
			b = cpu[s, "base", m, r]
			if (b > 0 && cpu[s, v, m, r] > 0) add(key, cpu[s, v, m, r] / b)
		} else {
			b = ns[s, "base", m, r]
			if (b > 0) add(key, ns[s, v, m, r] / b)
		}
	}
	return key
}

function overhead_table(s, vars, nv, modes, nm, what, kind,    i, j, line, key, hdr) {
	hdr = "| variant |"
	for (j = 1; j <= nm; j++) hdr = hdr " " mlabel[modes[j]] " |"
	p(hdr)
	line = "|---|"
	for (j = 1; j <= nm; j++) line = line "---|"
	p(line)
	for (i = 1; i <= nv; i++) {
		if (!have[s, vars[i]]) continue
		line = "| " vlabel[vars[i]] " |"
		for (j = 1; j <= nm; j++) {
			if (kind == "ratio") {
				if (vars[i] == "base") line = line " 1.00x |"
				else line = line " " cell(pair(s, vars[i], modes[j], what), "x") " |"
			} else if (kind == "added") {
				key = s SUBSEP vars[i] SUBSEP modes[j] SUBSEP what
				if (vars[i] == "base" || modes[j] == "tar" || med(key) == "" || med(s SUBSEP "base" SUBSEP modes[j] SUBSEP what) == "")
					line = line " – |"
				else
					line = line " " sprintf("%+.0f", (med(key) - med(s SUBSEP "base" SUBSEP modes[j] SUBSEP what)) / spo[modes[j]]) " |"
			} else {
				key = s SUBSEP vars[i] SUBSEP modes[j] SUBSEP what
				line = line " " cell(key, modes[j] == "tar" ? "ms" : "n") " |"
			}
		}
		p(line)
	}
	p("")
}

# worst (largest) median paired ratio of section s, variant v over the
# four loop modes; sets WORSTM
function worst(s, v, what,    j, w, x) {
	w = ""; WORSTM = ""
	for (j = 1; j <= 4; j++) {
		x = med(pair(s, v, lm[j], what))
		if (x != "" && (w == "" || x > w)) { w = x; WORSTM = lm[j] }
	}
	return w
}

function verdict(ok, missed) { return ok ? "**met**" : "**missed** " missed }

# bytes per recorded syscall of variant v, mode m in round r: the file
# minus the empty file, over the syscalls it holds beyond the empty one
function bps_list(v, m,    a, n, i, r, key, e, es) {
	key = "bps" SUBSEP v SUBSEP m
	if (key in L) return key
	L[key] = ""
	e = med("size" SUBSEP v SUBSEP "empty" SUBSEP "bytes")
	es = med("size" SUBSEP v SUBSEP "empty" SUBSEP "sc")
	if (e == "") { e = 0; es = 0 }
	n = split(sizerounds[v, m], a, " ")
	for (i = 1; i <= n; i++) {
		r = a[i]
		if (sc[v, m, r] > es)
			add(key, (sz[v, m, r] - e) / (sc[v, m, r] - es))
	}
	return key
}

function decfile(t, sz) {
	if (t ~ /^tl-/) return sz == "4m" ? "tl-4m" : "tl-2m"
	if (t ~ /^perf/) return "perf"
	return "trace-cmd"
}
# syscalls per second of tool t on size sz (list key)
function drate(t, sz,    key, a, n, i) {
	key = "drate" SUBSEP t SUBSEP sz
	if (key in L) return key
	L[key] = ""
	n = split(L["dec" SUBSEP t SUBSEP sz SUBSEP "wall"], a, " ")
	for (i = 1; i <= n; i++)
		if (a[i] > 0) add(key, dsc[decfile(t, sz)] / (a[i] / 1e9))
	return key
}

# ------------------------------------------------------------- SVG
function svg_panel(x0, y0, w, h, title, what,    j, i, v, x, y, bw, gw, r, ymax, lmax, yy, t, c, lab) {
	ymax = 1
	for (j = 1; j <= 5; j++) for (i = 1; i <= 5; i++) {
		r = med(pair("overhead", cv[i], am[j], what))
		if (r != "" && r > ymax) ymax = r
	}
	lmax = log(ymax * 1.3) / log(10)
	if (lmax < log(2) / log(10)) lmax = log(2) / log(10)
	printf "<text x=\"%d\" y=\"%d\" font-size=\"15\" font-weight=\"bold\">%s</text>\n", x0, y0 - 12, title > svgfile
	# grid: 1, 1.35 (target), 2, 5, 10, 20, 50, 100
	split("1 1.35 2 5 10 20 50 100", t, " ")
	for (i = 1; i <= 8; i++) {
		if (log(t[i]) / log(10) > lmax) break
		yy = y0 + h - h * (log(t[i]) / log(10)) / lmax
		c = (t[i] == 1.35) ? "#c00" : "#ccc"
		printf "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"%s/>\n", x0, yy, x0 + w, yy, c, (t[i] == 1.35) ? " stroke-dasharray=\"6,4\"" : "" > svgfile
		printf "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"%s\">%sx</text>\n", x0 - 4, yy + 4, (t[i] == 1.35) ? "#c00" : "#444", t[i] > svgfile
	}
	gw = w / 5; bw = (gw - 16) / 5
	for (j = 1; j <= 5; j++) {
		for (i = 1; i <= 5; i++) {
			r = med(pair("overhead", cv[i], am[j], what))
			if (r == "" || r <= 0) continue
			yy = (r > 1) ? h * (log(r) / log(10)) / lmax : 1
			if (yy < 1) yy = 1
			x = x0 + (j - 1) * gw + 8 + (i - 1) * bw
			printf "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %.2fx</title></rect>\n", x, y0 + h - yy, bw - 2, yy, ccol[i], clab[i], am[j], r > svgfile
			printf "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\">%s</text>\n", x + (bw - 2) / 2, y0 + h - yy - 3, (r >= 10) ? sprintf("%.0f", r) : sprintf("%.2f", r) > svgfile
		}
		printf "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>\n", x0 + (j - 0.5) * gw, y0 + h + 16, am[j] > svgfile
	}
	printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n", x0, y0 + h, x0 + w, y0 + h > svgfile
}

END {
	doc = "/dev/stdout"
	split("getppid write openclose readfile tar", am, " ")
	split("getppid write openclose readfile", lm, " ")
	mlabel["getppid"] = "getppid"; mlabel["write"] = "write 64 B"
	mlabel["openclose"] = "open+close (1.5 sc/op)"; mlabel["readfile"] = "pread 4 KiB"
	mlabel["tar"] = "tar to cat (ms)"
	vlabel["base"] = "baseline (nothing attached)"
	vlabel["tlr"] = "tl-record (strings and buffers)"
	vlabel["tlr-nodata"] = "tl-record --no-data"
	vlabel["strace"] = "strace -f -s 256 -o FILE"
	vlabel["perf"] = "perf trace record"
	vlabel["trace-cmd"] = "trace-cmd record -e raw_syscalls, pid filter"
	vlabel["floor-empty"] = "floor: empty programs on tl-record\047s attach points (untraced)"
	vlabel["floor-clock"] = "floor: the same, reading the clock (untraced)"
	vlabel["u-tlr"] = "tl-record --cgroup (another cgroup)"
	vlabel["u-daemon"] = "tl-record daemon, 100 idle traced cgroups"
	vlabel["u-trace-cmd"] = "trace-cmd, pid filter on another process"
	vlabel["tlr-zstd"] = ".tlz zstd (default), data"
	vlabel["tlr-zstd-nodata"] = ".tlz zstd, --no-data"
	vlabel["tlr-zlib"] = ".tlz zlib, data"
	vlabel["tlr-zlib-nodata"] = ".tlz zlib, --no-data"
	vlabel["perf-size"] = "perf.data (perf trace record)"
	vlabel["tc-size"] = "trace.dat (trace-cmd record)"
	split("base tlr tlr-nodata trace-cmd perf strace floor-empty floor-clock", ov, " ")
	split("base u-tlr u-daemon u-trace-cmd", uv, " ")
	split("tlr-zstd tlr-zstd-nodata tlr-zlib tlr-zlib-nodata perf trace-cmd", zv, " ")
	split("tl-convert-strace tl-convert-json tl-convert-sqlite tl-convert-pcapng tl-analyze-summary perf-script perf-trace-i trace-cmd-report", dv, " ")
	split("tlr tlr-nodata trace-cmd perf strace", cv, " ")
	split("#1f77b4 #7fb3e0 #2ca02c #ff7f0e #d62728", ccol, " ")
	split("tl-record|tl-record --no-data|trace-cmd (pid filter)|perf trace record|strace", clab, "|")
	quick = (meta["quick"] == 1)
	rounds_n = meta["rounds"] + 0

	p("# tlz performance")
	p("")
	p("Generated by `make bench` (bench/run.sh, bench/report.sh) from one run on " meta["date"] ".")
	p("Do not edit: rerun `make bench`. Raw results: `results.tsv` in the run directory.")
	p("")
	if (quick) {
		p("> **BENCH_QUICK=1 smoke run**: tiny iteration counts and one round;")
		p("> the figures below check that the harness works and mean nothing.")
		p("")
	}
	p("Every figure is the median of " meta["rounds"] " interleaved runs (rounds in a shuffled order), with")
	p("min and max in brackets. Ratios are medians of per-round paired ratios: each run")
	p("divided by the baseline run of the same round and workload.")
	p("")
	p("- machine: " meta["cpu"] ", " meta["memory"] ", " meta["os"] ", " meta["host_kernel"] "; " meta["hypervisor"])
	p("- load: at the start `" meta["uptime_start"] "`; at the end `" meta["uptime_end"] "`")
	p("- " meta["other_bpf"])
	if ("rerun" in meta) p("- " meta["rerun"])
	p("")

	# ------------------------------------------------ targets
	p("## Summary against the targets of issue 7")
	p("")
	p("| target | measured | verdict |")
	p("|---|---|---|")
	w = worst("overhead", "tlr", "ns"); wm = WORSTM
	wc = worst("overhead", "tlr", "cpu"); wcm = WORSTM
	if (w != "") {
		p("| traced overhead <= 1.35x on every mode (strings and buffers captured) | worst " fx(w) " (" wm ", wall clock); worst " fx(wc) " (" wcm ", thread CPU time) | " verdict(w <= 1.35, "by " sprintf("%.0f%%", (w / 1.35 - 1) * 100) " (wall)") "; " verdict(wc <= 1.35, "by " sprintf("%.0f%%", (wc / 1.35 - 1) * 100) " (CPU)") " |")
		w = worst("overhead", "tlr-nodata", "ns"); wm = WORSTM
		wc = worst("overhead", "tlr-nodata", "cpu"); wcm = WORSTM
		p("| same, --no-data | worst " fx(w) " (" wm ", wall); " fx(wc) " (" wcm ", CPU) | " verdict(w <= 1.35, "by " sprintf("%.0f%%", (w / 1.35 - 1) * 100) " (wall)") "; " verdict(wc <= 1.35, "by " sprintf("%.0f%%", (wc / 1.35 - 1) * 100) " (CPU)") " |")
	}
	split("u-tlr u-daemon", uu, " ")
	for (i = 1; i <= 2; i++) {
		w = worst("untraced", uu[i], "ns"); wm = WORSTM
		wc = worst("untraced", uu[i], "cpu"); wcm = WORSTM
		if (w == "") continue
		p("| untraced processes < 1.2x: " vlabel[uu[i]] " | worst " fx(w) " (" wm ", wall); " fx(wc) " (" wcm ", CPU) | " verdict(w < 1.2, "by " sprintf("%.0f%%", (w / 1.2 - 1) * 100) " (wall)") "; " verdict(wc < 1.2, "by " sprintf("%.0f%%", (wc / 1.2 - 1) * 100) " (CPU)") " |")
	}
	if (have["size", "tlr-zstd-nodata"] && have["size", "trace-cmd"]) {
		okn = 0; tot = 0; wr = ""; wrm = ""
		for (j = 1; j <= 5; j++) {
			a1 = med(bps_list("tlr-zstd-nodata", am[j])); a2 = med(bps_list("trace-cmd", am[j]))
			if (a1 == "" || a2 == "" || a2 <= 0) continue
			tot++
			if (a1 <= a2) okn++
			if (wr == "" || a1 / a2 > wr) { wr = a1 / a2; wrm = am[j] " " f1(a1) " vs " f1(a2) " B" }
		}
		p("| .tlz (zstd) --no-data bytes/syscall <= trace.dat | " okn " of " tot " workloads; worst " fx(wr) " of trace.dat (" wrm ") | " verdict(okn == tot, "in " (tot - okn) " of " tot " workloads, worst by " sprintf("%.0f%%", (wr - 1) * 100)) " |")
		wb = ""; wbm = ""
		for (j = 1; j <= 4; j++) {
			a1 = med(bps_list("tlr-zstd", lm[j]))
			if (a1 != "" && (wb == "" || a1 > wb)) { wb = a1; wbm = lm[j] }
		}
		a1 = med(bps_list("tlr-zstd", "tar"))
		p("| .tlz (zstd) with data <= 8 B/syscall | loops: worst " f1(wb) " B (" wbm "); tar: " (a1 != "" ? f1(a1) " B (256 B of file data captured per read and write)" : "–") " | " verdict(wb <= 8, "by " sprintf("%.0f%%", (wb / 8 - 1) * 100) " on the loops") " |")
	}
	rs = med(drate("tl-convert-strace", "2m"))
	if (rs != "") {
		r1 = med(drate("trace-cmd-report", "2m")); r2 = med(drate("perf-script", "2m"))
		x1 = (r1 > 0) ? rs / r1 : 0; x2 = (r2 > 0) ? rs / r2 : 0
		xm = (x1 < x2) ? x1 : x2
		p("| tl-convert strace text >= 5x faster than trace-cmd report and perf script | " sprintf("%.1fx", x1) " trace-cmd report, " sprintf("%.1fx", x2) " perf script | " verdict(xm >= 5, "by " sprintf("%.0f%%", (1 - xm / 5) * 100)) " |")
		p("| tl-convert strace text > 1 M syscalls/s | " rate(rs) " | " verdict(rs > 1e6, "by " sprintf("%.0f%%", (1 - rs / 1e6) * 100)) " |")
	}
	if (have["dump", "1M"]) {
		d = med("dump" SUBSEP "1M")
		p("| dump of 2 x 1 MiB < 20 ms | " f1(d) " ms" (dhow["1M"] == "exit" ? " (SIGINT to exit: an upper bound, this tl-record prints no dump time)" : "") " | " verdict(d < 20, "by " sprintf("%.0f%%", (d / 20 - 1) * 100)) " |")
	}
	p("")
	p("Wall-clock figures include any time the loop spent waiting for a CPU (see the")
	p("load averages above: a load over the 2 CPUs means other work ran meanwhile). The")
	p("thread-CPU-time figures count only the workload thread\047s own CPU time (its")
	p("syscalls, and the BPF programs or ftrace work run in them) and are much less")
	p("disturbed by that load; they leave out work done in other processes (strace\047s")
	p("own, perf\047s and trace-cmd\047s readers), so for strace only the wall clock counts.")
	p("")
	p("![traced overhead](" svgname ")")
	p("")

	# ------------------------------------------------ 1. overhead
	p("## 1. Recording overhead on the traced workload")
	p("")
	p("Workload `bench/sysbench MODE N` times its loop in-process (CLOCK_MONOTONIC through")
	p("the vDSO); `tar | cat` is `sysbench run sh -c \"" "tar -cf - DIR | cat > /dev/null\"` with DIR")
	p("= " meta["tar_dir"] ", timed from fork to exit. N: " meta["n"] ";")
	p("strace N/40, perf N/4, trace-cmd N/2 (ns/op does not depend on N). tl-record")
	p("runs the workload in its own cgroup (one-shot mode, default 1 MiB rings per CPU);")
	p("the others in the cgroup `tlz-benchO-PID` (PID: run.sh\047s). trace-cmd: `-d --no-filter -b " meta["tc_buf"] "`")
	p("with `-f common_pid==PID` on the loops; tar forks, so there it follows the")
	p("children with `set_event_pid` + `options/event-fork` instead.")
	p("The two floor rows run the workload untraced while bench/floor attaches programs to")
	p("tl-record\047s attach points (tp_btf sys_enter and sys_exit) for every task: programs")
	p("that return at once (what any task pays while tl-record is loaded), and programs that")
	p("only read the clock tl-record stamps each record with (what a traced syscall pays at")
	p("least, before any record is written).")
	p("")
	p("### Ratio to baseline, wall clock (in-loop)")
	p("")
	overhead_table("overhead", ov, 8, am, 5, "ns", "ratio")
	p("### Ratio to baseline, thread CPU time (tar: CPU time of sh, tar and cat)")
	p("")
	overhead_table("overhead", ov, 8, am, 5, "cpu", "ratio")
	p("### ns per op (wall clock); tar: ms per run")
	p("")
	overhead_table("overhead", ov, 8, am, 5, "ns", "ns")
	p("### Added CPU ns per syscall (median CPU ns/op minus the baseline\047s, per syscall)")
	p("")
	overhead_table("overhead", ov, 8, lm, 4, "cpu", "added")

	# ------------------------------------------------ 2. untraced
	p("## 2. Cost for untraced processes")
	p("")
	p("The loops run in `tlz-benchO-PID` while a recorder records something else: tl-record")
	p("`--cgroup /tlz-benchT-PID`, the daemon holding 100 idle traced cgroups (`tl-record ctl add`),")
	p("or trace-cmd filtering on the pid of an idle `sleep`. Started once per round, then")
	p("the four loops, then stopped.")
	if (!have["untraced", "u-daemon"]) {
		p("")
		p("The daemon row is missing: " meta["daemon"] ".")
	}
	p("")
	p("### Ratio to baseline, wall clock")
	p("")
	overhead_table("untraced", uv, 4, lm, 4, "ns", "ratio")
	p("### Ratio to baseline, thread CPU time")
	p("")
	overhead_table("untraced", uv, 4, lm, 4, "cpu", "ratio")
	p("### ns per op (wall clock)")
	p("")
	overhead_table("untraced", uv, 4, lm, 4, "ns", "ns")

	# ------------------------------------------------ 3. size
	p("## 3. File size: bytes per recorded syscall")
	p("")
	p("Each tool records the same workload (loops: N/" "5; tar as above) into its own file;")
	p("tl-record with `--buffer-size 256M` so that nothing is overwritten. Bytes per")
	p("syscall = (file size - size of the file of a 1-iteration run) / (syscalls in the")
	p("file - syscalls in that file). Syscalls are counted in each file: `tl-convert --info`")
	p("(enter records), `perf report --stats` (samples / 2), `trace-cmd report` (sys_enter lines).")
	p("")
	hdr = "| file |"; line = "|---|"
	for (j = 1; j <= 5; j++) { hdr = hdr " " am[j] " |"; line = line "---|" }
	p(hdr); p(line)
	for (i = 1; i <= 6; i++) {
		v = zv[i]
		if (!have["size", v]) continue
		lab = (v == "perf") ? vlabel["perf-size"] : (v == "trace-cmd") ? vlabel["tc-size"] : vlabel[v]
		line = "| " lab " |"
		for (j = 1; j <= 5; j++) line = line " " cell(bps_list(v, am[j]), "1") " |"
		p(line)
	}
	p("")
	p("Syscalls counted in the files and file sizes (medians; lost = records overwritten or")
	p("dropped, from `tl-convert --info`):")
	p("")
	hdr = "| file |"; line = "|---|"
	for (j = 1; j <= 5; j++) { hdr = hdr " " am[j] " |"; line = line "---|" }
	hdr = hdr " empty file |"; line = line "---|"
	p(hdr); p(line)
	for (i = 1; i <= 6; i++) {
		v = zv[i]
		if (!have["size", v]) continue
		lab = (v == "perf") ? vlabel["perf-size"] : (v == "trace-cmd") ? vlabel["tc-size"] : vlabel[v]
		line = "| " lab " |"
		for (j = 1; j <= 6; j++) {
			mm = (j <= 5) ? am[j] : "empty"
			b = med("size" SUBSEP v SUBSEP mm SUBSEP "bytes")
			if (b == "") { line = line " – |"; continue }
			c = med("size" SUBSEP v SUBSEP mm SUBSEP "sc")
			lo = med("size" SUBSEP v SUBSEP mm SUBSEP "lost")
			line = line " " fn(c) " sc, " human(b) (v ~ /^tlr/ ? ", lost " fn(lo) : "") " |"
		}
		p(line)
	}
	p("")

	# ------------------------------------------------ 4. decode
	p("## 4. Decode speed")
	p("")
	p("One trace of `sysbench mix` (getppid, write 64 B, open+close, open of a missing")
	p("path, pread 4 KiB: 6 syscalls per iteration) per tool, each decoded to /dev/null")
	p("(SQLite: to a file) under `bench/runstat` (wall time, peak RSS). Rate = syscalls in")
	p("the file / wall time: one syscall is one strace line, two records (enter, exit),")
	p("two perf samples or two ftrace events.")
	p("")
	p("| trace | syscalls | size |")
	p("|---|---|---|")
	split("tl-2m tl-4m perf trace-cmd", df, " ")
	dfl["tl-2m"] = ".tlz (2 M)"; dfl["tl-4m"] = ".tlz (4 M, for memory)"; dfl["perf"] = "perf.data"; dfl["trace-cmd"] = "trace.dat"
	for (i = 1; i <= 4; i++)
		if (df[i] in dsc)
			p("| " dfl[df[i]] " | " dsc[df[i]] (dlost[df[i]] != "" ? " (lost " dlost[df[i]] ")" : "") " | " human(dbytes[df[i]]) " |")
	p("")
	rt = med(drate("trace-cmd-report", "2m")); rp = med(drate("perf-script", "2m"))
	if (meta["slow_rounds"] != meta["rounds"])
		p("`perf trace -i` ran in " meta["slow_rounds"] " of the rounds only (minutes per run here).")
	p("")
	p("| decoder | wall s | syscalls/s | vs trace-cmd report | vs perf script |")
	p("|---|---|---|---|---|")
	for (i = 1; i <= 8; i++) {
		t = dv[i]
		if (!have["decode", t, "2m"]) continue
		stats(L["dec" SUBSEP t SUBSEP "2m" SUBSEP "wall"])
		ws = sprintf("%.2f (%.2f–%.2f)", MED / 1e9, MIN / 1e9, MAX / 1e9) (CNT < rounds_n ? " [n=" CNT "]" : "")
		stats(L[drate(t, "2m")])
		r = MED
		rr = rate(MED) " (" rate(MIN) "–" rate(MAX) ")"
		p("| `" t "` | " ws " | " rr " | " (rt > 0 ? sprintf("%.1fx", r / rt) : "–") " | " (rp > 0 ? sprintf("%.1fx", r / rp) : "–") " |")
	}
	p("")

	# ------------------------------------------------ 5. dump
	p("## 5. Dump latency")
	p("")
	p("`tl-record -v --cgroup /tlz-benchT-PID --buffer-size SIZE`, both CPUs\047 rings filled by one")
	p("pinned `sysbench mix` each (taskset-like `-C 0`, `-C 1`), then SIGINT. The time is")
	p("what `tl-record -v` reports for writing the file (`wrote FILE in X ms`: open, copy")
	p("of the rings, compression, /proc snapshot, fsync and rename), or, with a tl-record")
	p("that does not print it, from SIGINT to its exit (an upper bound).")
	p("")
	p("| rings | dump ms | measured as | blocks dumped (64 KiB) | CPUs | file |")
	p("|---|---|---|---|---|---|")
	split("1M 16M", ds, " ")
	for (i = 1; i <= 2; i++) {
		if (!have["dump", ds[i]]) continue
		p("| 2 x " ds[i] "iB | " cell("dump" SUBSEP ds[i], "1") " | " (dhow[ds[i]] == "verbose" ? "tl-record -v" : "SIGINT to exit") " | " dblocks[ds[i]] " | " dcpus[ds[i]] " | " human(med("dumpbytes" SUBSEP ds[i])) " |")
	}
	p("")

	# ------------------------------------------------ 6. memory
	p("## 6. Peak memory")
	p("")
	p("Peak RSS (KiB, wait4 of the decoder) on the 2 M and the 4 M syscall traces: bounded")
	p("when the 4 M figure stays near the 2 M one.")
	p("")
	p("| decoder | 2 M syscalls | 4 M syscalls | 4 M / 2 M |")
	p("|---|---|---|---|")
	for (i = 1; i <= 8; i++) {
		t = dv[i]
		if (!have["decode", t, "2m"]) continue
		a1 = med("dec" SUBSEP t SUBSEP "2m" SUBSEP "rss"); a2 = med("dec" SUBSEP t SUBSEP "4m" SUBSEP "rss")
		p("| `" t "` | " cell("dec" SUBSEP t SUBSEP "2m" SUBSEP "rss", "n") " | " (a2 != "" ? cell("dec" SUBSEP t SUBSEP "4m" SUBSEP "rss", "n") : "–") " | " (a2 != "" && a1 > 0 ? sprintf("%.2f", a2 / a1) : "–") " |")
	}
	p("")

	# ------------------------------------------------ 7. profile
	p("## 7. Where the time goes: BPF programs")
	p("")
	p("`kernel.bpf_stats_enabled=1` for these runs only (reset afterwards): run_time_ns and")
	p("run_cnt of tl-record\047s `tl_sys_enter` / `tl_sys_exit` before and after one loop")
	p("(N as in section 1). The programs run for every task\047s syscalls on the machine, so")
	p("the counts include other processes\047 calls (which return early); \"per traced")
	p("syscall\" subtracts those at the untraced cost per run measured in the u-tlr row")
	p("of the same loop. The stats add their own clock reads.")
	p("`bpftool prog profile`: " meta["bpftool_profile"])
	p("")
	p("| loop | variant | enter ns/run | exit ns/run | runs (enter) | loop syscalls | per traced syscall: enter + exit ns |")
	p("|---|---|---|---|---|---|---|")
	split("tlr tlr-nodata u-tlr", pv, " ")
	for (j = 1; j <= 4; j++) {
		m = lm[j]
		u = prof["u-tlr", m]
		ue = (kv(u, "enter_cnt") > 0) ? kv(u, "enter_ns") / kv(u, "enter_cnt") : 0
		ux = (kv(u, "exit_cnt") > 0) ? kv(u, "exit_ns") / kv(u, "exit_cnt") : 0
		for (i = 1; i <= 3; i++) {
			x = prof[pv[i], m]
			if (x == "" || kv(x, "enter_cnt") + 0 <= 0) continue
			ec = kv(x, "enter_cnt"); xc = kv(x, "exit_cnt"); n = kv(x, "syscalls")
			est = "–"
			if (pv[i] != "u-tlr" && n > 0)
				est = sprintf("%.0f + %.0f", (kv(x, "enter_ns") - (ec - n) * ue) / n, (kv(x, "exit_ns") - (xc - n) * ux) / n)
			p("| " m " | " pv[i] " | " sprintf("%.0f", kv(x, "enter_ns") / ec) " | " sprintf("%.0f", xc > 0 ? kv(x, "exit_ns") / xc : 0) " | " ec " | " n " | " est " |")
		}
	}
	p("")

	# ------------------------------------------------ machine and commands
	p("## Machine, versions, commands")
	p("")
	p("| | |")
	p("|---|---|")
	nmk = split("date finished host_kernel os cpu memory hypervisor mitigations uptime_start uptime_end git tl_record tl_convert tl_analyze strace perf trace_cmd bpftool libbpf cc tar cgroup2 rounds slow_rounds seed tc_buf n daemon", mk, " ")
	for (i = 1; i <= nmk; i++)
		if (mk[i] in meta) p("| " mk[i] " | " meta[mk[i]] " |")
	p("")
	p("Exact commands of the first round, from the top of the tree (`$OUT` is the run")
	p("directory; other loop modes and rounds differ only in MODE, N and the pid):")
	p("")
	p("```sh")
	for (i = 1; i <= ncmd; i++) {
		split(cmdorder[i], kk, SUBSEP)
		if ((kk[1] == "overhead" || kk[1] == "size") && kk[3] != "getppid" && kk[3] != "tar") continue
		if (kk[1] == "untraced" && kk[2] == "base" && kk[3] != "getppid") continue
		print "# " kk[1] " / " kk[2] " / " kk[3] > doc
		print cmd[cmdorder[i]] > doc
	}
	p("```")
	p("")
	while ((getline line < notes) > 0) p(line)

	# ------------------------------------------------ chart
	print "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" height=\"420\" font-family=\"sans-serif\">" > svgfile
	print "<rect width=\"1000\" height=\"420\" fill=\"#fff\"/>" > svgfile
	printf "<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">Slowdown of the traced workload vs baseline (median of %s rounds, log scale; dashed: 1.35x target)</text>\n", meta["rounds"] > svgfile
	svg_panel(50, 70, 430, 280, "wall clock (in-loop)", "ns")
	svg_panel(550, 70, 430, 280, "thread CPU time (tar: of its processes)", "cpu")
	for (i = 1; i <= 5; i++) {
		printf "<rect x=\"%d\" y=\"392\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", 50 + (i - 1) * 190, ccol[i] > svgfile
		printf "<text x=\"%d\" y=\"403\" font-size=\"11\">%s</text>\n", 66 + (i - 1) * 190, clab[i] > svgfile
	}
	print "</svg>" > svgfile
}
' "$OUT/meta.txt" "$OUT/commands.sorted" "$OUT/results.tsv" >"$DOC.tmp" || { rm -f "$DOC.tmp"; exit 1; }
mv "$DOC.tmp" "$DOC"
echo "report: wrote $DOC and $SVG" >&2
