// SPDX-License-Identifier: MIT
/*
 * pending_stub.c - TEMPORARY: a minimal tl_writer__write_dump() until the
 * real one (format/dump.c) lands in main; record/build.mk compiles this
 * file only while format/dump.c does not exist. It writes MACHINE, the
 * x86_64 and i386 tables, TRACE, PROCS (the snapshot as given, not merged
 * with the rings) and every ring's blocks unsorted. Delete it then.
 */
#include <errno.h>
#include <string.h>

#include "tl.h"

int tl_writer__write_dump(struct tl_writer *w, const struct tl_machine *m,
			  const struct tl_dump_trace *traces, size_t ntraces)
{
	static const int abis[] = { TL_ABI_X86_64, TL_ABI_I386 };
	size_t i, k;
	int err;

	err = tl_writer__add_machine(w, m);
	for (i = 0; !err && i < sizeof(abis) / sizeof(abis[0]); i++) {
		const struct tl_systable *t = tl_systable_builtin(abis[i]);

		if (t)
			err = tl_writer__add_systable(w, t);
	}
	for (i = 0; !err && i < ntraces; i++)
		err = tl_writer__add_trace(w, &traces[i].info);
	for (i = 0; !err && i < ntraces; i++)
		err = tl_writer__add_procs(w, traces[i].info.id, traces[i].procs,
					   traces[i].nprocs);
	for (i = 0; !err && i < ntraces; i++)
		for (k = 0; !err && k < traces[i].nrings; k++)
			if (traces[i].rings[k].len)
				err = tl_writer__add_ring(w, traces[i].info.id,
							  traces[i].rings[k].cpu,
							  traces[i].rings[k].blocks,
							  traces[i].rings[k].len);
	return err;
}
