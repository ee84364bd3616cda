// SPDX-License-Identifier: MIT
/*
 * sqlite.c - tl-convert -f sqlite -o FILE: every input into one SQLite
 * database (schema: docs/sqlite-schema.md, built by sqldb.c). The database
 * is built in a temporary file next to FILE and renamed over it at the
 * end, so a failed run leaves nothing half-written; an existing FILE is
 * replaced only when it is empty or a tlz database.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"
#include "internal.h"
#include "sqldb.h"

struct sqlite_state {
	struct tl_sqldb *db;
	char *tmp;		/* the temporary file being built */
};

static void state_free(struct sqlite_state *s, bool keep)
{
	if (!s)
		return;
	tl_sqldb__close(s->db);
	if (s->tmp) {
		if (!keep)
			unlink(s->tmp);
		free(s->tmp);
	}
	free(s);
}

static int sqlite_begin(struct conv_ctx *c)
{
	const char *path = c->opts->out_path, *msg = "";
	struct sqlite_state *s;
	unsigned int i, n;
	mode_t mask;
	int fd, err;

	if (!path || !strcmp(path, "-"))
		return conv_fail(c, -EINVAL, "-f sqlite needs -o FILE");
	err = tl_sqldb_check_path(path);
	if (err == -EEXIST)
		return conv_fail(c, err, "'%s': exists and is not a tlz "
				 "database; refusing to overwrite it", path);
	if (err)
		return conv_fail(c, err, "'%s': %s", path, strerror(-err));
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (asprintf(&s->tmp, "%s.tmp.XXXXXX", path) < 0) {
		s->tmp = NULL;
		err = -ENOMEM;
		goto fail;
	}
	fd = mkstemp(s->tmp);
	if (fd < 0) {
		err = -errno;
		conv_fail(c, err, "'%s': cannot create a temporary file next "
			  "to it: %s", path, strerror(-err));
		free(s->tmp);
		s->tmp = NULL;
		goto fail;
	}
	/* mkstemp made it 0600: give it the mode a new file would get */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask)) {
		err = -errno;
		close(fd);
		conv_fail(c, err, "'%s': %s", s->tmp, strerror(-err));
		goto fail;
	}
	close(fd);
	s->db = tl_sqldb__open(s->tmp, &msg);
	if (!s->db) {
		err = errno ? -errno : -EIO;
		conv_fail(c, err, "'%s': %s", path, msg);
		goto fail;
	}
	n = c->dec ? tl_decoder__nfiles(c->dec) : 0;
	for (i = 0; i < n; i++) {
		const struct tl_file_info *f = tl_decoder__file(c->dec, i);

		if (!f)
			continue;
		err = tl_sqldb__add_file(s->db, f);
		if (err) {
			conv_fail(c, err, "'%s': %s", path,
				  tl_sqldb__errmsg(s->db));
			goto fail;
		}
	}
	c->priv = s;
	return 0;
fail:
	state_free(s, false);
	return err;
}

static int sqlite_event(struct conv_ctx *c, const struct tl_event *ev)
{
	struct sqlite_state *s = c->priv;
	int err;

	if (ev->type == TL_EV_SYSCALL_ENTER)
		return 0;
	err = tl_sqldb__add_event(s->db, ev, c->dec);
	if (err)
		conv_fail(c, err, "'%s': %s", c->opts->out_path,
			  tl_sqldb__errmsg(s->db));
	return err;
}

static int sqlite_end(struct conv_ctx *c, bool failed)
{
	struct sqlite_state *s = c->priv;
	int err = 0;

	if (!s)
		return 0;
	if (!failed) {
		err = tl_sqldb__finish(s->db);
		if (err)
			conv_fail(c, err, "'%s': %s",
				  c->opts->out_path, tl_sqldb__errmsg(s->db));
	}
	tl_sqldb__close(s->db);
	s->db = NULL;
	if (!failed && !err && rename(s->tmp, c->opts->out_path)) {
		err = -errno;
		conv_fail(c, err, "cannot rename '%s' to '%s': %s",
			  s->tmp, c->opts->out_path, strerror(-err));
	}
	state_free(s, !failed && !err);
	c->priv = NULL;
	return err;
}

const struct conv_emitter conv_sqlite = {
	.name = "sqlite",
	.desc = "SQLite database (-o FILE; schema in docs/sqlite-schema.md)",
	.needs_path = true,
	.binary = false,
	.wants_enter = false,
	.begin = sqlite_begin,
	.event = sqlite_event,
	.end = sqlite_end,
};
