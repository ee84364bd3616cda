/* SPDX-License-Identifier: MIT */
/*
 * procsnap.h - a /proc snapshot of threads (pid, tid, ppid, comm, exe,
 * argv, cwd, uid, gid, start time) for the PROCS chunk, and the machine
 * description (uname, clocks) for the MACHINE chunk.
 *
 * Ownership: a snapshot owns every string its tl_proc entries point to;
 * they live until tlr_procsnap_free().
 */
#ifndef TLR_PROCSNAP_H
#define TLR_PROCSNAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/utsname.h>

#include "tl.h"

struct tlr_procsnap {
	struct tl_proc *procs;
	size_t n, cap;
};

/* Adds thread `tid` as found in /proc now (flags TL_PROC_ALIVE, and
 * TL_PROC_THREAD when tid != pid). -ESRCH when it is gone. A tid already
 * in the snapshot is replaced. */
int tlr_procsnap_add(struct tlr_procsnap *s, pid_t tid);

/* Adds an entry built by the caller; its strings are copied. */
int tlr_procsnap_add_entry(struct tlr_procsnap *s, const struct tl_proc *p);

/* Adds the entries of `from` whose tid is not in `s` yet (clearing their
 * TL_PROC_ALIVE flag: they were seen earlier, not now). */
int tlr_procsnap_merge_old(struct tlr_procsnap *s,
			   const struct tlr_procsnap *from);

void tlr_procsnap_free(struct tlr_procsnap *s);

/*
 * Parses the text of /proc/PID/stat: ppid and start time (clock ticks since
 * boot) and comm. 0 or -EBADMSG.
 */
int tlr_parse_stat(const char *text, char *comm, size_t commlen,
		   uint32_t *ppid, uint64_t *start_ticks);

/* Clock snapshot (realtime, monotonic, boottime). */
void tlr_clock_snapshot(struct tl_clock_snapshot *c);

/* Fills the machine fields of *m from uname(), sysconf() and the clocks
 * (clock_start and the recorder fields are the caller's); `uts` holds the
 * strings *m points to. */
void tlr_machine_fill(struct tl_machine *m, struct utsname *uts);

#endif /* TLR_PROCSNAP_H */
