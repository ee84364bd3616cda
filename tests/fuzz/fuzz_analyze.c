// SPDX-License-Identifier: MIT
/*
 * fuzz_analyze.c - libFuzzer target for tl-analyze's queries (the process
 * model, path and fd tracking, sockaddr decoding, call descriptions,
 * tables, JSON and HTML output). An input is either
 *   - a .tlz file (it starts with the magic): decoded, and every event fed
 *     to every query (samples/ are replayed this way), or
 *   - an event program: records of
 *       u8 type (1..6), u8 flags (TL_EVF_*), u16 syscall index (into the
 *       built-in x86_64 table), u16 pid (pids 1..64), u16 ret (signed),
 *       u16 ts step (us), u8 ncapt, u8 misc (cpu, json, exit code),
 *       6 x u16 args (signed: 0xff9c is AT_FDCWD), then ncapt captures
 *       of {u8 arg, u8 kind|flags, u8 len, len bytes},
 *     fed directly, so that mutations reach the queries instead of the
 *     decoder's checks (the decoder has its own targets).
 * Each query runs in text mode and, for odd inputs, in JSON mode; the
 * output goes to /dev/null.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyze/ana.h"
#include "../../analyze/engine.h"
#include "internal.h"
#include "tl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct ana_query *const queries[] = {
	&ana_q_failed, &ana_q_exectree, &ana_q_summary, &ana_q_errors,
	&ana_q_files, &ana_q_net, &ana_q_last, &ana_q_slow, &ana_q_lost,
	&ana_q_report,
};
#define NQ (sizeof(queries) / sizeof(queries[0]))
#define MAX_EVENTS 2000

static const struct tl_proc *fake_snap(void *arg, const struct tl_file_info *f,
				       uint32_t pid)
{
	static struct tl_proc p;
	static const char argv[] = "init\0--fuzz";

	(void)arg;
	(void)f;
	if (pid % 3)
		return NULL;
	memset(&p, 0, sizeof(p));
	p.pid = p.tid = pid;
	p.ppid = pid / 2;
	p.comm = "snap";
	p.cwd = pid % 2 ? "/srv" : "/";
	p.argv = argv;
	p.argv_len = sizeof(argv);
	p.start_ns = 1000;
	p.flags = pid & 4 ? TL_PROC_ALIVE : 0;
	return &p;
}

struct prog {
	struct tl_machine m;
	struct tl_file_info file;
	struct tl_trace_info trace;
	struct tl_ring_info ring;
	const struct tl_trace_info *traces[1];
	const struct tl_systable *tab;
};

static void prog_init(struct prog *g)
{
	memset(g, 0, sizeof(*g));
	g->m.arch = "x86_64";
	g->m.hostname = "fuzz";
	g->file.name = "fuzz.tlz";
	g->file.machine = &g->m;
	g->file.wall_offset_ns = 1700000000000000000ll;
	g->tab = tl_systable_builtin(TL_ABI_X86_64);
	g->file.systables[TL_ABI_X86_64] = g->tab;
	g->trace.id = 1;
	g->trace.name = "fuzz";
	g->trace.end_ns = 1000000000000ll;
	g->trace.rings = &g->ring;
	g->trace.nrings = 1;
	g->traces[0] = &g->trace;
	g->file.traces = g->traces;
	g->file.ntraces = 1;
}

/* Runs query q over the event program. */
static void run_prog(const struct prog *g, const struct ana_query *q,
		     const uint8_t *data, size_t size, bool json, FILE *out)
{
	struct ana_opts o = { .json = json, .last_n = 3, .min_ns = 1000 };
	struct tl_capture capt[6];
	char comm[17];
	struct tl_event ev;
	struct ana_ctx c;
	void *state = NULL;
	size_t off = 0;
	int64_t ts = 1000000;
	unsigned n = 0, i;

	if (ana_ctx_init(&c, &o, NULL, out))
		return;
	c.procs.snap = fake_snap;
	if (ana_ctx__add_file(&c, &g->file) || q->begin(&c, &state))
		goto out;
	while (off + 24 <= size && n++ < MAX_EVENTS) {
		const uint8_t *r = data + off;
		unsigned idx = tl_get16(r + 2), nc = r[10] % 7;

		memset(&ev, 0, sizeof(ev));
		ev.type = (uint32_t)(r[0] % 6) + 1;
		ev.flags = r[1];
		ev.pid = tl_get16(r + 4) % 64 + 1;
		ev.tid = ev.pid + (r[11] & 0x80 ? 100 : 0);
		ev.ppid = ev.pid / 2;
		ts += tl_get16(r + 8) * 1000;
		ev.ts = ts;
		ev.wall_ns = ts + g->file.wall_offset_ns;
		ev.cpu = r[11] & 3;
		ev.file = &g->file;
		ev.trace = &g->trace;
		snprintf(comm, sizeof(comm), "c%u", ev.pid % 7);
		ev.comm = comm;
		ev.abi = TL_ABI_X86_64;
		ev.sc = g->tab->count ? &g->tab->calls[idx % g->tab->count] : NULL;
		ev.nr = ev.sc ? ev.sc->nr : 0;
		ev.name = ev.sc ? ev.sc->name : "syscall_0x1";
		for (i = 0; i < 6; i++)
			ev.args[i] = (uint64_t)(int64_t)(int16_t)tl_get16(r + 12 + 2 * i);
		ev.ret = (int16_t)tl_get16(r + 6);
		ev.enter_ts = ts - (r[11] & 0x40 ? 0 : 5000);
		ev.exit_ts = ts;
		ev.child_pid = ev.child_tid = (uint32_t)(ev.args[0] % 64) + 1;
		ev.old_tid = ev.pid;
		ev.filename = "/bin/fuzz";
		ev.exit_code = r[11] & 0x20 ? 11 | 0x80 : (r[6] << 8);
		ev.lost_kind = (r[11] & 1) + 1;
		ev.lost = r[7];
		off += 24;
		for (i = 0; i < nc && off + 3 <= size; i++) {
			size_t len = data[off + 2];

			if (len > size - off - 3)
				len = size - off - 3;
			capt[i].arg = data[off] % 6;
			capt[i].kind = (data[off + 1] & 0x7) | (data[off + 1] & 0x70);
			capt[i].flags = data[off + 1] & 0x70;
			capt[i].kind &= TL_CAPT_KIND_MASK;
			capt[i].len = (uint32_t)len;
			capt[i].full_len = (uint32_t)len + (data[off + 1] >> 7);
			capt[i].data = data + off + 3;
			off += 3 + len;
		}
		ev.ncapt = i;
		ev.capt = i ? capt : NULL;
		if (ana_ctx__event(&c, q, state, &ev))
			goto out;
	}
	if (!ana_ctx__finish(&c))
		q->end(&c, state);
out:
	if (state)
		q->release(&c, state);
	ana_ctx_release(&c);
}

static const struct tl_proc *dec_snap(void *arg, const struct tl_file_info *f,
				      uint32_t pid)
{
	return f ? tl_decoder__proc(arg, f, pid) : NULL;
}

/* Runs query q over a .tlz file in memory. */
static void run_file(const struct ana_query *q, const uint8_t *data,
		     size_t size, bool json, FILE *out)
{
	struct tl_decoder_opts dopts = { .sz = sizeof(dopts), .no_enter_events = true };
	struct ana_opts o = { .json = json };
	struct tl_decoder *d = tl_decoder__new(&dopts);
	struct tl_reader *r = tl_reader__open_mem(data, size, "fuzz.tlz");
	const struct tl_event *ev;
	struct ana_ctx c;
	void *state = NULL;
	unsigned i;

	if (!d || !r || tl_decoder__add(d, r)) {
		if (!d)
			tl_reader__close(r);
		tl_decoder__free(d);
		return;
	}
	if (ana_ctx_init(&c, &o, d, out))
		goto out_dec;
	c.procs.snap = dec_snap;
	c.procs.snap_arg = d;
	for (i = 0; i < tl_decoder__nfiles(d); i++) {
		const struct tl_file_info *f = tl_decoder__file(d, i);

		if (!f || ana_ctx__add_file(&c, f))
			goto out;
	}
	if (q->begin(&c, &state))
		goto out;
	while (tl_decoder__next(d, &ev) == 1)
		if (ana_ctx__event(&c, q, state, ev))
			goto out;
	if (!ana_ctx__finish(&c))
		q->end(&c, state);
out:
	if (state)
		q->release(&c, state);
	ana_ctx_release(&c);
out_dec:
	tl_decoder__free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct prog g;
	bool is_file = size >= 8 && memcmp(data, "\x89TLZ\r\n\x1a\n", 8) == 0;
	size_t i;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!null)
		return 0;
	setenv("TZ", "UTC", 1);
	prog_init(&g);
	for (i = 0; i < NQ; i++) {
		if (is_file) {
			run_file(queries[i], data, size, false, null);
			run_file(queries[i], data, size, true, null);
		} else {
			run_prog(&g, queries[i], data, size, false, null);
			if (size & 1)
				run_prog(&g, queries[i], data, size, true, null);
		}
	}
	return 0;
}
