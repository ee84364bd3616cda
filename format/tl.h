/* SPDX-License-Identifier: MIT */
/*
 * tl.h - libtlz public API: write, read and decode .tlz files.
 *
 * Three layers, each usable alone:
 *   tl_writer  - writes a .tlz to a path (temporary name, renamed on
 *                success), a file descriptor, or a sink callback;
 *   tl_reader  - reads chunks from a path ("-" = stdin), an fd or memory,
 *                checks CRCs and bounds, skips damage with a warning;
 *   tl_decoder - turns one or more readers into syscall/process events in
 *                time order across CPUs and files, enter/exit paired.
 *
 * Conventions (libbpf's): functions returning int return 0 (or a count)
 * on success and -errno on failure; functions returning a pointer return
 * NULL and set errno. The library never prints: details go to the
 * callback set with tl_set_print(). -EBADMSG = malformed data,
 * -EOPNOTSUPP = unknown major version or critical chunk, -EINVAL = misuse.
 *
 * Ownership: every pointer in a struct returned by the library is owned by
 * the object that returned it (reader, decoder) and stays valid until that
 * object is closed/freed, unless said otherwise. Events returned by
 * tl_decoder__next() are valid only until the next call.
 */
#ifndef TL_H
#define TL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/types.h>

#include "systable.h"
#include "tl_record.h"

#define TL_VERSION		"0.1.0"

/* ---------------------------------------------------------------- logging */

enum tl_print_level {
	TL_WARN,
	TL_INFO,
	TL_DEBUG,
};

typedef int (*tl_print_fn_t)(enum tl_print_level level, const char *fmt,
			     va_list ap);

/* Set the log callback; returns the previous one. NULL silences. The
 * default callback prints nothing. Messages start with "libtlz: " and end
 * with a newline. */
tl_print_fn_t tl_set_print(tl_print_fn_t fn);

/* ------------------------------------------------------ format constants */

#define TL_FORMAT_MAJOR		1
#define TL_FORMAT_MINOR		1

enum tl_codec {
	TL_CODEC_NONE	= 0,
	TL_CODEC_ZSTD	= 1,
	TL_CODEC_ZLIB	= 2,
};

/* Chunk types (FORMAT.md §4). Bit 31 of the stored type = critical. */
enum tl_chunk_type {
	TL_CHUNK_MACHINE	= 1,	/* machine, clocks, recorder and options */
	TL_CHUNK_SYSTABLE	= 2,	/* syscall table of one ABI */
	TL_CHUNK_TRACE		= 3,	/* one trace: name, cgroup, rings, loss */
	TL_CHUNK_PROCS		= 4,	/* process/thread table of one trace */
	TL_CHUNK_RING		= 5,	/* raw ring blocks of one trace and CPU */
	TL_CHUNK_INDEX		= 6,	/* chunk index, written last */
	/* 1.1: a RING chunk whose records are delta-coded (FORMAT.md §6.8),
	 * written with the critical bit; the reader undoes the coding and
	 * returns it as TL_CHUNK_RING (stored_type tells). */
	TL_CHUNK_RING_DELTA	= 7,
};
#define TL_CHUNK_CRITICAL	0x80000000u

/* Parse "zstd", "zstd:19", "zlib", "zlib:9", "none". 0 or -EINVAL. */
int tl_codec_parse(const char *s, enum tl_codec *codec, int *level);

/* ---------------------------------------------------------------- metadata */

struct tl_clock_snapshot {
	int64_t realtime_ns;	/* CLOCK_REALTIME */
	int64_t monotonic_ns;	/* CLOCK_MONOTONIC */
	int64_t boottime_ns;	/* CLOCK_BOOTTIME: the clock of record ts */
};

struct tl_machine {
	const char *arch;		/* uname -m: "x86_64" */
	const char *kernel_release;	/* uname -r */
	const char *kernel_version;	/* uname -v */
	const char *hostname;		/* uname -n (node name) */
	uint32_t page_size;
	uint32_t ncpus;			/* possible CPUs: ring count bound */
	uint8_t big_endian;		/* byte order of the ring data */
	uint8_t long_size;		/* sizeof(long) of the native ABI */
	uint16_t record_layout;		/* TL_RECORD_LAYOUT_VERSION */
	struct tl_clock_snapshot clock_start;	/* taken when recording began */
	struct tl_clock_snapshot clock_dump;	/* taken at dump */
	/* recorder */
	const char *recorder;		/* "tl-record 0.1.0" */
	const char *cmdline;		/* recorder's command line, spaces between args */
	uint32_t snaplen;		/* -s */
	uint32_t no_data;		/* --no-data */
	uint64_t buffer_size;		/* per trace per CPU, bytes */
	const char *syscall_filter;	/* "openat,write" or NULL = all */
	const char *compress;		/* "zstd:3" */
};

enum tl_trace_kind {
	TL_TRACE_COMMAND	= 1,	/* tl-record -- CMD */
	TL_TRACE_CGROUP		= 2,	/* an existing cgroup */
	TL_TRACE_SYSTEMD_UNIT	= 3,
	TL_TRACE_CONTAINER	= 4,
	TL_TRACE_POD		= 5,
};

struct tl_label {
	const char *key;
	const char *value;
};

/* One CPU's ring of a trace, as found at dump time. */
struct tl_ring_info {
	uint32_t cpu;
	uint32_t kind;			/* TL_RING_KIND_* */
	uint32_t block_size;		/* TL_BLOCK_SIZE */
	uint32_t nblocks;		/* blocks in the ring */
	uint64_t head_block;		/* block_seq of the newest block */
	uint64_t records;		/* records written (= last seq) */
	uint64_t lost_busy;		/* dropped: ring busy (nested writer) */
	uint64_t lost_size;		/* dropped: record larger than a block */
	uint64_t lost_other;		/* dropped: any other reason */
};

struct tl_trace_info {
	uint32_t id;			/* unique in the file */
	uint32_t kind;			/* enum tl_trace_kind */
	const char *name;
	const char *cgroup_path;	/* relative to the cgroup2 mount: "/tlz/cmd-123" */
	uint64_t cgroup_id;
	const struct tl_label *labels;
	uint32_t nlabels;
	uint32_t nrings;
	const struct tl_ring_info *rings;
	int64_t start_ns;		/* CLOCK_BOOTTIME: recording began */
	int64_t end_ns;			/* CLOCK_BOOTTIME: dump / stop */
};

enum {
	TL_PROC_ALIVE	= 1u << 0,	/* found in /proc at dump time */
	TL_PROC_EXITED	= 1u << 1,	/* its exit is in the trace */
	TL_PROC_THREAD	= 1u << 2,	/* a thread (tid != pid) */
};

/* A thread/process: the dump-time /proc snapshot merged with what the ring
 * records say (fork, exec, exit). */
struct tl_proc {
	uint32_t tid;
	uint32_t pid;
	uint32_t ppid;			/* 0 = unknown */
	uint32_t uid;
	uint32_t gid;
	uint32_t flags;			/* TL_PROC_* */
	int32_t exit_code;		/* wait status when TL_PROC_EXITED */
	uint32_t argv_len;		/* bytes in argv */
	const char *comm;		/* comm at the start of the trace window */
	const char *exe;		/* /proc/PID/exe, or NULL */
	const char *cwd;		/* /proc/PID/cwd, or NULL */
	const char *argv;		/* NUL-separated, argv_len bytes, or NULL */
	int64_t start_ns;		/* CLOCK_BOOTTIME start, 0 = unknown */
};

/* --------------------------------------------------------------- writer */

/* Where the bytes go. write() returns 0 or -errno and must write all. */
struct tl_sink {
	int (*write)(void *ctx, const void *buf, size_t len);
	void *ctx;
};

struct tl_writer_opts {
	size_t sz;			/* sizeof(struct tl_writer_opts) */
	enum tl_codec codec;		/* default TL_CODEC_ZSTD */
	int level;			/* 0 = codec default (zstd 3, zlib 6) */
	/* RING chunks: 0 = default (delta-coded RING_DELTA chunks, FORMAT.md
	 * §6.8, when the ring data is little-endian), < 0 = plain RING chunks
	 * (what a format 1.0 reader can read), > 0 = same as 0. */
	int ring_delta;
};

struct tl_writer;

/* Writes to `path`.tmp.XXXXXX and renames it to `path` in __close(). */
struct tl_writer *tl_writer__open(const char *path,
				  const struct tl_writer_opts *opts);
/* Writes to an fd (pipe, socket, file); the fd stays the caller's. */
struct tl_writer *tl_writer__open_fd(int fd, const struct tl_writer_opts *opts);
struct tl_writer *tl_writer__open_sink(const struct tl_sink *sink,
				       const struct tl_writer_opts *opts);

/* Low level: one chunk of `type` (| TL_CHUNK_CRITICAL) with this payload
 * (compressed with the writer's codec unless it does not pay off). The
 * ts range goes into the index (0, 0 = none). */
int tl_writer__add_chunk(struct tl_writer *w, uint32_t type,
			 const void *payload, size_t len,
			 int64_t ts_min, int64_t ts_max);

/* Metadata chunks, encoded as FORMAT.md §5 says. */
int tl_writer__add_machine(struct tl_writer *w, const struct tl_machine *m);
int tl_writer__add_systable(struct tl_writer *w, const struct tl_systable *t);
int tl_writer__add_trace(struct tl_writer *w, const struct tl_trace_info *t);
int tl_writer__add_procs(struct tl_writer *w, uint32_t trace_id,
			 const struct tl_proc *procs, size_t n);

/* Raw ring blocks of one trace and CPU: `len` is a multiple of
 * TL_BLOCK_SIZE, blocks in any order; they are written in block_seq order
 * (read in the byte order of the last MACHINE added, little-endian before
 * one), split into chunks of at most TL_RING_CHUNK_BLOCKS blocks, each
 * delta-coded as a RING_DELTA chunk (FORMAT.md §6.8) for little-endian
 * ring data unless tl_writer_opts.ring_delta < 0. */
#define TL_RING_CHUNK_BLOCKS	16
int tl_writer__add_ring(struct tl_writer *w, uint32_t trace_id, uint32_t cpu,
			const void *blocks, size_t len);

/* One whole dump: what tl-record writes. */
struct tl_ring_data {
	uint32_t cpu;
	const void *blocks;		/* ring bytes, copied verbatim */
	size_t len;			/* multiple of TL_BLOCK_SIZE */
};

struct tl_dump_trace {
	struct tl_trace_info info;
	const struct tl_proc *procs;	/* /proc snapshot at dump time */
	size_t nprocs;
	const struct tl_ring_data *rings;
	size_t nrings;
};

/* Writes MACHINE, the syscall tables of every ABI found in the rings (the
 * native one at least), each TRACE, each trace's PROCS (the snapshot merged
 * with fork/exec/exit records found in the rings), then every ring's valid
 * blocks as RING chunks ordered by time across traces and CPUs, so that a
 * streaming reader needs one chunk per ring at a time. */
int tl_writer__write_dump(struct tl_writer *w, const struct tl_machine *m,
			  const struct tl_dump_trace *traces, size_t ntraces);

/* Writes the INDEX chunk and the footer, flushes, and for a path renames
 * the temporary file into place. Frees w in every case. */
int tl_writer__close(struct tl_writer *w);
/* Drops everything: removes the temporary file. Accepts NULL. */
void tl_writer__abort(struct tl_writer *w);

/* --------------------------------------------------------------- reader */

struct tl_reader;

/* "-" reads stdin. `name` (or the path) appears in every message. */
struct tl_reader *tl_reader__open(const char *path);
struct tl_reader *tl_reader__open_fd(int fd, const char *name);
/* The buffer must outlive the reader. */
struct tl_reader *tl_reader__open_mem(const void *buf, size_t len,
				      const char *name);
void tl_reader__close(struct tl_reader *r);

const char *tl_reader__name(const struct tl_reader *r);
void tl_reader__version(const struct tl_reader *r, int *major, int *minor);

struct tl_chunk {
	uint32_t type;			/* without TL_CHUNK_CRITICAL */
	bool critical;
	uint64_t offset;		/* of the chunk header in the file */
	const void *data;		/* decompressed payload */
	size_t len;
	/* The type field as stored, critical bit included. It differs from
	 * `type` for a RING_DELTA chunk (0x80000007), which is returned as
	 * TL_CHUNK_RING with its delta coding undone (FORMAT.md §6.8). */
	uint32_t stored_type;
};

/* Next valid chunk (unknown non-critical ones are skipped). Returns 1 and
 * sets *chunk (valid until the next call), 0 at the end, -errno on a fatal
 * error (unknown critical chunk, bad file header, I/O error). Damage
 * (bad CRC, bad length, truncation) is skipped, reported through the print
 * callback and counted in the stats. */
int tl_reader__next_chunk(struct tl_reader *r, const struct tl_chunk **chunk);

struct tl_reader_stats {
	uint64_t chunks;		/* valid chunks returned or skipped */
	uint64_t unknown_chunks;	/* non-critical chunks not understood */
	uint64_t damaged_chunks;	/* CRC/length/decompression failures */
	uint64_t skipped_bytes;		/* bytes passed over to resynchronise */
	bool truncated;			/* ended inside a chunk */
	bool has_footer;		/* a valid index and footer were found */
};
void tl_reader__stats(const struct tl_reader *r, struct tl_reader_stats *st);

/* Metadata decoders for chunk payloads; results are owned by the reader
 * and live until it is closed. Return 0 or -EBADMSG (the message says what
 * is wrong), -EINVAL for a chunk of another type. Absent strings are ""
 * except those documented as NULL (FORMAT.md §5). A SYSTABLE's abi may be
 * one this library does not know (>= TL_ABI_MAX): check before indexing.
 * A trace may have several PROCS chunks; their entries add up (§5.5). */
int tl_reader__parse_machine(struct tl_reader *r, const struct tl_chunk *c,
			     const struct tl_machine **m);
int tl_reader__parse_systable(struct tl_reader *r, const struct tl_chunk *c,
			      const struct tl_systable **t);
int tl_reader__parse_trace(struct tl_reader *r, const struct tl_chunk *c,
			   const struct tl_trace_info **t);
int tl_reader__parse_procs(struct tl_reader *r, const struct tl_chunk *c,
			   uint32_t *trace_id, const struct tl_proc **procs,
			   size_t *n);

/* Header of a RING chunk payload (FORMAT.md §6); the blocks follow. */
struct tl_ring_chunk {
	uint32_t trace_id;
	uint32_t cpu;
	uint32_t ring_kind;
	uint32_t block_size;
	uint32_t nblocks;		/* blocks in this chunk */
	int64_t ts_min, ts_max;
	const void *blocks;
};
int tl_reader__parse_ring(struct tl_reader *r, const struct tl_chunk *c,
			  struct tl_ring_chunk *ring);

/* The chunk index (FORMAT.md §7). An entry per chunk written before the
 * INDEX chunk, in file order. */
struct tl_index_entry {
	uint64_t offset;		/* of the chunk header */
	uint32_t type;			/* with TL_CHUNK_CRITICAL; a RING_DELTA
					 * chunk is listed as TL_CHUNK_RING, as
					 * tl_reader__next_chunk() returns it */
	uint32_t trace_id;		/* TL_INDEX_NONE: not a per-trace chunk */
	uint32_t cpu;			/* RING chunks; else TL_INDEX_NONE */
	int64_t ts_min, ts_max;		/* CLOCK_BOOTTIME, 0 = none */
};
#define TL_INDEX_NONE		0xffffffffu
int tl_reader__parse_index(struct tl_reader *r, const struct tl_chunk *c,
			   const struct tl_index_entry **e, size_t *n);

/* The index found through the footer when the input is seekable (a file
 * or memory) and both are valid: 0 and the entries (owned by the reader),
 * -ENOENT when there is no valid footer/index, -ESPIPE on a pipe. Never
 * needed: tl_reader__next_chunk() reads the same chunks sequentially. */
int tl_reader__index(struct tl_reader *r, const struct tl_index_entry **e,
		     size_t *n);
/* Continue reading at the chunk header at `offset` (e.g. from the index):
 * the next tl_reader__next_chunk() returns that chunk (or resynchronises
 * from there). 0, -ESPIPE on a pipe, -EINVAL beyond the end. */
int tl_reader__seek(struct tl_reader *r, uint64_t offset);

/* --------------------------------------------------------------- decoder */

enum tl_event_type {
	TL_EV_SYSCALL_ENTER	= 1,	/* enter part, at enter time */
	TL_EV_SYSCALL_EXIT	= 2,	/* whole call, at exit time */
	TL_EV_FORK		= 3,	/* a process or thread was created */
	TL_EV_EXEC		= 4,	/* a successful execve */
	TL_EV_EXIT		= 5,	/* a thread (and maybe its process) ended */
	TL_EV_LOST		= 6,	/* records missing here */
};

enum {
	TL_EVF_HAS_ENTER	= 1u << 0,	/* args and enter captures known */
	TL_EVF_HAS_RET		= 1u << 1,	/* ret known */
	TL_EVF_NORETURN		= 1u << 2,	/* EXIT synthesized: the thread
						 * ended inside the call */
	TL_EVF_IN_FLIGHT	= 1u << 3,	/* EXIT synthesized: still in
						 * the call when dumped */
	TL_EVF_THREAD		= 1u << 4,	/* FORK made a thread */
	TL_EVF_GROUP_DEAD	= 1u << 5,	/* EXIT: the process ended */
};

enum tl_lost_kind {
	TL_LOST_GAP		= 1,	/* between two retained records */
	TL_LOST_OVERWRITTEN	= 2,	/* before the oldest retained record */
};

struct tl_capture {
	uint8_t arg;			/* argument index */
	uint8_t kind;			/* TL_CAPT_* */
	uint8_t flags;			/* TL_CAPTF_* */
	uint8_t pad;
	uint32_t len;
	uint32_t full_len;
	const uint8_t *data;
};

/* Per-file metadata, available once the decoder has read the file's
 * metadata chunks (before its first event). */
struct tl_file_info {
	const char *name;
	const struct tl_machine *machine;	/* NULL if the chunk is missing */
	uint32_t ntraces;
	const struct tl_trace_info *const *traces;
	const struct tl_systable *systables[TL_ABI_MAX];	/* by ABI, may be NULL */
	int64_t wall_offset_ns;		/* realtime - boottime at dump */
};

/*
 * One decoded event. Events come in ts order (ties: file, trace, cpu,
 * seq). A SYSCALL_EXIT has HAS_RET when its exit record was read; one
 * without HAS_RET was synthesized from a pending enter:
 *   NORETURN   the thread ended inside the call (exit, exit_group, killed,
 *              execve by another thread); ts = exit_ts = when it ended;
 *   IN_FLIGHT  the call was still running at the end of the data;
 *              ts = the last ts seen, exit_ts = 0;
 *   neither    its exit record is missing (the thread's next record came
 *              first); ts = that next record's ts, exit_ts = 0.
 * LOST events have tid 0 and the ring's cpu and trace: GAP at the record
 * that follows the gap (or at the end for records missing after the last
 * one a ring kept), OVERWRITTEN once per ring before its first record.
 */
struct tl_event {
	uint32_t type;			/* enum tl_event_type */
	uint32_t flags;			/* TL_EVF_* */
	int64_t ts;			/* CLOCK_BOOTTIME ns of this event */
	int64_t wall_ns;		/* ts as Unix time (ns) */
	uint32_t cpu;
	uint32_t tid;
	uint32_t pid;
	uint32_t ppid;			/* 0 = unknown */
	const char *comm;		/* "?" when unknown */
	const struct tl_file_info *file;
	const struct tl_trace_info *trace;

	/* TL_EV_SYSCALL_* */
	uint8_t abi;
	uint16_t nr;
	const struct tl_syscall *sc;	/* NULL: not in the file's table */
	const char *name;		/* sc->name or "syscall_0x1b2" */
	uint64_t args[6];		/* valid with TL_EVF_HAS_ENTER */
	int64_t ret;			/* valid with TL_EVF_HAS_RET */
	int64_t enter_ts;		/* 0 when the enter was not recorded */
	int64_t exit_ts;		/* 0 for ENTER events and when
					 * unknown (see above) */
	uint32_t ncapt;			/* enter and exit captures together */
	const struct tl_capture *capt;

	/* TL_EV_FORK */
	uint32_t child_tid;
	uint32_t child_pid;
	/* TL_EV_EXEC: tid/pid are after exec */
	uint32_t old_tid;
	const char *filename;		/* bprm filename */
	/* TL_EV_EXIT */
	int32_t exit_code;		/* wait(2) status */
	/* TL_EV_LOST */
	uint32_t lost_kind;		/* enum tl_lost_kind */
	uint64_t lost;			/* records */
};

struct tl_decoder_opts {
	size_t sz;
	bool no_enter_events;		/* only EXIT events for syscalls */
	/* Ring data held in memory (bytes) beyond which records are output
	 * even when a later chunk might still hold older ones (a file whose
	 * RING chunks are not in time order); 0 = 1 GiB. */
	size_t mem_limit;
};

struct tl_decoder;

struct tl_decoder *tl_decoder__new(const struct tl_decoder_opts *opts);
/* Adds an input; the decoder takes ownership of r (closed by __free, also
 * on error). Files are merged in time order. */
int tl_decoder__add(struct tl_decoder *d, struct tl_reader *r);
/* Next event: 1 and *ev set (valid until the next call), 0 at the end,
 * -errno on a fatal error. */
int tl_decoder__next(struct tl_decoder *d, const struct tl_event **ev);
/* Metadata of input i (in __add order), reading its metadata chunks if
 * needed; NULL when out of range. */
const struct tl_file_info *tl_decoder__file(struct tl_decoder *d, unsigned i);
unsigned tl_decoder__nfiles(const struct tl_decoder *d);
/* Thread state known to the decoder now (NULL if unknown). */
const struct tl_proc *tl_decoder__proc(struct tl_decoder *d,
				       const struct tl_file_info *f,
				       uint32_t tid);
void tl_decoder__free(struct tl_decoder *d);

/* Counters since tl_decoder__new(). */
struct tl_decoder_stats {
	uint64_t events;		/* returned by __next() */
	uint64_t records;		/* ring records read */
	uint64_t lost_gap;		/* records reported lost between others */
	uint64_t lost_overwritten;	/* records reported overwritten */
	uint64_t damaged_blocks;	/* blocks skipped: bad header, order */
	uint64_t damaged_records;	/* records skipped: bad framing/contents */
	uint64_t unknown_records;	/* records of an unknown type, skipped */
	uint64_t ring_chunks;		/* RING chunks read */
	uint64_t chunks_held;		/* RING chunk buffers in memory now */
	uint64_t max_chunks_held;	/* ... at most */
	uint64_t max_bytes_held;	/* ring bytes in memory at most */
	uint64_t forced;		/* records output before their order was
					 * certain (mem_limit reached) */
};
void tl_decoder__stats(const struct tl_decoder *d, struct tl_decoder_stats *st);

/* Helpers shared by the tools. */
const char *tl_abi_name(int abi);		/* "x86_64", "i386", ... */
const char *tl_trace_kind_name(int kind);	/* "command", "cgroup", ... */

#endif /* TL_H */
