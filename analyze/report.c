// SPDX-License-Identifier: MIT
/*
 * report.c - `tl-analyze report -o report.html`: one self-contained HTML
 * page to attach to a bug report (inline CSS and SVG, no script, nothing
 * fetched): trace metadata, a timeline per process (SVG), the exec tree,
 * failed opens, errors, the strace -c summary, files, network and losses.
 * It runs those queries side by side in one pass over the events.
 *
 * Timelines keep a fixed number of time bins per process: when the trace
 * outgrows them, every process's bins are merged pairwise (bin width
 * doubles), so memory stays per process.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ana.h"
#include "internal.h"
#include "queries.h"

#define NBINS		240
#define MAX_TIMELINES	400
#define SVG_W		760
#define SVG_H		22

struct tl_bins {
	uint32_t calls[NBINS];
	uint32_t errs[NBINS];
	bool used;
};

enum { R_FAILED, R_ERRORS, R_SUMMARY, R_FILES, R_NET, R_LOST, R_N };

struct ana_report {
	void *st[R_N];
	int slot;
	int64_t t0;			/* ts of bin 0's start */
	int64_t width;			/* ns per bin */
	struct ana_proc **procs;	/* processes with bins */
	size_t nprocs, cap;
};

static int report_begin(struct ana_ctx *c, void **state)
{
	struct ana_report *r = calloc(1, sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	*state = r;
	r->slot = ana_ctx__slot(c);
	if (r->slot < 0)
		return -ENOSPC;
	r->width = 1000;		/* 1us, doubled as needed */
	err = ana_failed_begin(c, &r->st[R_FAILED]);
	err = err ?: ana_errors_begin(c, &r->st[R_ERRORS]);
	err = err ?: ana_summary_begin(c, &r->st[R_SUMMARY]);
	err = err ?: ana_files_begin(c, &r->st[R_FILES]);
	err = err ?: ana_net_begin(c, &r->st[R_NET]);
	err = err ?: ana_lost_begin(c, &r->st[R_LOST]);
	return err;
}

/* Doubles the bin width until `ts` fits, merging every process's bins. */
static void rebin(struct ana_report *r, int64_t ts)
{
	size_t i, k;

	while ((ts - r->t0) / r->width >= NBINS) {
		for (i = 0; i < r->nprocs; i++) {
			struct tl_bins *b = r->procs[i]->slot[r->slot];

			for (k = 0; k < NBINS / 2; k++) {
				b->calls[k] = b->calls[2 * k] + b->calls[2 * k + 1];
				b->errs[k] = b->errs[2 * k] + b->errs[2 * k + 1];
			}
			memset(b->calls + NBINS / 2, 0, sizeof(b->calls) / 2);
			memset(b->errs + NBINS / 2, 0, sizeof(b->errs) / 2);
		}
		r->width *= 2;
	}
}

static int report_event(struct ana_ctx *c, void *state,
			const struct tl_event *ev, struct ana_proc *p)
{
	struct ana_report *r = state;
	struct tl_bins *b;
	int64_t bin;
	int err;

	err = ana_failed_event(c, r->st[R_FAILED], ev, p);
	err = err ?: ana_errors_event(c, r->st[R_ERRORS], ev, p);
	err = err ?: ana_summary_event(c, r->st[R_SUMMARY], ev, p);
	err = err ?: ana_files_event(c, r->st[R_FILES], ev, p);
	err = err ?: ana_net_event(c, r->st[R_NET], ev, p);
	err = err ?: ana_lost_event(c, r->st[R_LOST], ev, p);
	if (err || ev->type != TL_EV_SYSCALL_EXIT || !p)
		return err;
	if (!r->t0)
		r->t0 = ev->ts;
	if (ev->ts < r->t0)
		return 0;
	b = p->slot[r->slot];
	if (!b) {
		void *v = r->procs;

		if (tl_grow(&v, &r->cap, r->nprocs + 1, sizeof(*r->procs)))
			return -ENOMEM;
		r->procs = v;
		b = calloc(1, sizeof(*b));
		if (!b)
			return -ENOMEM;
		p->slot[r->slot] = b;
		r->procs[r->nprocs++] = p;
	}
	rebin(r, ev->ts);
	bin = (ev->ts - r->t0) / r->width;
	b->calls[bin]++;
	if (ana_ev_failed(ev, NULL))
		b->errs[bin]++;
	return 0;
}

/* ------------------------------------------------------------ HTML */

static const char css[] =
"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
"margin:24px;color:#1d2330;background:#fff;font-size:14px}"
"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;"
"border-bottom:2px solid #d5dae3;padding-bottom:4px}"
"p.sub{color:#5a6478;margin:0 0 16px}"
"table{border-collapse:collapse;margin:4px 0 8px}"
"th,td{border:1px solid #d5dae3;padding:3px 8px;text-align:left;vertical-align:top}"
"th{background:#eef1f6;font-weight:600}td.r,th.r{text-align:right}"
"tbody tr:nth-child(even){background:#f8f9fb}"
"pre{background:#f6f8fa;border:1px solid #d5dae3;padding:10px;overflow-x:auto;"
"font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:12.5px;line-height:1.35}"
"table.meta th{width:160px}"
"table.tl td{padding:1px 6px;border:none}table.tl td.l{font-family:monospace;white-space:nowrap}"
"svg text{font-family:monospace;font-size:10px}"
".none{color:#5a6478;font-style:italic}"
".legend span{display:inline-block;margin-right:14px}"
".sw{display:inline-block;width:12px;height:10px;margin-right:4px;vertical-align:middle}"
"nav a{margin-right:12px}";

static void h(FILE *f, const char *s)
{
	ana_html_escape(f, s ? s : "");
}

static void meta_row(FILE *f, const char *k, const char *v)
{
	fputs("<tr><th>", f);
	h(f, k);
	fputs("</th><td>", f);
	h(f, v);
	fputs("</td></tr>\n", f);
}

static void section_meta(struct ana_ctx *c, FILE *f, size_t nprocs)
{
	char b[256], t1[32], t2[32];
	unsigned i;
	uint32_t k;

	fputs("<section id=\"metadata\"><h2>Trace</h2>\n<table class=\"meta\">\n", f);
	for (i = 0; i < c->nfiles; i++) {
		const struct tl_file_info *fi = c->files[i];
		const struct tl_machine *m = fi ? fi->machine : NULL;

		meta_row(f, "file", fi ? fi->name : "?");
		if (m) {
			meta_row(f, "host", m->hostname);
			snprintf(b, sizeof(b), "%s, Linux %s, %u CPUs",
				 m->arch ? m->arch : "?",
				 m->kernel_release ? m->kernel_release : "?", m->ncpus);
			meta_row(f, "machine", b);
			if (m->recorder)
				meta_row(f, "recorder", m->recorder);
			if (m->cmdline)
				meta_row(f, "recorded with", m->cmdline);
		}
		for (k = 0; fi && k < fi->ntraces; k++) {
			const struct tl_trace_info *t = fi->traces[k];

			snprintf(b, sizeof(b), "%s (%s) cgroup %s", t->name ? t->name : "?",
				 tl_trace_kind_name((int)t->kind),
				 t->cgroup_path ? t->cgroup_path : "?");
			meta_row(f, "trace", b);
		}
	}
	snprintf(b, sizeof(b), "%s to %s (%.6f s)",
		 ana_fmt_time(c->first_wall, t1, sizeof(t1)),
		 ana_fmt_time(c->last_wall, t2, sizeof(t2)),
		 (c->last_wall - c->first_wall) / 1e9);
	meta_row(f, "events span", b);
	snprintf(b, sizeof(b), "%" PRIu64 " (%" PRIu64 " after filters)",
		 c->nevents, c->nmatched);
	meta_row(f, "events", b);
	snprintf(b, sizeof(b), "%zu", nprocs);
	meta_row(f, "processes", b);
	snprintf(b, sizeof(b), "%" PRIu64 " records", c->lost_records);
	meta_row(f, "lost", b);
	fputs("</table></section>\n", f);
}

static const char *end_color(const struct ana_proc *p)
{
	if (p->end != ANA_END_EXITED)
		return "#8a94a6";		/* running / unknown */
	if (p->exit_code & 0x7f)
		return "#d63a3a";		/* killed */
	if ((p->exit_code >> 8) & 0xff)
		return "#e08a1e";		/* exit != 0 */
	return "#3a9a5b";			/* exit 0 */
}

static int tl_cmp(const void *a, const void *b)
{
	const struct ana_proc *x = *(struct ana_proc *const *)a;
	const struct ana_proc *y = *(struct ana_proc *const *)b;
	int64_t xs = x->start_ts ? x->start_ts : x->first_ts;
	int64_t ys = y->start_ts ? y->start_ts : y->first_ts;

	if (xs != ys)
		return xs < ys ? -1 : 1;
	return x->id < y->id ? -1 : 1;
}

static double xpos(const struct ana_report *r, int64_t ts, int64_t span)
{
	double x = span > 0 ? (double)(ts - r->t0) * SVG_W / (double)span : 0;

	return x < 0 ? 0 : x > SVG_W ? SVG_W : x;
}

/* "+1.25s", "+12.5ms", "+350us": precision suited to the whole span. */
static void axis_label(int64_t off, int64_t span, char *buf, size_t len)
{
	if (span >= 10000000000ll)
		snprintf(buf, len, "+%.1fs", off / 1e9);
	else if (span >= 1000000000ll)
		snprintf(buf, len, "+%.2fs", off / 1e9);
	else if (span >= 10000000ll)
		snprintf(buf, len, "+%.1fms", off / 1e6);
	else if (span >= 1000000ll)
		snprintf(buf, len, "+%.2fms", off / 1e6);
	else
		snprintf(buf, len, "+%.0fus", off / 1e3);
}

static void section_timeline(struct ana_ctx *c, struct ana_report *r, FILE *f)
{
	int64_t span = c->last_ts - r->t0;
	size_t i, n = r->nprocs;
	char t1[32], eb[64];
	int k;

	fputs("<section id=\"timeline\"><h2>Timeline per process</h2>\n", f);
	if (!n) {
		fputs("<p class=\"none\">no syscalls</p></section>\n", f);
		return;
	}
	if (span <= 0)
		span = 1;
	if (n > 1)
		qsort(r->procs, n, sizeof(*r->procs), tl_cmp);
	fputs("<p class=\"legend\"><span><i class=\"sw\" style=\"background:#3a9a5b\"></i>exited 0</span>"
	      "<span><i class=\"sw\" style=\"background:#e08a1e\"></i>exited non-zero</span>"
	      "<span><i class=\"sw\" style=\"background:#d63a3a\"></i>killed by a signal</span>"
	      "<span><i class=\"sw\" style=\"background:#8a94a6\"></i>running at dump</span>"
	      "<span><i class=\"sw\" style=\"background:#1d2330\"></i>syscalls</span>"
	      "<span><i class=\"sw\" style=\"background:#ff2d2d\"></i>failed syscalls</span>"
	      "<span>&#9660; exec</span></p>\n", f);
	fputs("<table class=\"tl\">\n", f);
	/* axis */
	fprintf(f, "<tr><td class=\"l\"></td><td><svg xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"%d\" height=\"16\" role=\"img\">", SVG_W + 60);
	for (k = 0; k <= 4; k++) {
		int64_t ts = r->t0 + span * k / 4;
		double x = xpos(r, ts, span);

		char lab[32];

		axis_label(ts - r->t0, span, lab, sizeof(lab));
		fprintf(f, "<line x1=\"%.1f\" y1=\"12\" x2=\"%.1f\" y2=\"16\" stroke=\"#5a6478\"/>"
			"<text x=\"%.1f\" y=\"10\" text-anchor=\"%s\">%s</text>",
			x, x, x, k == 0 ? "start" : k == 4 ? "end" : "middle", lab);
	}
	fputs("</svg></td></tr>\n", f);
	for (i = 0; i < n && i < MAX_TIMELINES; i++) {
		const struct ana_proc *p = r->procs[i];
		const struct tl_bins *b = p->slot[r->slot];
		int64_t s = p->start_ts ? p->start_ts : p->first_ts;
		int64_t e = p->end == ANA_END_EXITED ? p->end_ts :
			    p->trace && p->trace->end_ns ? p->trace->end_ns : c->last_ts;
		double x0 = xpos(r, s, span), x1 = xpos(r, e, span);
		double bw = (double)r->width * SVG_W / (double)span;
		uint32_t maxc = 1;
		uint32_t j;

		for (k = 0; k < NBINS; k++)
			if (b->calls[k] > maxc)
				maxc = b->calls[k];
		fputs("<tr><td class=\"l\">", f);
		fprintf(f, "%u ", p->pid);
		h(f, p->comm);
		fprintf(f, "</td><td><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
			"height=\"%d\" class=\"proc\" role=\"img\"><title>", SVG_W + 60, SVG_H);
		fprintf(f, "%u ", p->pid);
		h(f, p->comm);
		fputs(": ", f);
		h(f, p->end == ANA_END_EXITED ? ana_wait_status(p->exit_code, eb, sizeof(eb)) :
		  "running at dump");
		fprintf(f, ", %" PRIu64 " syscalls, %" PRIu64 " failed</title>",
			p->nsyscalls, p->nerrors);
		if (x1 < x0 + 1)
			x1 = x0 + 1;
		fprintf(f, "<rect x=\"%.1f\" y=\"8\" width=\"%.1f\" height=\"8\" rx=\"2\" "
			"fill=\"%s\" fill-opacity=\"0.35\"/>", x0, x1 - x0, end_color(p));
		for (k = 0; k < NBINS; k++) {
			double x, hgt;

			if (!b->calls[k])
				continue;
			x = xpos(r, r->t0 + (int64_t)k * r->width, span);
			hgt = 3 + 11 * log1p(b->calls[k]) / log1p(maxc);
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				"fill=\"#1d2330\"/>", x, 16 - hgt + 2, bw < 1 ? 1 : bw, hgt);
			if (b->errs[k])
				fprintf(f, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"4\" "
					"fill=\"#ff2d2d\"><title>%u failed</title></rect>", x,
					bw < 2 ? 2 : bw, b->errs[k]);
		}
		for (j = 0; j < p->nexecs; j++) {
			double x = xpos(r, p->execs[j].ts, span);

			fprintf(f, "<path d=\"M%.1f 4 l-4 -4 h8 z\" fill=\"#2a62c9\"><title>exec ",
				x);
			h(f, p->execs[j].comm);
			fprintf(f, " at %s</title></path>",
				ana_fmt_time(p->execs[j].wall, t1, sizeof(t1)));
		}
		if (p->end == ANA_END_EXITED && (p->exit_code & 0x7f))
			fprintf(f, "<text x=\"%.1f\" y=\"16\">%s</text>", x1 + 4,
				tl_signal_name(p->exit_code & 0x7f) ?: "signal");
		else if (p->end == ANA_END_EXITED)
			fprintf(f, "<text x=\"%.1f\" y=\"16\">exit %d</text>", x1 + 4,
				(p->exit_code >> 8) & 0xff);
		fputs("</svg></td></tr>\n", f);
	}
	fputs("</table>\n", f);
	if (n > MAX_TIMELINES)
		fprintf(f, "<p class=\"none\">%zu more processes not drawn</p>\n",
			n - MAX_TIMELINES);
	fputs("</section>\n", f);
}

static void section_table(FILE *f, const char *id, const char *title,
			  struct ana_table *t, const char *empty)
{
	fprintf(f, "<section id=\"%s\"><h2>", id);
	h(f, title);
	fputs("</h2>\n", f);
	if (!t)
		fputs("<p class=\"none\">(out of memory)</p>\n", f);
	else if (!t->nrows)
		fprintf(f, "<p class=\"none\">%s</p>\n", empty);
	else
		ana_table__print_html(t, f, NULL);
	fputs("</section>\n", f);
}

/* Renders text into a <pre> (escaped). */
static void pre_table(FILE *f, struct ana_table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	ana_table__print_text(t, m, 0);
	if (fclose(m) == 0) {
		fputs("<pre>", f);
		h(f, buf);
		fputs("</pre>\n", f);
	}
	free(buf);
}

static int report_html(struct ana_ctx *c, struct ana_report *r, FILE *f)
{
	struct ana_table *t;
	size_t nprocs = 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	unsigned i;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"generator\" content=\"tl-analyze " TL_VERSION "\">\n<title>tlz report: ", f);
	for (i = 0; i < c->nfiles; i++) {
		if (i)
			fputs(", ", f);
		h(f, c->files[i] ? c->files[i]->name : "?");
	}
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
	fputs("<h1>tlz trace report</h1>\n<p class=\"sub\">", f);
	for (i = 0; i < c->nfiles; i++) {
		if (i)
			fputs(", ", f);
		h(f, c->files[i] ? c->files[i]->name : "?");
	}
	fputs(" &mdash; made by tl-analyze " TL_VERSION "; times are local time</p>\n", f);
	fputs("<nav><a href=\"#metadata\">trace</a><a href=\"#timeline\">timeline</a>"
	      "<a href=\"#exec-tree\">exec tree</a><a href=\"#failed-opens\">failed opens</a>"
	      "<a href=\"#errors\">errors</a><a href=\"#summary\">summary</a>"
	      "<a href=\"#files\">files</a><a href=\"#network\">network</a>"
	      "<a href=\"#lost\">lost events</a></nav>\n", f);

	t = ana_exectree_table(c, &nprocs);
	section_meta(c, f, nprocs);
	section_timeline(c, r, f);
	fputs("<section id=\"exec-tree\"><h2>Exec tree</h2>\n", f);
	if (t && nprocs)
		pre_table(f, t);
	else
		fputs("<p class=\"none\">no processes</p>\n", f);
	fputs("</section>\n", f);
	ana_table__free(t);

	t = ana_failed_table(c, r->st[R_FAILED]);
	section_table(f, "failed-opens", "Failed opens", t, "no failed calls on paths");
	ana_table__free(t);
	t = ana_errors_table(c, r->st[R_ERRORS]);
	section_table(f, "errors", "Errors", t, "no failed syscalls");
	ana_table__free(t);

	fputs("<section id=\"summary\"><h2>Summary (strace -c -w)</h2>\n", f);
	m = open_memstream(&buf, &len);
	if (m) {
		ana_summary_print_text(c, r->st[R_SUMMARY], m);
		if (fclose(m) == 0) {
			fputs("<pre>", f);
			h(f, buf);
			fputs("</pre>\n", f);
		}
		free(buf);
	}
	fputs("</section>\n", f);

	t = ana_files_table(c, r->st[R_FILES]);
	section_table(f, "files", "Files", t, "no files opened");
	ana_table__free(t);
	t = ana_net_table(c, r->st[R_NET]);
	section_table(f, "network", "Network", t, "no socket activity");
	ana_table__free(t);

	fputs("<section id=\"lost\"><h2>Lost events</h2>\n", f);
	ana_lost_print(c, r->st[R_LOST], f, true);
	fputs("</section>\n", f);
	fputs("</body>\n</html>\n", f);
	return 0;
}

static void json_table(struct ana_jw *w, const char *key, struct ana_table *t)
{
	ana_jw_key(w, key);
	if (t)
		ana_table__print_json(t, w);
	else
		ana_jw_null(w);
	ana_table__free(t);
}

static int report_end(struct ana_ctx *c, void *state)
{
	struct ana_report *r = state;
	int err;

	err = ana_failed_finish(c, r->st[R_FAILED]);
	err = err ?: ana_errors_finish(c, r->st[R_ERRORS]);
	err = err ?: ana_files_finish(c, r->st[R_FILES]);
	err = err ?: ana_net_finish(c, r->st[R_NET]);
	if (err)
		return err;
	if (c->opts->json) {
		struct ana_jw w;

		ana_jw_init(&w, c->out);
		ana_jw_obj(&w);
		ana_jw_kstr(&w, "query", "report");
		ana_json_meta(c, &w);
		ana_jw_key(&w, "exec_tree");
		err = ana_exectree_json(c, &w);
		json_table(&w, "failed_opens", ana_failed_table(c, r->st[R_FAILED]));
		json_table(&w, "errors", ana_errors_table(c, r->st[R_ERRORS]));
		json_table(&w, "files", ana_files_table(c, r->st[R_FILES]));
		json_table(&w, "network", ana_net_table(c, r->st[R_NET]));
		ana_jw_obj_end(&w);
		return err;
	}
	return report_html(c, r, c->out);
}

static void report_release(struct ana_ctx *c, void *state)
{
	struct ana_report *r = state;
	size_t i;

	if (!r)
		return;
	if (r->st[R_FAILED])
		ana_failed_release(c, r->st[R_FAILED]);
	if (r->st[R_ERRORS])
		ana_errors_release(c, r->st[R_ERRORS]);
	if (r->st[R_SUMMARY])
		ana_summary_release(c, r->st[R_SUMMARY]);
	if (r->st[R_FILES])
		ana_files_release(c, r->st[R_FILES]);
	if (r->st[R_NET])
		ana_net_release(c, r->st[R_NET]);
	if (r->st[R_LOST])
		ana_lost_release(c, r->st[R_LOST]);
	for (i = 0; i < r->nprocs; i++) {
		free(r->procs[i]->slot[r->slot]);
		r->procs[i]->slot[r->slot] = NULL;
	}
	free(r->procs);
	free(r);
}

const struct ana_query ana_q_report = {
	.name = "report",
	.args = "-o FILE.html",
	.desc = "one self-contained HTML page: metadata, timeline, exec tree, failures, summary",
	.example = "tl-analyze report -o report.html crash.tlz",
	.begin = report_begin,
	.event = report_event,
	.end = report_end,
	.release = report_release,
};
