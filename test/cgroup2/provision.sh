#!/usr/bin/env bash
# kubelab: a Debian guest with a real cgroup v2 kernel, under QEMU in software emulation (TCG),
# ready to run kind with the real tier's node image. Cached by recipe hash.
#
#   bash test/cgroup2/provision.sh
#
# Builds (each step cached under $KUBELAB_CI_CACHE, default /var/cache/kubelab-ci):
#   * a bookworm root filesystem: systemd, Debian's kernel, docker.io, iptables (debootstrap)
#   * a raw guest disk from it, with kind, kubectl and node copied in and a systemd unit that
#     runs whatever job the second disk carries, then powers off
#   * the guest's /var/lib/docker already holding the real tier's kind node image and the stress
#     image (loaded on the host by a private dockerd), so a test boot never waits on an image load
# The host's cgroups are never touched: the guest has a kernel of its own. /dev/kvm here can run
# only PVM guests (../shared/reference/cgroup-v2-vm.md), so QEMU emulates the CPU.
set -euo pipefail

CG2_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# The real tier's helpers (log, phase, recipe_hash, the apt mirror) and its outputs (node image, kind).
# (It sets HERE to its own folder.)
# shellcheck source=../real-cluster/provision.sh
source "$CG2_DIR/../real-cluster/provision.sh"
# shellcheck source=vm.sh
source "$CG2_DIR/vm.sh"

GUEST_PKGS=systemd-sysv,udev,kmod,linux-image-amd64,initramfs-tools,docker.io,iptables,iproute2,procps,util-linux,e2fsprogs,ca-certificates
GUEST_DISK_GB=${KUBELAB_CG2_DISK_GB:-16}
CG2_APT=(qemu-system-x86 qemu-utils e2fsprogs)

cg2_apt() {
  local missing=() p
  for p in "${CG2_APT[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then PHASE_NOTE="(all present)"; return; fi
  if [[ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages' -mmin -360 2>/dev/null | head -1)" ]]; then apt-get update -qq; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  PHASE_NOTE="(installed ${missing[*]})"
}

# ---------------------------------------------------------------- the guest's root filesystem
guest_rootfs_build() { debian_tree_tar "$GUEST_PKGS" "$1" cg2-rootfs; }
build_guest_rootfs() {
  GUEST_TAR=$CACHE/cg2-rootfs-$DEBIAN_SUITE-$(recipe_hash guest_rootfs_build debian_tree_tar <(echo "$GUEST_PKGS")).tar
  if [[ -f $GUEST_TAR ]]; then PHASE_NOTE="(cached $GUEST_TAR)"; return; fi
  mkdir -p "$CACHE/work"
  need_mirror
  guest_rootfs_build "$GUEST_TAR"
  PHASE_NOTE="(built $GUEST_TAR)"
}

# ---------------------------------------------------------------- the guest disk
# Everything the guest runs comes in on its second disk as job.sh; this unit runs it once per boot
# with its output on the serial console, then powers the guest off.
guest_configure() {
  local r=$1
  echo kubelab-cg2 >"$r/etc/hostname"
  printf '127.0.0.1 localhost\n127.0.1.1 kubelab-cg2\n' >"$r/etc/hosts"
  echo '/dev/vda / ext4 rw,errors=remount-ro 0 1' >"$r/etc/fstab"
  chroot "$r" passwd -d root >/dev/null
  # no getty on the serial line: its hangup cuts off the job's output there
  ln -sf /dev/null "$r/etc/systemd/system/serial-getty@ttyS0.service"
  # Docker starts when the job asks, so its start is timed
  rm -f "$r"/etc/systemd/system/multi-user.target.wants/{docker,containerd}.service "$r"/etc/systemd/system/sockets.target.wants/docker.socket
  cat >"$r/usr/local/sbin/kubelab-job" <<'SH'
#!/bin/bash
# Runs the job on the second disk (vdb), then powers off whatever happened. A job that leaves
# /run/kubelab-next is followed by another: the guest waits until a disk with another filesystem
# in vdb's place appears. The cached guest is saved while it waits (test/cgroup2/provision.sh),
# and a restored one finds the test's job disk there.
dev=/dev/vdb
# read past the kernel's buffers: the disk's file may have been swapped under a saved guest
fs_uuid() { blockdev --flushbufs "$dev" 2>/dev/null; blkid -p -o value -s UUID "$dev" 2>/dev/null; }
run_job() {
  mkdir -p /run/job
  if mount "$dev" /run/job; then
    echo "### job start uptime=$(cut -d' ' -f1 /proc/uptime)s"
    bash /run/job/job.sh; echo "### job exit=$? uptime=$(cut -d' ' -f1 /proc/uptime)s"
    sync; umount /run/job
  else
    echo "### job: no job disk in vdb"
  fi
}
run_job
while [[ -e /run/kubelab-next ]]; do
  rm -f /run/kubelab-next
  before=$(fs_uuid)
  echo "### waiting for the next job"
  until now=$(fs_uuid) && [[ -n $now && $now != "$before" ]]; do sleep 1; done
  run_job
done
systemctl poweroff
SH
  chmod 0755 "$r/usr/local/sbin/kubelab-job"
  cat >"$r/etc/systemd/system/kubelab-job.service" <<'UNIT'
[Unit]
Description=kubelab: run the job on the kubelab-run disk, then power off
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/kubelab-job
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
TimeoutStartSec=infinity
[Install]
WantedBy=multi-user.target
UNIT
  ln -sf /etc/systemd/system/kubelab-job.service "$r/etc/systemd/system/multi-user.target.wants/kubelab-job.service"
  # kind wants these (a stock machine loads them on demand too)
  printf 'overlay\nbr_netfilter\n' >"$r/etc/modules-load.d/kubelab.conf"
  printf 'net.ipv4.ip_forward=1\nnet.bridge.bridge-nf-call-iptables=1\nfs.inotify.max_user_instances=512\nfs.inotify.max_user_watches=524288\n' >"$r/etc/sysctl.d/90-kubelab.conf"
  # the same tools the real tier uses: kind (pinned), kubectl and Node for kubelab itself
  install -m0755 "$REAL_KIND_BIN_DIR/kind" "$r/usr/local/bin/kind"
  install -m0755 "$(command -v kubectl)" "$r/usr/local/bin/kubectl"
  install -m0755 "$(command -v node)" "$r/usr/local/bin/node"
}

# The images the guest's Docker must hold: the node image and the stress image for kubelab kernel.
guest_images() { echo "$KUBELAB_NODE_IMAGE" "$KUBELAB_HOST_STRESS_IMAGE"; }

# The guest's Docker storage, filled on the host: a second, private dockerd of the same Debian
# build loads the images into a data root of its own (at native speed; a load inside the emulated
# guest takes minutes), and that folder becomes the guest's /var/lib/docker.
guest_docker_root() {
  local root=$1 run=$CACHE/work/cg2-dockerd pid i
  mkdir -p "$root" "$run"
  docker_ok || start_dockerd
  # A bridge of its own: with --bridge=none dockerd would delete the host's docker0, which the
  # host's own dockerd still uses.
  ip link show kubelab-cg2 >/dev/null 2>&1 || ip link add kubelab-cg2 type bridge
  dockerd --data-root "$root" --exec-root "$run/exec" --pidfile "$run/dockerd.pid" -H "unix://$run/docker.sock" \
    --bridge=kubelab-cg2 --iptables=false --ip-masq=false --storage-driver=overlay2 >"$run/dockerd.log" 2>&1 </dev/null 9>&- &
  pid=$!
  for i in $(seq 1 60); do docker -H "unix://$run/docker.sock" info >/dev/null 2>&1 && break; sleep 0.5; done
  docker -H "unix://$run/docker.sock" info >/dev/null 2>&1 || { tail -20 "$run/dockerd.log" >&2; kill "$pid"; die "the guest's dockerd did not start on the host"; }
  # shellcheck disable=SC2046
  docker save $(guest_images) | docker -H "unix://$run/docker.sock" load >&2 || { kill "$pid"; die "loading the guest's images failed"; }
  kill "$pid"; wait "$pid" 2>/dev/null || true
  ip link delete kubelab-cg2 2>/dev/null || true
  rm -rf "$root/network" "$root/containers"/*
}

guest_disk_build() {
  local disk=$1 dir
  mkdir -p "$CACHE/work"
  dir=$(mktemp -d "$CACHE/work/cg2-disk.XXXXXX")
  tar -C "$dir" --numeric-owner -xf "$GUEST_TAR"
  guest_configure "$dir"
  guest_docker_root "$dir/var/lib/docker"
  cp "$dir"/boot/vmlinuz-* "$disk.vmlinuz"
  cp "$dir"/boot/initrd.img-* "$disk.initrd"
  truncate -s "${GUEST_DISK_GB}G" "$disk.tmp"
  mkfs.ext4 -q -F -L kubelab-root -d "$dir" "$disk.tmp"
  rm -rf "$dir"
  mv "$disk.tmp" "$disk"
}

build_guest_disk() {
  GUEST_DISK=$CACHE/cg2-disk-$(recipe_hash guest_configure guest_docker_root guest_disk_build <(echo "$GUEST_TAR $GUEST_DISK_GB $(guest_images)"; sha256sum "$REAL_KIND_BIN_DIR/kind" "$(command -v kubectl)" "$(command -v node)")).img
  if [[ -f $GUEST_DISK ]]; then PHASE_NOTE="(cached $GUEST_DISK)"; return; fi
  # one guest disk is kept: an older one is only taking space
  rm -f "$CACHE"/cg2-disk-*.img "$CACHE"/cg2-disk-*.img.*
  guest_disk_build "$GUEST_DISK"
  PHASE_NOTE="(built $GUEST_DISK)"
}

# ---------------------------------------------------------------- the guest, saved with its cluster up
# Booting the guest and creating the kind cluster in it takes about eight minutes of emulated CPU;
# it is done once per recipe. The guest runs guest/prepare.sh (kind creates the cluster kubelab will
# reuse, settled, the lab's image on the node), then waits for its next job; QEMU saves it in that
# moment (qmp.mjs). A test boot resumes it from the saved state on an overlay of the same root disk,
# with its own job disk in the same place: kind, Docker and the cluster are already running.
GUEST_CLUSTER_NAME=kubelab-cg2
GUEST_LAB_IMAGE=docker.io/polinux/stress:latest
guest_cluster_build() {
  local out=$1 w=$CACHE/work/cg2-cluster qpid i
  rm -rf "$w"; mkdir -p "$w/job" "$out"
  cp "$CG2_DIR/guest/prepare.sh" "$w/job/job.sh"
  cp "$CG2_DIR/guest/kind-config.yaml" "$w/job/kind-config.yaml"
  cat >"$w/job/env.sh" <<ENV
export KUBELAB_NODE_IMAGE=$KUBELAB_NODE_IMAGE
export KUBELAB_CLUSTER=$GUEST_CLUSTER_NAME
export KUBELAB_HOME=/root/kubelab
export KUBELAB_LAB_IMAGE=$GUEST_LAB_IMAGE
ENV
  vm_run_disk "$w/job" "$w/job.img" || die "the prepare job does not fit its disk"
  qemu-img create -q -f qcow2 -F raw -b "$GUEST_DISK" "$out/root.qcow2"
  vm_boot "$out/root.qcow2" qcow2 "$w/job.img" "$w/serial.log" 2400 -qmp "unix:$w/qmp.sock,server=on,wait=off" &
  qpid=$!
  tail -F -n +1 "$w/serial.log" 2>/dev/null | grep -a --line-buffered '###' >&2 &
  local tailer=$!
  until grep -aq '### waiting for the next job' "$w/serial.log" 2>/dev/null; do
    if ! kill -0 "$qpid" 2>/dev/null; then
      kill "$tailer" 2>/dev/null
      tail -80 "$w/serial.log" >&2
      die "the guest stopped before its cluster was ready (its console is above)"
    fi
    sleep 2
  done
  kill "$tailer" 2>/dev/null
  node "$CG2_DIR/qmp.mjs" save "$w/qmp.sock" "$out/state" >&2 || { kill "$qpid" 2>/dev/null; die "saving the guest failed"; }
  wait "$qpid" 2>/dev/null || true
  # the state file is renamed into place once QEMU's writer has it all
  for i in $(seq 1 120); do [[ -f $out/state ]] && break; sleep 1; done
  [[ -f $out/state ]] || die "the saved guest's state never appeared"
  vm_results "$w/job.img" "$w"
  awk 'NR == 1 { t0 = $2 } { printf "    %-14s %6.0fs\n", $1, $2 - t0 }' "$w/results/timings.txt" >&2 || true
  # the saved disk is only ever read from now on (each test boot writes to an overlay of it)
  chmod a-w "$out/root.qcow2"
}

build_guest_cluster() {
  GUEST_CLUSTER=$CACHE/cg2-cluster-$(recipe_hash guest_cluster_build vm_boot vm_run_disk "$CG2_DIR/guest/prepare.sh" "$CG2_DIR/guest/kind-config.yaml" "$CG2_DIR/qmp.mjs" <(echo "$GUEST_DISK $VM_MEMORY_MB $VM_CPUS $VM_JOB_DISK_MB $GUEST_CLUSTER_NAME $GUEST_LAB_IMAGE"))
  if [[ -f $GUEST_CLUSTER/state ]]; then PHASE_NOTE="(cached $GUEST_CLUSTER)"; return; fi
  # one saved guest is kept: an older one is only taking space
  rm -rf "$CACHE"/cg2-cluster-*
  need_disk "$MIN_FREE_GB_BUILD"
  guest_cluster_build "$GUEST_CLUSTER.tmp"
  mv "$GUEST_CLUSTER.tmp" "$GUEST_CLUSTER"
  PHASE_NOTE="(built $GUEST_CLUSTER)"
}

write_cg2_env() {
  cat >"$CACHE/cg2-env.sh.tmp" <<ENV
# written by test/cgroup2/provision.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ)
export KUBELAB_CG2_DISK=$GUEST_DISK
export KUBELAB_CG2_KERNEL=$GUEST_DISK.vmlinuz
export KUBELAB_CG2_INITRD=$GUEST_DISK.initrd
export KUBELAB_CG2_SAVED=$GUEST_CLUSTER
export KUBELAB_CG2_CLUSTER=$GUEST_CLUSTER_NAME
ENV
  mv "$CACHE/cg2-env.sh.tmp" "$CACHE/cg2-env.sh"
  PHASE_NOTE="($CACHE/cg2-env.sh)"
}

cg2_main() {
  TIMINGS=()
  T_START=$(date +%s)
  # shellcheck disable=SC1090
  source "$(env_file)"
  [[ -n "${KUBELAB_HOST_STRESS_IMAGE:-}" ]] || die "run test/real-cluster/provision.sh first (no stress image in its env file)"
  phase cg2-apt cg2_apt
  phase guest-rootfs build_guest_rootfs
  phase guest-disk build_guest_disk
  phase guest-cluster build_guest_cluster
  phase cg2-env write_cg2_env
  rm -rf "$CACHE/work"
  {
    echo "==== cgroup v2 guest provision timings (wall) ===="
    printf '%s\n' "${TIMINGS[@]}"
    printf '%-22s %5ss\n' total "$(( $(date +%s) - T_START ))"
  } >&2
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then cg2_main "$@"; fi
