# SPDX-License-Identifier: MIT
# gen-systable.awk - the table builder behind scripts/gen-systable.sh.
# Reads, in this order (phase=... assignments on the command line):
#   phase=ann  format/systable-annotations.txt
#   phase=tfs  format/systable-tracefs.txt (tracefs prototypes)
#   phase=nr   one file per ABI, lines "ABI NR NAME" from the uapi headers
# and writes OUTDIR/systable_<abi>.c. Plain POSIX awk (runs with mawk).

function die(msg) {
	printf "gen-systable: %s\n", msg > "/dev/stderr"
	failed = 1
	exit 1
}

function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t]+$/, "", s)
	return s
}

# "struct foo * * bar" -> type "struct foo **", name "bar"
function split_decl(decl, out,    n, w, i, t) {
	decl = trim(decl)
	n = split(decl, w, /[ \t]+/)
	out["name"] = w[n]
	t = ""
	for (i = 1; i < n; i++)
		t = t (i > 1 ? " " : "") w[i]
	while (t ~ /\* \*/)
		sub(/\* \*/, "**", t)
	out["type"] = t
}

function known_abi(a) {
	return a == "all" || a == "x86_64" || a == "i386" || a == "aarch64"
}

function line_rest(nskip,    s, i) {
	s = $0
	for (i = 0; i < nskip; i++) {
		sub(/^[ \t]*[^ \t]+/, "", s)
	}
	return trim(s)
}

BEGIN {
	nabi = split("x86_64 i386 aarch64", abis, " ")
	abi_const["x86_64"] = "TL_ABI_X86_64"
	abi_const["i386"] = "TL_ABI_I386"
	abi_const["aarch64"] = "TL_ABI_AARCH64"
	abi_col["x86_64"] = 3; abi_col["i386"] = 4; abi_col["aarch64"] = 5
	nk = split("INT UINT HEX FD DIRFD PTR STR PATH BUF_IN BUF_OUT " \
		   "STRUCT_IN STRUCT_OUT SOCKADDR_IN SOCKADDR_OUT ARGV ENVP " \
		   "FLAGS ENUM MODE SIGNAL PID UID IOV_IN IOV_OUT ARRAY_IN " \
		   "ARRAY_OUT STR_OUT ARRAY_INOUT BUF_OUT_PLEN STRUCT_INOUT " \
		   "IOCTL_ARG FDSET_INOUT", kl, " ")
	for (i = 1; i <= nk; i++)
		kind_ok[kl[i]] = 1
	ncl = split("FILE DESC PROCESS NETWORK SIGNAL IPC MEMORY STAT CREDS " \
		    "CLOCK NORETURN", cl, " ")
	for (i = 1; i <= ncl; i++)
		class_ok[cl[i]] = 1
	# default kinds by argument name (integer arguments only)
	split("fd fd_in fd_out in_fd out_fd fdin fdout ufd epfd oldfd newfd " \
	      "fs_fd pidfd ruleset_fd fanotify_fd group_fd kernel_fd initrd_fd",
	      t, " ")
	for (i in t) fd_name[t[i]] = 1
	split("dfd olddfd newdfd from_dfd to_dfd dirfd", t, " ")
	for (i in t) dirfd_name[t[i]] = 1
	# default PATH by name for char pointers
	split("filename pathname path oldname newname specialfile library " \
	      "new_root put_old dir_name from_pathname to_pathname", t, " ")
	for (i in t) path_name[t[i]] = 1
	split("addr start brk new_addr", t, " ")
	for (i in t) hex_name[t[i]] = 1
}

# ------------------------------------------------------------ annotations
phase == "ann" {
	sub(/#.*/, "")
	if ($0 ~ /^[ \t]*$/)
		next
	where = FILENAME ":" FNR
	if ($1 == "nr") {
		if (NF != 4 || !known_abi($2) || $3 !~ /^[0-9]+$/)
			die(where ": bad nr line")
		for (i = 1; i <= nabi; i++)
			if ($2 == "all" || $2 == abis[i])
				extra[abis[i], $3 + 0] = $4
	} else if ($1 == "size") {
		if (NF < 5)
			die(where ": bad size line")
		for (i = 1; i <= nabi; i++) {
			v = $(abi_col[abis[i]])
			sub(/^~/, "", v)
			if (v != "-" && v !~ /^[0-9]+$/)
				die(where ": bad size value " v)
			sz[$2, abis[i]] = v
		}
		size_key[$2] = 1
	} else if ($1 == "fn") {
		if (NF != 4 || !known_abi($2))
			die(where ": bad fn line")
		fnmap[$2, $3] = $4
	} else if ($1 == "proto") {
		if (NF < 4 || !known_abi($2))
			die(where ": bad proto line")
		key = $2 SUBSEP $3
		hp_set[key] = 1
		rest = line_rest(3)
		if (rest == "void") {
			hp_n[key] = 0
		} else if (rest ~ /^raw [0-9]+$/) {
			n = substr(rest, 5) + 0
			hp_n[key] = n
			for (i = 1; i <= n; i++) {
				hp_t[key, i] = "unsigned long"
				hp_a[key, i] = "arg" i
			}
			hp_raw[key] = 1
		} else {
			n = split(rest, parts, ",")
			if (n > 6)
				die(where ": more than 6 arguments")
			hp_n[key] = n
			for (i = 1; i <= n; i++) {
				split_decl(parts[i], d)
				if (d["type"] == "" || d["name"] == "")
					die(where ": bad argument '" parts[i] "'")
				hp_t[key, i] = d["type"]
				hp_a[key, i] = d["name"]
			}
		}
	} else if ($1 == "class") {
		c = toupper($2)
		if (!(c in class_ok))
			die(where ": unknown class " $2)
		for (i = 3; i <= NF; i++) {
			if (index(cls[$i] "|", "|TL_SC_" c "|") == 0)
				cls[$i] = cls[$i] "|TL_SC_" c
			class_named[$i] = where
		}
	} else if ($1 == "sc") {
		name = $2
		a = "all"
		if (index(name, "@")) {
			a = substr(name, index(name, "@") + 1)
			name = substr(name, 1, index(name, "@") - 1)
			if (!known_abi(a) || a == "all")
				die(where ": bad ABI in " $2)
		}
		key = a SUBSEP name
		if (!(key in an_n)) an_n[key] = 0
		sc_named[name] = where
		for (i = 3; i <= NF; i++) {
			k = ++an_n[key]
			an_s[key, k] = $i
			an_where[key, k] = where
		}
	} else {
		die(where ": unknown keyword " $1)
	}
	next
}

# ------------------------------------------------------ tracefs prototypes
phase == "tfs" {
	if ($0 ~ /^#/ || $0 ~ /^[ \t]*$/)
		next
	n = split($0, f, "\t")
	ev = f[1]
	tp_n[ev] = n - 1
	for (i = 2; i <= n; i++) {
		split_decl(f[i], d)
		tp_t[ev, i - 1] = d["type"]
		tp_a[ev, i - 1] = d["name"]
	}
	next
}

# ------------------------------------------------------ numbers and names
phase == "nr" {
	if (NF != 3 || $2 !~ /^[0-9]+$/)
		die(FILENAME ":" FNR ": bad number line")
	hdr[$1, $2 + 0] = $3
	next
}

# Load the prototype of `name` for `abi` into P_t[], P_a[], P_n, P_src.
function load_hand(key,    i) {
	P_n = hp_n[key]
	for (i = 1; i <= P_n; i++) {
		P_t[i] = hp_t[key, i]
		P_a[i] = hp_a[key, i]
	}
	P_raw = (key in hp_raw)
	return 1
}
function load_event(ev,    i) {
	P_n = tp_n[ev]
	for (i = 1; i <= P_n; i++) {
		P_t[i] = tp_t[ev, i]
		P_a[i] = tp_a[ev, i]
	}
	P_raw = 0
	return 1
}
function load_target(abi, ev) {
	if (ev in tp_n)
		return load_event(ev)
	if ((abi SUBSEP ev) in hp_set)
		return load_hand(abi SUBSEP ev)
	if (("all" SUBSEP ev) in hp_set)
		return load_hand("all" SUBSEP ev)
	return 0
}
function load_proto(abi, name) {
	if ((abi SUBSEP name) in hp_set)
		return load_hand(abi SUBSEP name)
	if ((abi SUBSEP name) in fnmap)
		return load_target(abi, fnmap[abi, name])
	if (("all" SUBSEP name) in hp_set)
		return load_hand("all" SUBSEP name)
	if (("all" SUBSEP name) in fnmap)
		return load_target(abi, fnmap["all", name])
	if (name in tp_n)
		return load_event(name)
	return 0
}

function is_unsigned(t) {
	return t ~ /^(const )?(unsigned|u8|u16|u32|u64|__u8|__u16|__u32|__u64|size_t|qid_t|rwf_t)( |$)/
}

# Default kind of argument i of the loaded prototype.
function default_kind(i,    t, n, bt) {
	t = P_t[i]
	n = P_a[i]
	bt = t
	sub(/^const /, "", bt)
	if (P_raw)
		return "HEX"
	if (index(t, "*") || bt == "cap_user_header_t" || bt == "cap_user_data_t" ||
	    bt == "__sighandler_t") {
		if ((t == "const char *" || t == "char *") && (n in path_name))
			return "PATH"
		return "PTR"
	}
	if (bt == "pid_t")
		return "PID"
	if (bt ~ /^(uid_t|gid_t|old_uid_t|old_gid_t)$/)
		return "UID"
	if (bt == "umode_t" || bt == "mode_t")
		return "MODE"
	if (bt == "mqd_t")
		return "FD"
	if (n in fd_name)
		return "FD"
	if (n in dirfd_name)
		return "DIRFD"
	if (bt == "aio_context_t")
		return "HEX"
	if ((n in hex_name) && bt == "unsigned long")
		return "HEX"
	if (is_unsigned(bt))
		return "UINT"
	return "INT"
}

function arg_index(name,    i) {
	for (i = 1; i <= P_n; i++)
		if (P_a[i] == name)
			return i
	return 0
}

# Apply annotation list `key` to the loaded prototype (sets K_*).
function apply(key, abi, sname,    k, spec, nf, f, ai, j, opt, v, li) {
	if (!(key in an_n))
		return
	for (k = 1; k <= an_n[key]; k++) {
		spec = an_s[key, k]
		where = an_where[key, k]
		nf = split(spec, f, ":")
		if (nf < 2)
			die(where ": bad argument annotation '" spec "'")
		ai = arg_index(f[1])
		if (!ai)
			continue
		an_hit[key, k] = 1
		if (!(f[2] in kind_ok))
			die(where ": unknown kind " f[2])
		K_kind[ai] = f[2]
		K_fmt[ai] = ""
		K_len[ai] = -1
		K_size[ai] = 0
		for (j = 3; j <= nf; j++) {
			opt = f[j]
			if (opt ~ /^len=/) {
				v = substr(opt, 5)
				if (v ~ /^[0-9]+$/)
					li = v + 1
				else
					li = arg_index(v)
				if (!li || li > P_n)
					die(where ": " sname "@" abi ": no argument " v)
				K_len[ai] = li - 1
			} else if (opt ~ /^size=/) {
				v = substr(opt, 6)
				if (v ~ /^[0-9]+$/) {
					K_size[ai] = v + 0
				} else {
					if (!(v in size_key))
						die(where ": unknown size " v)
					if (sz[v, abi] == "-")
						die(where ": size " v " has no value for " abi)
					K_size[ai] = sz[v, abi] + 0
				}
			} else if (opt ~ /=/) {
				die(where ": unknown option " opt)
			} else {
				K_fmt[ai] = opt
			}
		}
		check_arg(ai, where, sname, abi)
	}
}

function check_arg(i, where, sname, abi,    k) {
	k = K_kind[i]
	if (k ~ /^(STRUCT_|ARRAY_)/ && K_size[i] <= 0)
		die(where ": " sname "." P_a[i] ": " k " needs size=")
	if (k ~ /^(BUF_IN|BUF_OUT_PLEN|FDSET_INOUT|SOCKADDR_|IOV_|ARRAY_IN)/ && K_len[i] < 0)
		die(where ": " sname "." P_a[i] ": " k " needs len=")
	if (k !~ /^(STRUCT_|ARRAY_)/ && K_size[i] != 0)
		die(where ": " sname "." P_a[i] ": size= only for STRUCT/ARRAY")
	if (k !~ /^(FLAGS|ENUM)$/ && K_fmt[i] != "")
		die(where ": " sname "." P_a[i] ": a set name only for FLAGS/ENUM")
}

function cstr(s) {
	return s == "" ? "NULL" : "\"" s "\""
}

function emit(abi,    out, nr, maxnr, cnt, name, i, line, idx, seen, c) {
	out = outdir "/systable_" abi ".c"
	maxnr = -1
	for (nr = 0; nr < 1024; nr++) {
		name = ""
		if ((abi SUBSEP nr) in hdr)
			name = hdr[abi, nr]
		if ((abi SUBSEP nr) in extra) {
			if (name != "" && name != extra[abi, nr])
				die(abi " " nr ": header says " name ", nr line says " extra[abi, nr])
			name = extra[abi, nr]
		}
		if (name == "")
			continue
		if (name in seen)
			die(abi ": name " name " used twice")
		seen[name] = nr
		exists[name] = 1
		NAME[nr] = name
		maxnr = nr
	}
	for (nr = 1024; nr < 4096; nr++)
		if ((abi SUBSEP nr) in hdr)
			die(abi ": syscall number " nr " out of range")

	printf "/* SPDX-License-Identifier: MIT */\n" > out
	printf "/*\n * systable_%s.c - %s syscall table: number, name, arguments.\n", abi, abi > out
	printf " * Generated by scripts/gen-systable.sh from the uapi headers,\n" > out
	printf " * format/systable-tracefs.txt and format/systable-annotations.txt;\n" > out
	printf " * do not edit (docs/syscall-tables.md).\n */\n" > out
	printf "#include <linux/types.h>\n\n#include \"systable.h\"\n#include \"tl_record.h\"\n\n" > out
	printf "static const struct tl_syscall calls[] = {\n" > out
	cnt = 0
	for (nr = 0; nr <= maxnr; nr++) {
		if (!(nr in NAME))
			continue
		name = NAME[nr]
		if (!load_proto(abi, name))
			die(abi ": no prototype for " name " (add proto/fn to the annotations)")
		if (P_n > 6)
			die(abi ": " name " has " P_n " arguments")
		for (i = 1; i <= P_n; i++) {
			K_kind[i] = default_kind(i)
			K_fmt[i] = ""
			K_len[i] = -1
			K_size[i] = 0
		}
		apply("all" SUBSEP name, abi, name)
		apply(abi SUBSEP name, abi, name)
		c = cls[name]
		sub(/^\|/, "", c)
		if (c == "")
			c = "0"
		cnt++
		IDX[nr] = cnt
		printf "\t{ \"%s\", %d, %d, 0, %s, {", name, nr, P_n, c > out
		if (P_n == 0) {
			printf " } },\n" > out
			continue
		}
		printf "\n" > out
		for (i = 1; i <= P_n; i++) {
			printf "\t\t{ \"%s\", \"%s\", %s, TL_ARG_%s, %d, %d },\n",
			       P_a[i], P_t[i], cstr(K_fmt[i]), K_kind[i], K_len[i],
			       K_size[i] > out
		}
		printf "\t} },\n" > out
	}
	printf "};\n\n" > out
	printf "/* by_nr[nr] = index in calls[] + 1; 0 = no such syscall */\n" > out
	printf "static const uint16_t by_nr[%d] = {", maxnr + 1 > out
	for (nr = 0; nr <= maxnr; nr++) {
		if (nr % 16 == 0)
			printf "\n\t" > out
		else
			printf " " > out
		idx = (nr in IDX) ? IDX[nr] : 0
		printf "%d,", idx > out
	}
	printf "\n};\n\n" > out
	printf "extern const struct tl_systable tl_systable_%s;\n", abi > out
	printf "const struct tl_systable tl_systable_%s = {\n", abi > out
	printf "\t.abi = %s,\n\t.arch = \"%s\",\n", abi_const[abi], abi > out
	printf "\t.count = %d,\n\t.calls = calls,\n", cnt > out
	printf "\t.nr_max = %d,\n\t.by_nr = by_nr,\n};\n", maxnr > out
	close(out)
	delete NAME
	delete IDX
	delete seen
}

END {
	if (failed)
		exit 1
	for (a = 1; a <= nabi; a++)
		emit(abis[a])
	if (failed)
		exit 1
	# Every annotation must have been used somewhere.
	for (key in an_n) {
		split(key, kp, SUBSEP)
		if (!(kp[2] in exists))
			die(an_where[key, 1] ": no syscall named " kp[2])
		for (k = 1; k <= an_n[key]; k++)
			if (!((key SUBSEP k) in an_hit))
				die(an_where[key, k] ": " kp[2] " has no argument for '" an_s[key, k] "'")
	}
	for (n in class_named)
		if (!(n in exists))
			die(class_named[n] ": class names unknown syscall " n)
	exit failed
}
