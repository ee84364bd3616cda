#!/bin/sh
# SPDX-License-Identifier: MIT
# gen-systable.sh - generate format/systable_{x86_64,i386,aarch64}.c, the
# compiled-in syscall tables, from sources on this machine: syscall numbers
# from the linux-libc-dev uapi headers, argument names and types from the
# tracefs syscall events (captured into format/systable-tracefs.txt), and
# the hand annotations in format/systable-annotations.txt.
# See docs/syscall-tables.md. Run by developers; the output is committed.
set -eu

usage() {
	cat <<EOF
usage: scripts/gen-systable.sh [--check] [--out DIR] [--include DIR]
       scripts/gen-systable.sh --capture [--tracefs DIR]

  (default)       regenerate format/systable_<abi>.c and check the struct
                  sizes of the annotations with the compilers found
  --check         generate into a temporary directory and compare with the
                  committed files; exit 1 if they differ
  --out DIR       write the .c files to DIR instead of format/
  --include DIR   uapi header root (default /usr/include)
  --capture       (root) re-read the running kernel's tracefs syscall event
                  formats into format/systable-tracefs.txt
  --tracefs DIR   tracefs mount point (default /sys/kernel/tracing)

Exit status: 0 ok, 1 failure or (--check) difference, 2 usage error.
Examples:
  sudo scripts/gen-systable.sh --capture && scripts/gen-systable.sh
  scripts/gen-systable.sh --check
EOF
}

top=$(cd "$(dirname "$0")/.." && pwd)
mode=generate
out=""
inc=/usr/include
tracefs=/sys/kernel/tracing
CC=${CC:-gcc}
CLANG=${CLANG:-clang}

while [ $# -gt 0 ]; do
	case "$1" in
	--check) mode=check; shift ;;
	--capture) mode=capture; shift ;;
	--out) out=$2; shift 2 ;;
	--include) inc=$2; shift 2 ;;
	--tracefs) tracefs=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "gen-systable: unknown option '$1'" >&2
	   echo "Try 'scripts/gen-systable.sh --help'." >&2; exit 2 ;;
	esac
done

ann=$top/format/systable-annotations.txt
tfs=$top/format/systable-tracefs.txt

# ------------------------------------------------------------------ capture
if [ $mode = capture ]; then
	ev=$tracefs/events/syscalls
	if [ ! -d "$ev" ]; then
		echo "gen-systable: '$ev': no syscall events (mount tracefs:" \
		     "mount -t tracefs nodev $tracefs)" >&2
		exit 1
	fi
	tmpf=$(mktemp "$tfs.XXXXXX")
	{
		echo "# SPDX-License-Identifier: MIT"
		echo "# tracefs sys_enter_* prototypes, captured by scripts/gen-systable.sh --capture"
		echo "# on Linux $(uname -r) $(uname -m). One line per event: name, then one"
		echo "# tab-separated \"type name\" per argument (the SYSCALL_DEFINEn order)."
		# Arguments are the fields after __syscall_nr up to the first
		# __data_loc field that newer kernels append.
		awk '
			FNR == 1 {
				if (line != "") print line
				ev = FILENAME
				sub(/\/format$/, "", ev); sub(/.*sys_enter_/, "", ev)
				line = ev; inargs = 0
			}
			/field:int __syscall_nr;/ { inargs = 1; next }
			inargs && /field:/ {
				if ($0 ~ /__data_loc/) { inargs = 0; next }
				f = $0
				sub(/^[ \t]*field:/, "", f); sub(/;.*/, "", f)
				line = line "\t" f
			}
			END { if (line != "") print line }
		' "$ev"/sys_enter_*/format | LC_ALL=C sort
	} >"$tmpf"
	mv "$tmpf" "$tfs"
	echo "gen-systable: wrote $tfs ($(grep -vc '^#' "$tfs") events)"
	exit 0
fi

# ----------------------------------------------------------------- generate
tmp=$(mktemp -d /tmp/gen-systable.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

for f in "$ann" "$tfs"; do
	[ -r "$f" ] || { echo "gen-systable: cannot read '$f'" >&2; exit 1; }
done

# Numbers and names: "#define __NR_name nr" lines of the uapi headers.
nr_from_header() {
	abi=$1 hdr=$2
	[ -r "$hdr" ] || { echo "gen-systable: cannot read '$hdr'" >&2; exit 1; }
	awk -v abi="$abi" '$1 == "#define" && $2 ~ /^__NR_/ && $3 ~ /^[0-9]+$/ {
		n = $2; sub(/^__NR_/, "", n); print abi, $3, n }' "$hdr" |
		LC_ALL=C sort -k2,2n
}
archinc=$inc/x86_64-linux-gnu
[ -d "$archinc" ] || archinc=$inc
nr_from_header x86_64 "$archinc/asm/unistd_64.h" >"$tmp/nr_x86_64"
nr_from_header i386 "$archinc/asm/unistd_32.h" >"$tmp/nr_i386"

# aarch64 uses the generic table with the __ARCH_WANT_* set of
# arch/arm64/include/uapi/asm/unistd.h; the preprocessor resolves the
# __NR3264_* aliases and the 64-bit choices.
cat >"$tmp/a64.c" <<'EOF'
#define __BITS_PER_LONG 64
#define __ARCH_WANT_RENAMEAT
#define __ARCH_WANT_NEW_STAT
#define __ARCH_WANT_SET_GET_RLIMIT
#define __ARCH_WANT_TIME32_SYSCALLS
#define __ARCH_WANT_SYS_CLONE3
#define __ARCH_WANT_MEMFD_SECRET
#include <asm-generic/unistd.h>
EOF
$CC -E -dM -nostdinc -I"$inc" -I"$archinc" "$tmp/a64.c" |
	awk '$1 == "#define" && $2 ~ /^__NR(3264)?_/ { v[$2] = $3 }
	     END {
		for (k in v) {
			x = v[k]; guard = 0
			while ((x in v) && guard++ < 8) x = v[x]
			if (k !~ /^__NR_/ || x !~ /^[0-9]+$/) continue
			n = k; sub(/^__NR_/, "", n)
			if (n == "syscalls" || n == "arch_specific_syscall") continue
			print "aarch64", x, n
		}
	     }' | LC_ALL=C sort -k2,2n >"$tmp/nr_aarch64"
for a in x86_64 i386 aarch64; do
	[ -s "$tmp/nr_$a" ] || { echo "gen-systable: no $a syscall numbers found" >&2; exit 1; }
done

# Struct sizes: check every "size KEY ... C-TYPE" value against sizeof()
# for each ABI a compiler is available for (values prefixed with ~ are
# kernel-internal layouts and are not checked).
size_probe() {
	abi=$1 col=$2
	{
		echo '#include <linux/types.h>'
		for h in asm/stat.h asm/statfs.h linux/stat.h linux/time_types.h \
			 linux/time.h linux/timex.h linux/utime.h linux/times.h \
			 linux/resource.h linux/utsname.h asm/signal.h asm/siginfo.h \
			 linux/uio.h linux/sysinfo.h linux/sched/types.h linux/sched.h \
			 linux/openat2.h linux/mount.h linux/rseq.h linux/futex.h \
			 linux/mqueue.h linux/sem.h linux/capability.h linux/aio_abi.h \
			 linux/poll.h linux/eventpoll.h linux/posix_types.h; do
			echo "#include <$h>"
		done
		echo '#if defined(__x86_64__) || defined(__i386__)'
		echo '#include <asm/ldt.h>'
		echo '#endif'
		awk -v col="$col" '
			{ sub(/#.*/, "") }
			$1 == "size" && NF > 5 && $col ~ /^[0-9]+$/ {
				t = $0
				for (i = 0; i < 5; i++) sub(/^[ \t]*[^ \t]+/, "", t)
				sub(/^[ \t]+/, "", t); sub(/[ \t]+$/, "", t)
				printf "_Static_assert(sizeof(%s) == %s, \"size %s: sizeof(%s) != %s\");\n", t, $col, $2, t, $col
			}' "$ann"
	} >"$tmp/probe_$abi.c"
}
size_probe x86_64 3
size_probe i386 4
size_probe aarch64 5

checked=""
if $CC -c -o "$tmp/p64.o" "$tmp/probe_x86_64.c" 2>"$tmp/err"; then
	checked="$checked x86_64"
else
	grep -E 'error|assert' "$tmp/err" >&2 || cat "$tmp/err" >&2
	echo "gen-systable: x86_64 struct sizes do not match (see above)" >&2
	exit 1
fi
if echo 'int x;' | $CC -m32 -x c -c -o /dev/null - 2>/dev/null; then
	if $CC -m32 -c -o "$tmp/p32.o" "$tmp/probe_i386.c" 2>"$tmp/err"; then
		checked="$checked i386"
	else
		grep -E 'error|assert' "$tmp/err" >&2 || cat "$tmp/err" >&2
		echo "gen-systable: i386 struct sizes do not match (see above)" >&2
		exit 1
	fi
fi
# aarch64: the generic uapi headers are what arm64's asm/ headers include;
# a shim asm/ directory points at them, plus arm64's own definitions.
if command -v "$CLANG" >/dev/null 2>&1; then
	mkdir -p "$tmp/a64inc/asm"
	for h in "$inc"/asm-generic/*.h; do
		b=$(basename "$h")
		echo "#include <asm-generic/$b>" >"$tmp/a64inc/asm/$b"
	done
	printf '#define __BITS_PER_LONG 64\n#include <asm-generic/bitsperlong.h>\n' \
		>"$tmp/a64inc/asm/bitsperlong.h"
	printf '#define __kernel_old_uid_t __kernel_old_uid_t\ntypedef unsigned short __kernel_old_uid_t;\ntypedef unsigned short __kernel_old_gid_t;\n#define __kernel_old_uid_t __kernel_old_uid_t\n#include <asm-generic/posix_types.h>\n' \
		>"$tmp/a64inc/asm/posix_types.h"
	printf '#define SA_RESTORER 0x04000000\n#include <asm-generic/signal.h>\n' \
		>"$tmp/a64inc/asm/signal.h"
	if $CLANG -target aarch64-linux-gnu -fsyntax-only -nostdinc \
		-I"$tmp/a64inc" -I"$inc" "$tmp/probe_aarch64.c" 2>"$tmp/err"; then
		checked="$checked aarch64"
	else
		grep -E 'error|assert' "$tmp/err" >&2 || cat "$tmp/err" >&2
		echo "gen-systable: aarch64 struct sizes do not match (see above)" >&2
		exit 1
	fi
fi

# Tables.
gen=$tmp/out
mkdir -p "$gen"
awk -v outdir="$gen" -f "$top/scripts/gen-systable.awk" \
	phase=ann "$ann" phase=tfs "$tfs" \
	phase=nr "$tmp/nr_x86_64" "$tmp/nr_i386" "$tmp/nr_aarch64"

if [ $mode = check ]; then
	rc=0
	for a in x86_64 i386 aarch64; do
		if ! diff -u "$top/format/systable_$a.c" "$gen/systable_$a.c" >"$tmp/diff"; then
			head -n 40 "$tmp/diff" >&2
			echo "gen-systable: format/systable_$a.c differs from the generator's output" >&2
			rc=1
		fi
	done
	[ $rc = 0 ] && echo "gen-systable: committed tables are up to date (sizes checked for:$checked)"
	exit $rc
fi

dest=${out:-$top/format}
mkdir -p "$dest"
for a in x86_64 i386 aarch64; do
	cp "$gen/systable_$a.c" "$dest/systable_$a.c"
	echo "gen-systable: wrote $dest/systable_$a.c ($(grep -c '^	{ "' "$dest/systable_$a.c") syscalls)"
done
echo "gen-systable: struct sizes checked for:$checked"
