// SPDX-License-Identifier: MIT
/*
 * filter.c - tl-convert's filters (convert/filter.h). The syscall filter
 * is decided once per syscall table entry and cached, so the per-event
 * cost is one hash lookup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "filter.h"
#include "internal.h"

static int add_str(char ***arr, unsigned int *n, const char *s, size_t len)
{
	char **na = tl_reallocarray(*arr, *n + 1, sizeof(*na));
	char *dup;

	if (!na)
		return -ENOMEM;
	*arr = na;
	dup = strndup(s, len);
	if (!dup)
		return -ENOMEM;
	na[(*n)++] = dup;
	return 0;
}

/* Calls fn for each non-empty comma-separated item. */
static int each_item(const char *list, int (*fn)(void *, const char *, size_t,
						 char *), void *arg, char *err)
{
	const char *p = list;
	int ret;

	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len) {
			ret = fn(arg, p, len, err);
			if (ret)
				return ret;
		}
		if (!e)
			return 0;
		p = e + 1;
	}
}

static int add_pid(void *arg, const char *s, size_t len, char *err)
{
	struct conv_filter *f = arg;
	char tmp[32];
	uint64_t v;
	uint32_t *np;

	if (len >= sizeof(tmp) || (memcpy(tmp, s, len), tmp[len] = 0,
	    tl_parse_u64(tmp, 0, UINT32_MAX, &v))) {
		snprintf(err, 256, "invalid pid '%.*s'", (int)len, s);
		return -EINVAL;
	}
	np = tl_reallocarray(f->pids, f->npids + 1, sizeof(*np));
	if (!np)
		return -ENOMEM;
	f->pids = np;
	np[f->npids++] = (uint32_t)v;
	return 0;
}

int filter_add_pids(struct conv_filter *f, const char *list, char *err)
{
	return each_item(list, add_pid, f, err);
}

static int add_comm(void *arg, const char *s, size_t len, char *err)
{
	struct conv_filter *f = arg;

	return add_str(&f->comms, &f->ncomms, s, len);
}

int filter_add_comms(struct conv_filter *f, const char *list, char *err)
{
	return each_item(list, add_comm, f, err);
}

static int add_trace(void *arg, const char *s, size_t len, char *err)
{
	struct conv_filter *f = arg;

	return add_str(&f->traces, &f->ntraces, s, len);
}

int filter_add_traces(struct conv_filter *f, const char *list, char *err)
{
	return each_item(list, add_trace, f, err);
}

static const struct {
	const char *name;
	uint32_t mask;
} classes[] = {
	{ "file", TL_SC_FILE }, { "desc", TL_SC_DESC },
	{ "process", TL_SC_PROCESS }, { "network", TL_SC_NETWORK },
	{ "net", TL_SC_NETWORK }, { "signal", TL_SC_SIGNAL },
	{ "ipc", TL_SC_IPC }, { "memory", TL_SC_MEMORY },
	{ "stat", TL_SC_STAT }, { "%stat", TL_SC_STAT },
	{ "creds", TL_SC_CREDS }, { "clock", TL_SC_CLOCK },
};

static bool known_name(const char *name)
{
	bool any_table = false;
	int abi;

	if (strncmp(name, "syscall_0x", 10) == 0)
		return true;
	for (abi = 1; abi < TL_ABI_MAX; abi++) {
		const struct tl_systable *t = tl_systable_builtin(abi);

		if (!t)
			continue;
		any_table = true;
		if (tl_systable__find(t, name))
			return true;
	}
	return !any_table;
}

static int add_sc(void *arg, const char *s, size_t len, char *err)
{
	struct conv_filter *f = arg;
	char tmp[64];
	unsigned i;

	if (len >= sizeof(tmp))
		goto bad;
	memcpy(tmp, s, len);
	tmp[len] = 0;
	if (tmp[0] == '%') {
		for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
			if (strcmp(tmp + 1, classes[i].name) == 0) {
				f->classes |= classes[i].mask;
				return 0;
			}
		}
		snprintf(err, 256, "invalid syscall class '%s'", tmp);
		return -EINVAL;
	}
	if (strcmp(tmp, "all") == 0) {
		f->classes = UINT32_MAX;
		return 0;
	}
	if (strcmp(tmp, "none") == 0)
		return 0;
	/* strace accepts the class names without '%' too */
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strcmp(tmp, classes[i].name) == 0 && !known_name(tmp)) {
			f->classes |= classes[i].mask;
			return 0;
		}
	}
	if (!known_name(tmp))
		goto bad;
	return add_str(&f->names, &f->nnames, s, len);
bad:
	snprintf(err, 256, "invalid system call '%.*s'", (int)len, s);
	return -EINVAL;
}

int filter_set_syscalls(struct conv_filter *f, const char *expr, char *err)
{
	const char *p = expr;

	if (strncmp(p, "trace=", 6) == 0)
		p += 6;
	else if (strchr(p, '=')) {
		snprintf(err, 256, "unsupported expression '%s' (only trace=)",
			 expr);
		return -EINVAL;
	}
	f->sc_filter = true;
	if (*p == '!') {
		f->sc_negate = true;
		p++;
	}
	if (!*p) {
		snprintf(err, 256, "empty syscall list in '%s'", expr);
		return -EINVAL;
	}
	hmap_release(&f->verdict);
	return each_item(p, add_sc, f, err);
}

static int parse_frac(const char *s, int64_t *ns, const char **end)
{
	int64_t v = 0, mul = 100000000;

	*ns = 0;
	if (*s != '.') {
		*end = s;
		return 0;
	}
	s++;
	if (*s < '0' || *s > '9')
		return -EINVAL;
	while (*s >= '0' && *s <= '9') {
		v += (*s - '0') * mul;
		mul /= 10;
		s++;
	}
	*ns = v;
	*end = s;
	return 0;
}

int filter_parse_time(const char *s, struct conv_time *t, char *err)
{
	uint64_t ns;
	struct tm tm;
	const char *e;
	int64_t frac;

	memset(t, 0, sizeof(*t));
	if (*s == '@') {
		char *end;
		long long sec;

		errno = 0;
		sec = strtoll(s + 1, &end, 10);
		if (errno || end == s + 1 || sec < 0 ||
		    parse_frac(end, &frac, &e) || *e)
			goto bad;
		t->kind = CONV_AT_ABS;
		t->ns = sec * 1000000000ll + frac;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	e = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!e)
		e = strptime(s, "%Y-%m-%d %H:%M:%S", &tm);
	if (e) {
		time_t sec;

		if (parse_frac(e, &frac, &e) || *e)
			goto bad;
		tm.tm_isdst = -1;
		sec = mktime(&tm);
		if (sec == (time_t)-1)
			goto bad;
		t->kind = CONV_AT_ABS;
		t->ns = (int64_t)sec * 1000000000ll + frac;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	e = strptime(s, "%H:%M:%S", &tm);
	if (e) {
		if (parse_frac(e, &frac, &e) || *e)
			goto bad;
		t->kind = CONV_AT_CLOCK;
		t->ns = ((int64_t)tm.tm_hour * 3600 + tm.tm_min * 60 +
			 tm.tm_sec) * 1000000000ll + frac;
		return 0;
	}
	if (*s == '+')
		s++;
	if (tl_parse_duration(s, &ns) == 0) {
		t->kind = CONV_AT_REL;
		t->ns = (int64_t)ns;
		return 0;
	}
bad:
	snprintf(err, 256, "invalid time '%s'", s);
	return -EINVAL;
}

bool filter_needs_exit(const struct conv_filter *f)
{
	return f->failed;
}

static int64_t resolve(const struct conv_time *t, int64_t t0_wall)
{
	switch (t->kind) {
	case CONV_AT_REL:
		return t0_wall + t->ns;
	case CONV_AT_ABS:
		return t->ns;
	case CONV_AT_CLOCK: {
		time_t sec = (time_t)(t0_wall / 1000000000);
		struct tm tm;
		int64_t midnight;

		localtime_r(&sec, &tm);
		midnight = (int64_t)sec - (tm.tm_hour * 3600 + tm.tm_min * 60 +
					   tm.tm_sec);
		return midnight * 1000000000ll + t->ns;
	}
	}
	return 0;
}

static bool sc_pass(struct conv_filter *f, const struct tl_event *ev)
{
	uint64_t key = (uint64_t)(uintptr_t)ev->sc;
	uint64_t *v = ev->sc ? hmap_get(&f->verdict, key) : NULL;
	bool pass = false;
	unsigned i;

	if (v)
		return *v == 1;
	if (ev->sc && (ev->sc->classes & f->classes))
		pass = true;
	for (i = 0; !pass && i < f->nnames; i++)
		if (strcmp(f->names[i], ev->name) == 0)
			pass = true;
	if (f->sc_negate)
		pass = !pass;
	if (ev->sc)
		hmap_put(&f->verdict, key, pass ? 1 : 2);
	return pass;
}

bool filter_match(struct conv_filter *f, const struct tl_event *ev,
		  int64_t t0_wall)
{
	bool is_sc = ev->type == TL_EV_SYSCALL_ENTER ||
		     ev->type == TL_EV_SYSCALL_EXIT;
	unsigned i;

	if (!f->resolved) {
		f->since_wall = f->since.kind ? resolve(&f->since, t0_wall) :
						INT64_MIN;
		f->until_wall = f->until.kind ? resolve(&f->until, t0_wall) :
						INT64_MAX;
		f->resolved = true;
	}
	if (ev->wall_ns < f->since_wall || ev->wall_ns > f->until_wall)
		return false;
	if (f->ntraces) {
		const struct tl_trace_info *t = ev->trace;
		bool ok = false;

		for (i = 0; t && i < f->ntraces && !ok; i++) {
			uint64_t id;

			if (t->name && strcmp(t->name, f->traces[i]) == 0)
				ok = true;
			else if (tl_parse_u64(f->traces[i], 0, UINT32_MAX, &id) == 0 &&
				 id == t->id)
				ok = true;
		}
		if (!ok)
			return false;
	}
	if (ev->type == TL_EV_LOST)
		return true;
	if (f->npids) {
		bool ok = false;

		for (i = 0; i < f->npids && !ok; i++)
			ok = f->pids[i] == ev->pid || f->pids[i] == ev->tid;
		if (!ok)
			return false;
	}
	if (f->ncomms) {
		bool ok = false;

		for (i = 0; i < f->ncomms && !ok; i++)
			ok = ev->comm && strcmp(f->comms[i], ev->comm) == 0;
		if (!ok)
			return false;
	}
	if (!is_sc)
		return true;
	if (f->sc_filter && !sc_pass(f, ev))
		return false;
	if (f->failed) {
		if (ev->type != TL_EV_SYSCALL_EXIT ||
		    !(ev->flags & TL_EVF_HAS_RET) ||
		    (ev->flags & (TL_EVF_NORETURN | TL_EVF_IN_FLIGHT)) ||
		    !(ev->ret < 0 && ev->ret >= -4095))
			return false;
	}
	return true;
}

void filter_release(struct conv_filter *f)
{
	unsigned i;

	for (i = 0; i < f->ncomms; i++)
		free(f->comms[i]);
	for (i = 0; i < f->ntraces; i++)
		free(f->traces[i]);
	for (i = 0; i < f->nnames; i++)
		free(f->names[i]);
	free(f->comms);
	free(f->traces);
	free(f->names);
	free(f->pids);
	hmap_release(&f->verdict);
	memset(f, 0, sizeof(*f));
}
