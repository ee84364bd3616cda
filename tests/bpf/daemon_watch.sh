#!/bin/bash
# SPDX-License-Identifier: MIT
# tl-record daemon --watch: cgroups laid out like Docker's (systemd
# driver), containerd's under Kubernetes (systemd driver) and a
# Kubernetes cgroupfs-driver container (no Docker or Kubernetes here: the
# directories are made by hand) are traced as they appear (and those
# already there at start), named from the container id and pod UID, with
# labels in the list and in the file; a non-matching cgroup is not; a
# removed container's trace is gone and spooled; one re-created with the
# same id gets a new trace. The patterns are anchored to this test's own
# directory so that other cgroups of the machine never match.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/daemon_lib.bash"

hex() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
B=tlzd-w-$$
cg_dir "$B"
id0=$(hex) id1=$(hex) id2=$(hex) id3=$(hex)
uid2=$(cat /proc/sys/kernel/random/uuid) uid3=$(cat /proc/sys/kernel/random/uuid)
mkdir -p "$D/system.slice/docker-$id0.scope" || fail "mkdir"
start_daemon --watch "/$B/*docker-*.scope" --watch "/$B/*cri-containerd-*.scope" \
	--watch "/$B/kubepods/*/pod*/*"

# the one that was there at start
until_true 20 "pre-existing container traced" 'ctl list | grep -q " docker-${id0:0:12} "'
# new ones
mkdir -p "$D/system.slice/docker-$id1.scope" \
	"$D/system.slice/other.service" \
	"$D/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid2//-/_}.slice/cri-containerd-$id2.scope" \
	"$D/kubepods/besteffort/pod$uid3/$id3" || fail "mkdir"
n2=k8s-$uid2-${id2:0:12}
n3=k8s-$uid3-${id3:0:12}
until_true 20 "4 traces" 'curl -sf --unix-socket "$SOCK" "http://localhost/list?format=json" | jq -e "length == 4" >/dev/null'
curl -sf --unix-socket "$SOCK" 'http://localhost/list?format=json' >"$T/list" || fail "list"
q() { jq -e --arg n "$1" ".[] | select(.name == \$n) | $2" "$T/list" >/dev/null || { jq . "$T/list"; fail "$1: $2"; }; }
q "docker-${id0:0:12}" ".kind == \"container\" and .labels.container_id == \"$id0\" and .labels.runtime == \"docker\" and .cgroup == \"/$B/system.slice/docker-$id0.scope\""
q "docker-${id1:0:12}" ".state == \"live\" and .labels.container_id == \"$id1\" and .labels.watch == \"/$B/*docker-*.scope\""
q "$n2" ".kind == \"container\" and .labels.container_id == \"$id2\" and .labels.runtime == \"containerd\" and .labels.pod_uid == \"$uid2\" and .labels.qos_class == \"burstable\""
q "$n3" ".labels.container_id == \"$id3\" and .labels.pod_uid == \"$uid3\" and .labels.qos_class == \"besteffort\""
jq -e '[.[] | select(.cgroup | endswith("other.service"))] | length == 0' "$T/list" >/dev/null ||
	fail "a cgroup that matches no pattern was traced"

# the containerd container runs something, then goes away
C2=$D/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid2//-/_}.slice/cri-containerd-$id2.scope
run_in "$C2" sh -c 'cat /nonexistent/tlzd-in-pod; exit 1' 2>/dev/null
rmdir "$C2" || fail "rmdir"
until_true 20 "$n2 gone" 'ctl list | grep -Eq " $n2 +gone "'
ctl dump "$n2" -o "$T/pod.tlz" || fail "dump"
"$CHECK" "$T/pod.tlz" >"$T/pod.txt" || fail "decode"
expect "$T/pod.txt" '"/nonexistent/tlzd-in-pod"$' "the container's syscall"
expect "$T/pod.txt" '^exit [0-9]+ [0-9]+ code=0x100 group$' "its exit"
tl-convert --info "$T/pod.tlz" >"$T/info" || fail "tl-convert --info"
expect "$T/info" "^trace [0-9]+: $n2 \\(container\\)" "trace kind in the file"
expect "$T/info" "label: container_id=$id2$"
expect "$T/info" "label: pod_uid=$uid2$"
expect "$T/info" "label: qos_class=burstable$"
[ -n "$(find "$SPOOL" -maxdepth 1 -name "$n2.*.gone.*.tlz")" ] || { ls "$SPOOL"; fail "no spool file for $n2"; }

# the same container id again: a new trace, the gone one kept
rmdir "$D/system.slice/docker-$id1.scope" || fail "rmdir"
until_true 20 "docker-${id1:0:12} gone" 'ctl list | grep -Eq " docker-${id1:0:12} +gone "'
mkdir "$D/system.slice/docker-$id1.scope" || fail "mkdir again"
until_true 20 "re-created container traced" 'ctl list | grep -Eq " docker-${id1:0:12}-2 +live "'
stop_daemon
[ "$DRC" = 0 ] || fail "daemon exit status $DRC"
echo "ok: docker, containerd (k8s systemd driver) and k8s cgroupfs layouts watched"
