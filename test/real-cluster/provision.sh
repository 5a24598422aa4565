#!/usr/bin/env bash
# kubelab: provision everything needed for an offline, real `kind` cluster.
#
#   bash test/real-cluster/provision.sh
#
# Idempotent and cached. Builds, on this machine, with no container registry:
#   * kind (pinned) via `go install` from the Go module proxy
#   * Kubernetes server binaries, kube-proxy and kubeadm/kubelet/kubectl from the Go modules
#   * etcd from its Go module (wrapper main calling etcdmain)
#   * CoreDNS and the local-path provisioner from their Go modules
#   * a kind node image (Debian bookworm via debootstrap, Debian containerd/runc/CNI,
#     kind's base files taken from the kind Go module, control-plane, kube-proxy,
#     CoreDNS and local-path images baked into containerd, a default StorageClass
#     manifest, and an in-node registry mirror serving the workload images of
#     WORKLOAD_IMAGES, built from Debian packages)
# and starts dockerd if none is answering. Outputs live under $KUBELAB_CI_CACHE
# (default /var/cache/kubelab-ci), keyed by versions plus a hash of the recipe that
# produced them, so a second run skips all builds.
#
# At the end it writes $KUBELAB_CI_CACHE/env.sh and this checkout's own copy of
# it (see env-file.sh), and prints it.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=env-file.sh
source "$HERE/env-file.sh"

# ---------------------------------------------------------------- settings
K8S_VERSION=${K8S_VERSION:-v1.30.14}
KIND_VERSION=${KIND_VERSION:-v0.30.0}
ETCD_VERSION=${ETCD_VERSION:-}          # empty: ask our kubeadm which etcd it wants
# crictl is only a debugging aid in the node (kind export logs runs `crictl images`);
# the Go proxy serves cri-tools v1.34.0 and v1.37.0 only. CRI v1 works with containerd 1.6.
CRICTL_VERSION=${CRICTL_VERSION:-v1.34.0}
COREDNS_VERSION=${COREDNS_VERSION:-}    # empty: ask our kubeadm which CoreDNS it wants
# the one local-path-provisioner release the Go module proxy here serves (v0.0.29 and v0.0.31 are not)
LOCAL_PATH_VERSION=${LOCAL_PATH_VERSION:-v0.0.30}
DEBIAN_SUITE=bookworm
# empty: the mirror this machine's apt already uses for $DEBIAN_SUITE (see apt_debian_mirror)
DEBIAN_MIRROR=${DEBIAN_MIRROR:-}
CACHE=${KUBELAB_CI_CACHE:-/var/cache/kubelab-ci}
RUN_DIR=${KUBELAB_CI_RUN_DIR:-/run/kubelab-ci}
DOCKERD_PIDFILE=$RUN_DIR/dockerd.pid
DOCKERD_LOG=${KUBELAB_DOCKERD_LOG:-/var/log/kubelab-ci-dockerd.log}
NODE_IMAGE_REPO=kubelab/node
MIN_FREE_GB_BUILD=10   # GOCACHE ~3 GB, module cache ~1 GB, rootfs + images ~3 GB
MIN_FREE_GB_ANY=2

mkdir -p "$CACHE" "$RUN_DIR"
# one provision at a time per machine
exec 9>"$CACHE/.lock"
flock 9

# ---------------------------------------------------------------- helpers
log() { printf '[provision %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[provision] ERROR: %s\n' "$*" >&2; exit 1; }

declare -a TIMINGS=()
T_START=$(date +%s)
# phase NAME FUNC: run FUNC, record and print its wall time.
phase() {
  local name=$1 fn=$2 t0 t1
  t0=$(date +%s)
  log "phase $name: start"
  "$fn"
  t1=$(date +%s)
  TIMINGS+=("$(printf '%-22s %5ss  %s' "$name" $((t1 - t0)) "${PHASE_NOTE:-}")")
  log "phase $name: done in $((t1 - t0))s ${PHASE_NOTE:-}"
  PHASE_NOTE=""
}

free_gb() { df -Pk "$1" | awk 'NR==2 {print int($4/1024/1024)}'; }
need_disk() {
  local want=$1 d
  for d in "$CACHE" /var/lib "$(go env GOCACHE 2>/dev/null || echo /root)"; do
    mkdir -p "$d" 2>/dev/null || true
    [[ -d "$d" ]] || continue
    local have; have=$(free_gb "$d")
    if (( have < want )); then
      die "only ${have} GB free on the filesystem holding $d; need at least ${want} GB (builds: GOCACHE, module cache, node rootfs, docker images)"
    fi
  done
}

# The Debian mirror this machine's apt already uses for $DEBIAN_SUITE, so that no
# package host is written into the repository: the first source (in apt's order)
# whose suite is exactly $DEBIAN_SUITE, from one-line `deb` entries or deb822 stanzas.
apt_debian_mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do
    [[ -f $f ]] || continue
    case $f in
      *.list)
        # deb [opts] URI SUITE COMPONENTS...
        awk -v suite="$DEBIAN_SUITE" '$1 == "deb" {
            i = 2
            if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
            if ($(i + 1) == suite) { print $i; exit }
          }' "$f" ;;
      *.sources)
        # stanzas separated by blank lines; Types/URIs/Suites/Enabled fields
        awk -v suite="$DEBIAN_SUITE" 'BEGIN { RS = ""; FS = "\n" }
          {
            types = ""; uris = ""; suites = ""; enabled = "yes"
            for (i = 1; i <= NF; i++) {
              if ($i ~ /^[ \t]*#/ || $i !~ /^[A-Za-z-]+:/) continue
              key = tolower(substr($i, 1, index($i, ":") - 1)); val = substr($i, index($i, ":") + 1)
              if (key == "types") types = val; else if (key == "uris") uris = val
              else if (key == "suites") suites = val; else if (key == "enabled") enabled = val
            }
            if (enabled ~ /no/ || (" " types " ") !~ /[ \t]deb[ \t]/ || (" " suites " ") !~ ("[ \t]" suite "[ \t]")) next
            split(uris, u, /[ \t]+/); for (i = 1; i in u; i++) if (u[i] != "") { print u[i]; exit }
          }' "$f" ;;
    esac
  done | head -n1
}
# Set DEBIAN_MIRROR (unless the environment did) just before debootstrap needs it.
need_mirror() {
  [[ -n "$DEBIAN_MIRROR" ]] || DEBIAN_MIRROR=$(apt_debian_mirror)
  [[ -n "$DEBIAN_MIRROR" ]] || die "no apt source for suite $DEBIAN_SUITE in /etc/apt/sources.list*; set DEBIAN_MIRROR"
  log "Debian mirror: $DEBIAN_MIRROR"
}

# Recipe hash for an artifact: versions + the source text of the functions that
# build it (+ any extra files). Changing the recipe changes the cache key.
recipe_hash() {
  local out="" f
  for f in "$@"; do
    if declare -F "$f" >/dev/null; then out+=$(declare -f "$f"); else out+=$(cat "$f"); fi
    out+=$'\n'
  done
  printf '%s' "$out" | sha256sum | cut -c1-12
}

# A build step cached in DIR: BUILDER writes DIR.tmp/bin, which moves into place only once it is
# complete, so an interrupted build never looks done.
cached_dir() {
  local dir=$1 builder=$2
  if [[ -f $dir/.done ]]; then PHASE_NOTE="(cached $dir)"; return; fi
  need_disk "$MIN_FREE_GB_BUILD"
  rm -rf "$dir.tmp"
  "$builder" "$dir.tmp/bin"
  rm -rf "$dir"; mv "$dir.tmp" "$dir"; touch "$dir/.done"
  PHASE_NOTE="(built $dir)"
}

# says [-x] PATTERN CMD...: CMD's output has a line matching PATTERN. The output is read whole
# first: `cmd | grep -q` under pipefail fails at random when grep exits before cmd is done writing.
says() {
  local flags=-q
  [[ $1 == -x ]] && { flags=-qx; shift; }
  local pattern=$1 output; shift
  output=$("$@" 2>&1) || return 1
  grep $flags -- "$pattern" <<<"$output"
}

docker_ok() { docker info >/dev/null 2>&1; }

# ---------------------------------------------------------------- phase: preflight
preflight() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (apt, dockerd, debootstrap)"
  # The machine image installs Go under /usr/local/go; a non-login shell may not have it on PATH.
  command -v go >/dev/null || { [[ -x /usr/local/go/bin/go ]] && export PATH=$PATH:/usr/local/go/bin; }
  command -v go >/dev/null || die "go is not on PATH (Go >= 1.22 with the module proxy is required)"
  need_disk "$MIN_FREE_GB_ANY"
  local capbnd
  capbnd=$(awk '/^CapBnd/ {print $2}' /proc/self/status)
  log "CapBnd=$capbnd (CAP_SYS_RESOURCE missing is expected and handled by the docker shim)"
  # kind drives the node with SYS_ADMIN; without it nothing here can work.
  if (( (16#$capbnd >> 21 & 1) == 0 )); then die "CAP_SYS_ADMIN is not in the bounding set; kind nodes cannot run"; fi
  PHASE_NOTE="go=$(go env GOVERSION)"
}

# ---------------------------------------------------------------- phase: apt
APT_PKGS=(docker.io containerd runc debootstrap jq rsync docker-registry gcc libc6-dev ca-certificates curl)
apt_install() {
  local missing=() p
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then PHASE_NOTE="(all present)"; return; fi
  log "installing: ${missing[*]}"
  # `apt-get update` only when the lists are missing or stale (older than 6 h).
  if [[ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages' -mmin -360 2>/dev/null | head -1)" ]]; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  PHASE_NOTE="(installed ${missing[*]})"
}

# ---------------------------------------------------------------- phase: dockerd
# A process that exists and is not a zombie (nobody may reap a daemon's zombie in a container).
pid_alive() { [[ -r /proc/$1/stat ]] && ! grep -qE '^[0-9]+ \(.*\) Z' "/proc/$1/stat" 2>/dev/null; }

start_dockerd() {
  if docker_ok; then PHASE_NOTE="(already running)"; return; fi
  command -v dockerd >/dev/null || die "dockerd not found (apt package docker.io)"
  log "starting dockerd, log: $DOCKERD_LOG"
  # A dockerd that was killed (or is still shutting down) leaves /var/run/docker.pid behind, and a
  # new one refuses to start over it. Wait for the old one to go, then drop a pid file nobody owns.
  local stale i
  if [[ -f /var/run/docker.pid ]]; then
    stale=$(cat /var/run/docker.pid 2>/dev/null)
    for i in $(seq 1 30); do
      [[ -n $stale ]] && pid_alive "$stale" || break
      sleep 1
    done
    if [[ -n $stale ]] && pid_alive "$stale"; then die "dockerd pid $stale is still running but does not answer"; fi
    rm -f /var/run/docker.pid
  fi
  # Debian's containerd binary is used by dockerd from PATH; no systemd here.
  # (fd 9 is our lock; dockerd must not inherit it)
  nohup dockerd >"$DOCKERD_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$DOCKERD_PIDFILE"
  for i in $(seq 1 60); do
    docker_ok && { PHASE_NOTE="(started pid $(cat "$DOCKERD_PIDFILE"))"; return; }
    kill -0 "$(cat "$DOCKERD_PIDFILE")" 2>/dev/null || { tail -30 "$DOCKERD_LOG" >&2; die "dockerd exited"; }
    sleep 1
  done
  tail -30 "$DOCKERD_LOG" >&2
  die "dockerd did not become ready in 60s"
}

# ---------------------------------------------------------------- phase: kind
KIND_DIR=$CACHE/kind-$KIND_VERSION
build_kind() {
  if [[ -x $KIND_DIR/bin/kind ]] && "$KIND_DIR/bin/kind" version 2>/dev/null | grep -q "kind $KIND_VERSION "; then
    PHASE_NOTE="(cached)"; return
  fi
  mkdir -p "$KIND_DIR/bin"
  (cd "$KIND_DIR" && GOBIN=$KIND_DIR/bin GOFLAGS=-mod=mod go install "sigs.k8s.io/kind@$KIND_VERSION")
  "$KIND_DIR/bin/kind" version
  PHASE_NOTE="(built)"
}

kind_module_dir() {
  local d
  d=$(cd "$KIND_DIR" && go mod download -json "sigs.k8s.io/kind@$KIND_VERSION" | jq -r .Dir)
  [[ -d "$d/images/base/files" ]] || die "kind module has no images/base/files at $d"
  echo "$d"
}

# ---------------------------------------------------------------- phase: kubernetes
k8s_build() {
  # $1 = output dir. Wrapper module: require k8s.io/kubernetes at the tag and
  # point every staging module (replaced with ./staging/... upstream, which a
  # dependency cannot use) at the published v0.X.Y of the same release.
  local out=$1 work=$CACHE/work/k8s-$K8S_VERSION
  rm -rf "$work"; mkdir -p "$work" "$out"
  cd "$work"
  go mod init example.invalid/kubelab-k8s-build >/dev/null 2>&1
  go mod edit -require="k8s.io/kubernetes@$K8S_VERSION"
  local gomod m
  gomod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | jq -r .GoMod)
  for m in $(sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#\1#p' "$gomod"); do
    go mod edit -replace="$m=$m@v0.${K8S_VERSION#v1.}"
  done
  # Blank imports of each command's library package so `go mod tidy` resolves
  # the full dependency graph (main packages cannot be imported).
  cat >deps.go <<'GO'
//go:build tools

package deps

import (
	_ "k8s.io/component-base/cli"
	_ "k8s.io/kubectl/pkg/cmd"
	_ "k8s.io/kubernetes/cmd/kube-apiserver/app"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	_ "k8s.io/kubernetes/cmd/kube-proxy/app"
	_ "k8s.io/kubernetes/cmd/kube-scheduler/app"
	_ "k8s.io/kubernetes/cmd/kubeadm/app"
	_ "k8s.io/kubernetes/cmd/kubelet/app"
)
GO
  go mod tidy
  local minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
  local ld="-s -w" p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ld+=" -X $p.gitTreeState=clean -X $p.gitCommit=0000000000000000000000000000000000000000"
    ld+=" -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  CGO_ENABLED=0 go build -trimpath -ldflags "$ld" -o "$out/" \
    k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kubeadm k8s.io/kubernetes/cmd/kubectl \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kube-proxy
  # pause, from the same release's source tree in the module cache
  local kdir; kdir=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | jq -r .Dir)
  gcc -Os -static -o "$out/pause" -DVERSION="kubelab-$K8S_VERSION" "$kdir/build/pause/linux/pause.c"
  strip "$out/pause" || true
  says -x "$K8S_VERSION" "$out/kubeadm" version -o short || die "kubeadm reports the wrong version"
  says -x "Kubernetes $K8S_VERSION" "$out/kube-proxy" --version || die "kube-proxy reports the wrong version"
  cd "$HERE"
}
K8S_KEY=$K8S_VERSION-$(recipe_hash k8s_build)
K8S_DIR=$CACHE/k8s-$K8S_KEY
build_k8s() { cached_dir "$K8S_DIR" k8s_build; }

# Image names kubeadm will use, straight from the kubeadm we built.
resolve_images() {
  local list
  list=$("$K8S_DIR/bin/kubeadm" config images list --kubernetes-version "$K8S_VERSION" 2>/dev/null) \
    || die "kubeadm config images list failed"
  IMG_APISERVER=$(grep '/kube-apiserver:' <<<"$list")
  IMG_CM=$(grep '/kube-controller-manager:' <<<"$list")
  IMG_SCHED=$(grep '/kube-scheduler:' <<<"$list")
  IMG_PAUSE=$(grep '/pause:' <<<"$list")
  IMG_ETCD=$(grep '/etcd:' <<<"$list")
  IMG_PROXY=$(grep '/kube-proxy:' <<<"$list")
  IMG_COREDNS=$(grep '/coredns:' <<<"$list")
  local tag=${IMG_ETCD##*:}
  [[ -n "$ETCD_VERSION" ]] || ETCD_VERSION=${tag%-*}
  [[ -n "$COREDNS_VERSION" ]] || COREDNS_VERSION=${IMG_COREDNS##*:}
}

# ---------------------------------------------------------------- phase: etcd
etcd_build() {
  local out=$1 work=$CACHE/work/etcd-$ETCD_VERSION
  rm -rf "$work"; mkdir -p "$work" "$out"
  cd "$work"
  go mod init example.invalid/kubelab-etcd-build >/dev/null 2>&1
  cat >main.go <<'GO'
// Command etcd is a thin wrapper: etcd's server module cannot be `go install`ed
// as a dependency (its go.mod uses relative replaces), so we call its main here.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  go mod edit -require="go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
  go mod tidy
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/etcd" .
  says "etcd Version: $ETCD_VERSION" "$out/etcd" --version || die "etcd reports the wrong version"
  cd "$HERE"
}
build_etcd() {
  ETCD_KEY=$ETCD_VERSION-$(recipe_hash etcd_build)
  ETCD_DIR=$CACHE/etcd-$ETCD_KEY
  cached_dir "$ETCD_DIR" etcd_build
}

# ---------------------------------------------------------------- phase: crictl
crictl_build() {
  local out=$1
  mkdir -p "$out"
  (cd "$out" && GOBIN=$out CGO_ENABLED=0 go install -trimpath \
     -ldflags "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=$CRICTL_VERSION" \
     "sigs.k8s.io/cri-tools/cmd/crictl@$CRICTL_VERSION")
  says "$CRICTL_VERSION" "$out/crictl" --version || die "crictl reports the wrong version"
}
CRICTL_KEY=$CRICTL_VERSION-$(recipe_hash crictl_build)
CRICTL_DIR=$CACHE/crictl-$CRICTL_KEY
build_crictl() { cached_dir "$CRICTL_DIR" crictl_build; }

# ---------------------------------------------------------------- phase: coredns
# CoreDNS's go.mod has no replace directives, so the stock build (every in-tree
# plugin, as upstream ships it) is a plain `go install` of the tag kubeadm names.
coredns_build() {
  local out=$1
  mkdir -p "$out"
  (cd "$out" && GOBIN=$out CGO_ENABLED=0 go install -trimpath \
     -ldflags "-s -w -X github.com/coredns/coredns/coremain.GitCommit=kubelab" \
     "github.com/coredns/coredns@$COREDNS_VERSION")
  says "^CoreDNS-${COREDNS_VERSION#v}$" "$out/coredns" -version || die "coredns reports the wrong version"
}
build_coredns() {
  COREDNS_KEY=$COREDNS_VERSION-$(recipe_hash coredns_build)
  COREDNS_DIR=$CACHE/coredns-$COREDNS_KEY
  cached_dir "$COREDNS_DIR" coredns_build
}

# ---------------------------------------------------------------- phase: local-path
# The provisioner behind kind's default StorageClass; also a plain `go install`.
local_path_build() {
  local out=$1
  mkdir -p "$out"
  (cd "$out" && GOBIN=$out CGO_ENABLED=0 go install -trimpath \
     -ldflags "-s -w -X main.VERSION=$LOCAL_PATH_VERSION" \
     "github.com/rancher/local-path-provisioner@$LOCAL_PATH_VERSION")
  says "$LOCAL_PATH_VERSION" "$out/local-path-provisioner" --version || die "local-path-provisioner reports the wrong version"
}
LOCAL_PATH_KEY=$LOCAL_PATH_VERSION-$(recipe_hash local_path_build)
LOCAL_PATH_DIR=$CACHE/local-path-$LOCAL_PATH_KEY
build_local_path() { cached_dir "$LOCAL_PATH_DIR" local_path_build; }

# ---------------------------------------------------------------- phase: rootfs
ROOTFS_PKGS=systemd,systemd-sysv,dbus,containerd,runc,containernetworking-plugins,iptables,nftables,iproute2,conntrack,ethtool,util-linux,mount,kmod,procps,ca-certificates,libseccomp2,socat,ebtables,jq,curl,bash,docker-registry
# A Debian tree from debootstrap (minbase plus PKGS), cleaned of apt's lists and the docs, as a
# tarball: the node's root, the userland the small images take their files from, the cgroup v2 guest.
debian_tree_tar() {
  local pkgs=$1 tarball=$2 name=$3 dir
  dir=$(mktemp -d "$CACHE/work/$name.XXXXXX")
  debootstrap --variant=minbase --include="$pkgs" "$DEBIAN_SUITE" "$dir" "$DEBIAN_MIRROR" >"$CACHE/work/debootstrap-$name.log" 2>&1 \
    || { tail -40 "$CACHE/work/debootstrap-$name.log" >&2; die "debootstrap ($name) failed"; }
  chroot "$dir" apt-get clean
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/locale/*
  rm -f "$dir"/boot/initrd.img-*.new "$dir"/boot/initrd.img-*.dpkg-bak
  tar -C "$dir" --numeric-owner -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  rm -rf "$dir"
}
rootfs_build() { debian_tree_tar "$ROOTFS_PKGS" "$1" rootfs; }
build_rootfs() {
  ROOTFS_TAR=$CACHE/rootfs-$DEBIAN_SUITE-$(recipe_hash rootfs_build debian_tree_tar <(echo "$ROOTFS_PKGS")).tar
  if [[ -f $ROOTFS_TAR ]]; then PHASE_NOTE="(cached $ROOTFS_TAR)"; return; fi
  mkdir -p "$CACHE/work"
  need_mirror
  rootfs_build "$ROOTFS_TAR"
  PHASE_NOTE="(built $ROOTFS_TAR)"
}

# ---------------------------------------------------------------- phase: userland
# A second, throw-away Debian tree that the small images (kube-proxy and the
# workload images) take their files from: binaries plus exactly the libraries the
# tree's own loader resolves for them. It is never an image itself.
USERLAND_PKGS=busybox-static,nginx,stress,iptables,conntrack
userland_build() { debian_tree_tar "$USERLAND_PKGS" "$1" userland; }
build_userland() {
  USERLAND_TAR=$CACHE/userland-$DEBIAN_SUITE-$(recipe_hash userland_build debian_tree_tar <(echo "$USERLAND_PKGS")).tar
  if [[ -f $USERLAND_TAR ]]; then PHASE_NOTE="(cached $USERLAND_TAR)"; return; fi
  mkdir -p "$CACHE/work"
  need_mirror
  userland_build "$USERLAND_TAR"
  PHASE_NOTE="(built $USERLAND_TAR)"
}

# ---------------------------------------------------------------- phase: node image
# docker import a directory as an image with the given --change lines.
import_dir() {
  local dir=$1 tag=$2; shift 2
  local changes=() c
  for c in "$@"; do changes+=(--change "$c"); done
  tar -C "$dir" --numeric-owner -c . | docker import "${changes[@]}" - "$tag" >/dev/null
}

STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# The images pods pull. The registry inside the node serves exactly these, so
# `imagePullPolicy: Always` works offline and any other name or tag fails to pull
# for real. One line each: the full name the node resolves (docker.io only: the
# node mirrors that registry alone), then the function that fills the image's
# root directory from the userland tree and sets IMG_CHANGES.
WORKLOAD_IMAGES=(
  "docker.io/polinux/stress:latest    wl_stress"
  "docker.io/library/busybox:latest   wl_busybox"
  "docker.io/library/nginx:alpine     wl_nginx"
  "docker.io/library/nginx:latest     wl_nginx"
)
workload_names() { local l; for l in "${WORKLOAD_IMAGES[@]}"; do echo "${l%% *}"; done; }

# Baked into the node's containerd (pinned), never pulled: our own build of the
# provisioner that backs the default StorageClass.
IMG_LOCAL_PATH=docker.io/kubelab/local-path-provisioner:$LOCAL_PATH_VERSION

# Copy PATHs (files or whole directories) from the Debian tree SRC into DST, plus
# every shared library each ELF file among them loads, as SRC's own loader
# resolves it (so the libraries match the binaries, whatever the host has).
copy_from_root() {
  local src=$1 dst=$2 p f lib real
  shift 2
  for p in "$@"; do
    mkdir -p "$dst$(dirname "$p")"
    cp -a "$src$p" "$dst$(dirname "$p")/"
    while IFS= read -r f; do
      head -c4 "$src$f" | grep -q 'ELF' || continue
      for lib in $(chroot "$src" ldd "$f" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do
        [[ -e $dst$lib ]] && continue
        real=$(chroot "$src" readlink -f "$lib")
        install -D -m0755 "$src$real" "$dst$lib"
      done
    done < <(cd "$src" && find ".$p" -type f | sed 's#^\.##')
  done
}

# /etc/passwd and /etc/group with root and nobody, and a world-writable /tmp.
add_skeleton() {
  local r=$1
  mkdir -p "$r/etc" "$r/root" "$r/tmp"
  chmod 1777 "$r/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
}

# Debian's static busybox with every applet as a symlink in /bin, the layout of
# the busybox image, so `sh`, `nslookup`, `wget`, `sleep`... are all on PATH.
add_busybox() {
  local r=$1 a
  install -D -m0755 "$U/bin/busybox" "$r/bin/busybox"
  for a in $("$r/bin/busybox" --list); do
    [[ $a == busybox || -e $r/bin/$a ]] || ln -s busybox "$r/bin/$a"
  done
}

wl_stress() {
  local r=$1
  add_skeleton "$r"
  add_busybox "$r"
  copy_from_root "$U" "$r" /usr/bin/stress
  IMG_CHANGES=("ENV PATH=$STD_PATH" 'CMD ["stress", "--help"]')
}

wl_busybox() {
  local r=$1
  add_skeleton "$r"
  add_busybox "$r"
  IMG_CHANGES=("ENV PATH=$STD_PATH" 'CMD ["sh"]')
}

# Debian's nginx binary with its libraries, its mime.types and a config of our
# own: port 80, an index page at /, 404 elsewhere, logs on the container's
# stdout/stderr, workers as user nginx (uid 101, as in the official image).
wl_nginx() {
  local r=$1
  add_skeleton "$r"
  add_busybox "$r"
  echo 'nginx:x:101:101:nginx:/nonexistent:/bin/false' >>"$r/etc/passwd"
  echo 'nginx:x:101:' >>"$r/etc/group"
  copy_from_root "$U" "$r" /usr/sbin/nginx
  install -D -m0644 "$U/etc/nginx/mime.types" "$r/etc/nginx/mime.types"
  mkdir -p "$r/var/log/nginx" "$r/var/lib/nginx" "$r/run" "$r/usr/share/nginx/html"
  # Debian's build opens these compiled-in paths before it reads the config.
  ln -s /dev/stdout "$r/var/log/nginx/access.log"
  ln -s /dev/stderr "$r/var/log/nginx/error.log"
  cat >"$r/etc/nginx/nginx.conf" <<'CONF'
# kubelab's nginx stand-in: one static site on port 80, logs to the container output.
user nginx;
worker_processes 1;
pid /run/nginx.pid;
error_log /dev/stderr notice;

events {
    worker_connections 512;
}

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log /dev/stdout;
    sendfile on;
    keepalive_timeout 65;

    server {
        listen 80 default_server;
        server_name _;
        root /usr/share/nginx/html;
        location / {
            index index.html;
            try_files $uri $uri/ =404;
        }
    }
}
CONF
  cat >"$r/usr/share/nginx/html/index.html" <<'HTML'
<!DOCTYPE html>
<html>
<head><title>Welcome to nginx!</title></head>
<body>
<h1>Welcome to nginx!</h1>
<p>This page is served by kubelab's offline nginx image (Debian's nginx package).</p>
</body>
</html>
HTML
  IMG_CHANGES=("ENV PATH=$STD_PATH" "EXPOSE 80/tcp" 'CMD ["nginx", "-g", "daemon off;"]')
}

# kube-proxy: our binary at the path kubeadm's DaemonSet runs, iptables (legacy
# and nft back ends), conntrack, and a wrapper behind the plain iptables names
# that follows whichever back end the node already uses.
img_kube_proxy() {
  local r=$1 xt m t
  add_skeleton "$r"
  add_busybox "$r"
  mkdir -p "$r/usr/local/bin" "$r/run"
  cp "$K8S_DIR/bin/kube-proxy" "$r/usr/local/bin/"
  xt=$(cd "$U" && echo /usr/lib/*/xtables)
  [[ -d $U$xt ]] || die "userland tree has no xtables extensions directory"
  copy_from_root "$U" "$r" /usr/sbin/xtables-legacy-multi /usr/sbin/xtables-nft-multi /usr/sbin/conntrack "$xt"
  # protocol and ethertype names that iptables rules may use
  cp "$U/etc/protocols" "$U/etc/ethertypes" "$r/etc/"
  for m in legacy nft; do
    for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
      ln -s "xtables-$m-multi" "$r/usr/sbin/$t-$m"
    done
  done
  cat >"$r/usr/sbin/iptables-wrapper" <<'SH'
#!/bin/sh
# kubelab: the first call decides which iptables back end this node uses (the one
# already holding more rules: kubelet and docker have written theirs by now), points
# the plain iptables names at it, and re-runs itself through the new link.
set -e
legacy=$( (iptables-legacy-save; ip6tables-legacy-save) 2>/dev/null | grep -c '^-' || true)
nft=$( (iptables-nft-save; ip6tables-nft-save) 2>/dev/null | grep -c '^-' || true)
mode=nft
[ "${legacy:-0}" -gt "${nft:-0}" ] && mode=legacy
for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
  # a rename is atomic, so a concurrent call never finds the name missing
  ln -sf "xtables-$mode-multi" "/usr/sbin/.$t.$$"
  mv -f "/usr/sbin/.$t.$$" "/usr/sbin/$t"
done
# (nothing printed: kube-proxy parses this command's combined output)
exec "/usr/sbin/${0##*/}" "$@"
SH
  chmod 0755 "$r/usr/sbin/iptables-wrapper"
  for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
    ln -s iptables-wrapper "$r/usr/sbin/$t"
  done
}

node_component_images() {
  # Control-plane images: each a static binary on an empty rootfs, with PATH set
  # so kubeadm's `command: [kube-apiserver, ...]` resolves. Then the add-ons.
  local w=$1 c img
  for c in kube-apiserver:"$IMG_APISERVER" kube-controller-manager:"$IMG_CM" kube-scheduler:"$IMG_SCHED"; do
    img=${c#*:}; c=${c%%:*}
    mkdir -p "$w/img-$c/usr/local/bin" "$w/img-$c/tmp"
    cp "$K8S_DIR/bin/$c" "$w/img-$c/usr/local/bin/"
    import_dir "$w/img-$c" "$img" "ENV PATH=$STD_PATH"
  done
  mkdir -p "$w/img-etcd/usr/local/bin" "$w/img-etcd/tmp" "$w/img-etcd/var/lib/etcd"
  cp "$ETCD_DIR/bin/etcd" "$w/img-etcd/usr/local/bin/"
  import_dir "$w/img-etcd" "$IMG_ETCD" "ENV PATH=$STD_PATH"
  mkdir -p "$w/img-pause"
  cp "$K8S_DIR/bin/pause" "$w/img-pause/pause"
  import_dir "$w/img-pause" "$IMG_PAUSE" 'ENTRYPOINT ["/pause"]'
  img_kube_proxy "$w/img-kube-proxy"
  import_dir "$w/img-kube-proxy" "$IMG_PROXY" "ENV PATH=$STD_PATH"
  # CoreDNS: kubeadm's Deployment passes only args, so the binary is the entrypoint.
  mkdir -p "$w/img-coredns/tmp"
  cp "$COREDNS_DIR/bin/coredns" "$w/img-coredns/coredns"
  import_dir "$w/img-coredns" "$IMG_COREDNS" 'ENTRYPOINT ["/coredns"]' "EXPOSE 53/udp" "EXPOSE 53/tcp"
  mkdir -p "$w/img-local-path/usr/local/bin" "$w/img-local-path/tmp"
  cp "$LOCAL_PATH_DIR/bin/local-path-provisioner" "$w/img-local-path/usr/local/bin/"
  import_dir "$w/img-local-path" "$IMG_LOCAL_PATH" "ENV PATH=$STD_PATH" 'ENTRYPOINT ["local-path-provisioner"]'
}
baked_images() { echo "$IMG_APISERVER" "$IMG_CM" "$IMG_SCHED" "$IMG_ETCD" "$IMG_PAUSE" "$IMG_PROXY" "$IMG_COREDNS" "$IMG_LOCAL_PATH"; }

# Build the workload images and push them into a throw-away registry on the host
# (Debian's docker-registry, loopback only) whose storage directory becomes the
# node's registry data.
node_registry_data() {
  local w=$1 port=5055 data=$1/registry-data
  while (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
  mkdir -p "$data"
  cat >"$w/registry-host.yml" <<YML
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $data}
http:
  addr: 127.0.0.1:$port
YML
  docker-registry serve "$w/registry-host.yml" >"$w/registry-host.log" 2>&1 9>&- &
  local rpid=$! i
  for i in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.2; done
  local line name fn built=" " ref repo
  for line in "${WORKLOAD_IMAGES[@]}"; do
    read -r name fn <<<"$line"
    [[ $name == docker.io/*/*:* ]] || { kill "$rpid"; die "$name: workload images must be docker.io/<repo>:<tag>"; }
    if [[ $built != *" $fn "* ]]; then     # one build per function, however many tags share it
      IMG_CHANGES=()
      "$fn" "$w/$fn"
      import_dir "$w/$fn" "kubelab-build/$fn:latest" "${IMG_CHANGES[@]}"
      built+="$fn "
    fi
    repo=${name#docker.io/}
    ref=127.0.0.1:$port/$repo
    docker tag "kubelab-build/$fn:latest" "$ref"
    docker push "$ref" >/dev/null || { kill "$rpid"; die "push of $name to the host registry failed"; }
    docker rmi "$ref" >/dev/null
    # the registry must list the tag now, or pods would fail to pull it
    curl -fsS "http://127.0.0.1:$port/v2/${repo%:*}/tags/list" | jq -e --arg t "${repo##*:}" '.tags | index($t)' >/dev/null \
      || { kill "$rpid"; die "registry does not list $name after the push"; }
  done
  for fn in $built; do docker rmi "kubelab-build/$fn:latest" >/dev/null; done
  kill "$rpid"; wait "$rpid" 2>/dev/null || true
}

node_rootfs_customize() {
  local r=$1 kd=$2 f
  # --- kind's base files, from the kind Go module (mirrors kind's base Dockerfile COPYs)
  local b=$kd/images/base/files
  install -m0755 "$b"/usr/local/bin/* "$r/usr/local/bin/"
  mkdir -p "$r/kind/bin"
  cp -r "$b/kind/." "$r/kind/"; chmod 0755 "$r/kind/bin" "$r"/kind/bin/*
  mkdir -p "$r/etc/containerd" "$r/etc/default" "$r/etc/sysctl.d" "$r/etc/systemd/system/kubelet.service.d"
  for f in "$b"/etc/*; do [[ -f $f ]] && install -m0644 "$f" "$r/etc/"; done
  install -m0644 "$b"/etc/containerd/* "$r/etc/containerd/"
  install -m0644 "$b"/etc/default/* "$r/etc/default/"
  install -m0644 "$b"/etc/sysctl.d/* "$r/etc/sysctl.d/"
  for f in "$b"/etc/systemd/system/*; do [[ -f $f ]] && install -m0644 "$f" "$r/etc/systemd/system/"; done
  install -m0644 "$b"/etc/systemd/system/kubelet.service.d/* "$r/etc/systemd/system/kubelet.service.d/"

  # --- kind's systemd trimming
  find "$r/lib/systemd/system/sysinit.target.wants/" -name systemd-tmpfiles-setup.service -delete
  rm -f "$r"/lib/systemd/system/multi-user.target.wants/* "$r"/etc/systemd/system/*.wants/* \
        "$r"/lib/systemd/system/local-fs.target.wants/* "$r"/lib/systemd/system/sockets.target.wants/*udev* \
        "$r"/lib/systemd/system/sockets.target.wants/*initctl* "$r"/lib/systemd/system/basic.target.wants/*
  echo "ReadKMsg=no" >>"$r/etc/systemd/journald.conf"
  # /sbin/init already comes from systemd-sysv (kind links it by hand)
  [[ -e $r/usr/sbin/init || -L $r/usr/sbin/init ]] || die "rootfs has no /sbin/init"
  mkdir -p "$r/etc/kubernetes/manifests"

  # --- Debian's containerd lives in /usr/bin
  sed -i 's#^ExecStart=/usr/local/bin/containerd#ExecStart=/usr/bin/containerd#' "$r/etc/systemd/system/containerd.service"

  # --- containerd config (Debian containerd 1.6, v2 config format)
  local cfg=$r/etc/containerd/config.toml
  # no fuse-overlayfs snapshotter binary in this image: drop the proxy plugin
  awk '/^\[proxy_plugins/ {skip=1; next} /^\[/ {skip=0} !skip' "$cfg" >"$cfg.new" && mv "$cfg.new" "$cfg"
  # runc cannot lower oom_score_adj without CAP_SYS_RESOURCE (missing in this sandbox)
  sed -i 's/restrict_oom_score_adj = false/restrict_oom_score_adj = true/' "$cfg"
  grep -q 'restrict_oom_score_adj = true' "$cfg" || die "containerd config: restrict_oom_score_adj not set"
  # kind uses the systemd cgroup driver for k8s >= 1.24: keep SystemdCgroup = true
  grep -q 'SystemdCgroup = true' "$cfg" || die "containerd config: expected SystemdCgroup = true"
  sed -i "s#sandbox_image = \".*\"#sandbox_image = \"$IMG_PAUSE\"#" "$cfg"
  cat >>"$cfg" <<'TOML'

# kubelab: registry mirrors (docker.io -> in-node registry on 127.0.0.1:5000)
[plugins."io.containerd.grpc.v1.cri".registry]
  config_path = "/etc/containerd/certs.d"
TOML
  mkdir -p "$r/etc/containerd/certs.d/docker.io"
  cat >"$r/etc/containerd/certs.d/docker.io/hosts.toml" <<'TOML'
server = "https://registry-1.docker.io"

[host."http://127.0.0.1:5000"]
  capabilities = ["pull", "resolve"]
TOML
  # base OCI spec, as kind's base image generates it (createContainer hook, no rlimits)
  ctr oci spec \
    | jq '.hooks.createContainer[.hooks.createContainer | length] |= . + {"path": "/kind/bin/mount-product-files.sh"}' \
    | jq 'del(.process.rlimits)' >"$r/etc/containerd/cri-base.json"

  # --- CNI: Debian plugins + a bridge conflist (kind's default pod subnet)
  rm -rf "$r/opt/cni/bin"; mkdir -p "$r/opt/cni"; ln -s /usr/lib/cni "$r/opt/cni/bin"
  mkdir -p "$r/etc/cni/net.d"
  cat >"$r/etc/cni/net.d/10-kubelab-bridge.conflist" <<'JSON'
{
  "cniVersion": "0.4.0",
  "name": "kubelab",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "kubelab0",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "10.244.0.0/24", "gateway": "10.244.0.1"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}},
    {"type": "loopback"}
  ]
}
JSON

  # --- Kubernetes binaries
  install -m0755 "$K8S_DIR/bin/kubelet" "$K8S_DIR/bin/kubeadm" "$K8S_DIR/bin/kubectl" "$r/usr/bin/"
  install -m0755 "$CRICTL_DIR/bin/crictl" "$r/usr/local/bin/"
  echo "$K8S_VERSION" >"$r/kind/version"

  # --- default StorageClass: kind applies /kind/manifests/default-storage.yaml when
  # the node has it (otherwise a host-path class with no provisioner behind it)
  mkdir -p "$r/kind/manifests"
  sed -e "s#@PROVISIONER_IMAGE@#$IMG_LOCAL_PATH#g" -e "s#@HELPER_IMAGE@#docker.io/library/busybox:latest#g" \
    "$HERE/default-storage.yaml" >"$r/kind/manifests/default-storage.yaml"
  ! grep -q '@[A-Z_]*@' "$r/kind/manifests/default-storage.yaml" || die "default-storage.yaml: placeholder left unfilled"
  workload_names | grep -qx docker.io/library/busybox:latest || die "the local-path helper needs busybox in WORKLOAD_IMAGES"

  # --- in-node registry mirror (Debian docker-registry) on 127.0.0.1:5000
  mkdir -p "$r/etc/docker/registry"
  cat >"$r/etc/docker/registry/config.yml" <<'YML'
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: /var/lib/docker-registry}
  delete: {enabled: false}
http:
  addr: 127.0.0.1:5000
YML
  rm -rf "$r/var/lib/docker-registry"; mkdir -p "$r/var/lib/docker-registry"
  cp -a "$W/registry-data/." "$r/var/lib/docker-registry/"
  chroot "$r" chown -R docker-registry: /var/lib/docker-registry

  # --- the two entrypoint patches
  # kind's entrypoint expects --privileged; without it docker mounts the cgroup v1
  # controllers read-only. Remount them rw before anything else runs.
  local ep=$r/usr/local/bin/entrypoint
  grep -q '^validate_userns$' "$ep" || die "kind entrypoint layout changed (no 'validate_userns' call)"
  sed -i 's|^validate_userns$|# kubelab: no --privileged, so make the cgroup mounts writable first\nfor m in $(findmnt -lun -o target -t cgroup,cgroup2); do mount -o remount,bind,rw "$m" \|\| true; done\nvalidate_userns|' "$ep"

  # --- services
  chroot "$r" systemctl enable kubelet.service containerd.service undo-mount-hacks.service docker-registry.service >/dev/null 2>&1
  chroot "$r" systemctl mask systemd-binfmt.service >/dev/null 2>&1
  [[ -e $r/etc/systemd/system/multi-user.target.wants/docker-registry.service ]] || die "docker-registry unit not enabled"
}

node_bake() {
  # Load the control-plane and add-on images into containerd's k8s.io namespace
  # inside the image, pinned, the way `kind build node-image` does (but without any pulls).
  local base=$1 out=$2 tar=$3 cid
  cid=$(docker run -d --entrypoint sleep "$base" infinity)
  docker exec "$cid" sh -c 'containerd >/tmp/containerd-bake.log 2>&1 &'
  local i
  for i in $(seq 1 60); do docker exec "$cid" ctr version >/dev/null 2>&1 && break; sleep 0.5; done
  docker exec -i "$cid" ctr -n k8s.io images import --label io.cri-containerd.pinned=pinned \
    --no-unpack --digests - <"$tar" >/dev/null
  docker exec "$cid" ctr -n k8s.io images ls -q >"$W/baked-images.txt"
  local img
  for img in $(baked_images); do
    grep -qx "$img" "$W/baked-images.txt" || { cat "$W/baked-images.txt" >&2; docker rm -f "$cid" >/dev/null; die "image $img missing after bake"; }
  done
  docker exec "$cid" sh -c 'kill $(pidof containerd); while pidof containerd >/dev/null; do sleep 0.2; done; rm -f /tmp/containerd-bake.log'
  docker stop -t 1 "$cid" >/dev/null || true
  docker commit \
    --change 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]' \
    --change 'CMD []' "$cid" "$out" >/dev/null
  docker rm -f "$cid" >/dev/null
}

node_image_build() {
  local tag=$1 kd
  kd=$(kind_module_dir)
  W=$(mktemp -d "$CACHE/work/node.XXXXXX")
  # the Debian tree the small images take their files from
  U=$W/userland
  mkdir -p "$U"
  tar -C "$U" --numeric-owner -xf "$USERLAND_TAR"
  node_component_images "$W"
  node_registry_data "$W"
  # shellcheck disable=SC2046
  docker save -o "$W/images.tar" $(baked_images)
  local r=$W/rootfs
  mkdir -p "$r"
  tar -C "$r" --numeric-owner -xf "$ROOTFS_TAR"
  node_rootfs_customize "$r" "$kd"
  import_dir "$r" "$tag-unbaked" "ENV container=docker" "ENV PATH=$STD_PATH" \
    'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]'
  # docker import cannot set STOPSIGNAL; one tiny build step adds it.
  mkdir -p "$W/stop"
  printf 'FROM %s\nSTOPSIGNAL SIGRTMIN+3\n' "$tag-unbaked" >"$W/stop/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q -t "$tag-base" "$W/stop" >/dev/null
  node_bake "$tag-base" "$tag" "$W/images.tar"
  [[ "$(docker image inspect -f '{{.Config.StopSignal}}' "$tag")" == "SIGRTMIN+3" ]] || die "node image lost its STOPSIGNAL"
  # shellcheck disable=SC2046
  docker rmi "$tag-unbaked" "$tag-base" $(baked_images) >/dev/null 2>&1 || true
  rm -rf "$W"
}

build_node_image() {
  local key fns
  fns=$(printf '%s\n' "${WORKLOAD_IMAGES[@]}" | awk '{print $2}' | sort -u)
  # shellcheck disable=SC2086
  key=$(recipe_hash node_component_images node_registry_data node_rootfs_customize node_bake node_image_build \
        import_dir copy_from_root add_skeleton add_busybox img_kube_proxy baked_images $fns \
        "$HERE/default-storage.yaml" \
        <(printf '%s\n' "${WORKLOAD_IMAGES[@]}" "$IMG_LOCAL_PATH") \
        <(echo "$K8S_KEY $ETCD_KEY $CRICTL_KEY $COREDNS_KEY $LOCAL_PATH_KEY $ROOTFS_TAR $USERLAND_TAR $KIND_VERSION $DEBIAN_SUITE"))
  NODE_IMAGE=$NODE_IMAGE_REPO:$K8S_VERSION-$key
  local stamp=$CACHE/node-image-$K8S_VERSION-$key.done
  if [[ -f $stamp ]] && docker image inspect "$NODE_IMAGE" >/dev/null 2>&1; then
    PHASE_NOTE="(cached $NODE_IMAGE)"; return
  fi
  need_disk 4
  mkdir -p "$CACHE/work"
  node_image_build "$NODE_IMAGE"
  docker image inspect -f '{{.Id}}' "$NODE_IMAGE" >"$stamp"
  # drop node images built from older recipes (about 1 GB each), unless told that
  # other checkouts on this machine may still use theirs
  if [[ -n "${KUBELAB_KEEP_NODE_IMAGES:-}" ]]; then PHASE_NOTE="(built $NODE_IMAGE; older ones kept)"; return; fi
  local old
  for old in $(docker images --format '{{.Repository}}:{{.Tag}}' "$NODE_IMAGE_REPO" | grep -vx "$NODE_IMAGE"); do
    docker rmi "$old" >/dev/null 2>&1 && log "removed old node image $old" || true
  done
  find "$CACHE" -maxdepth 1 -name 'node-image-*.done' ! -name "${stamp##*/}" -delete
  PHASE_NOTE="(built $NODE_IMAGE)"
}

# ---------------------------------------------------------------- phase: env
# ---------------------------------------------------------------- phase: host images
# kubelab kernel runs the OOM lab's container under the host's own Docker, without Kubernetes:
# the same stress image the node's registry serves, under the name issue.yaml gives it.
HOST_STRESS_IMAGE=docker.io/polinux/stress:latest
host_images() {
  local key have w
  key=$(recipe_hash wl_stress add_skeleton add_busybox copy_from_root <(echo "$USERLAND_TAR"))
  have=$(docker image inspect -f '{{index .Config.Labels "kubelab.recipe"}}' "$HOST_STRESS_IMAGE" 2>/dev/null || true)
  if [[ $have == "$key" ]]; then PHASE_NOTE="(cached $HOST_STRESS_IMAGE)"; return; fi
  mkdir -p "$CACHE/work"
  w=$(mktemp -d "$CACHE/work/host-images.XXXXXX")
  U=$w/userland
  mkdir -p "$U"
  tar -C "$U" --numeric-owner -xf "$USERLAND_TAR"
  IMG_CHANGES=()
  wl_stress "$w/stress"
  import_dir "$w/stress" "$HOST_STRESS_IMAGE" "${IMG_CHANGES[@]}" "LABEL kubelab.recipe=$key"
  rm -rf "$w"
  PHASE_NOTE="(built $HOST_STRESS_IMAGE)"
}

write_env() {
  local envf=$CACHE/env.sh
  cat >"$envf.tmp" <<ENV
# written by test/real-cluster/provision.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ)
export KUBELAB_NODE_IMAGE=$NODE_IMAGE
export KUBELAB_KIND_CONFIG=$HERE/kind-config.yaml
export REAL_KIND_BIN_DIR=$KIND_DIR/bin
export REAL_SHIM_DIR=$HERE/shims
export K8S_VERSION=$K8S_VERSION
export KIND_VERSION=$KIND_VERSION
export ETCD_VERSION=$ETCD_VERSION
export CRICTL_VERSION=$CRICTL_VERSION
export COREDNS_VERSION=$COREDNS_VERSION
export LOCAL_PATH_VERSION=$LOCAL_PATH_VERSION
export KUBELAB_CI_IMAGES="$(workload_names | tr '\n' ' ' | sed 's/ $//')"
export KUBELAB_DOCKERD_PIDFILE=$DOCKERD_PIDFILE
export KUBELAB_DOCKERD_LOG=$DOCKERD_LOG
export KUBELAB_CI_CACHE=$CACHE
export KUBELAB_HOST_STRESS_IMAGE=$HOST_STRESS_IMAGE
ENV
  cp "$envf.tmp" "$(checkout_env_file)"
  mv "$envf.tmp" "$envf"
  PHASE_NOTE="($envf and $(checkout_env_file))"
}

# ---------------------------------------------------------------- main
main() {
  phase preflight preflight
  phase apt apt_install
  phase dockerd start_dockerd
  # What needs nothing from the Kubernetes build runs beside it, in a subshell: on a cold machine
  # its module downloads and debootstrap wait on the network while Go compiles Kubernetes (one
  # after the other, a cold provision spent 444 s on these). Its phase times come back in a file.
  local side_times side_pid side=()
  side_times=$(mktemp)
  (
    TIMINGS=()
    phase kind build_kind
    phase crictl build_crictl
    phase local-path build_local_path
    phase rootfs build_rootfs
    phase userland build_userland
    printf '%s\n' "${TIMINGS[@]}" >"$side_times"
  ) &
  side_pid=$!
  trap 'kill "$side_pid" 2>/dev/null' EXIT
  phase kubernetes build_k8s
  resolve_images
  phase etcd build_etcd
  phase coredns build_coredns
  wait "$side_pid" || die "a build beside the Kubernetes build failed (its lines are above)"
  trap - EXIT
  mapfile -t side <"$side_times"
  rm -f "$side_times"
  TIMINGS+=("${side[@]}")
  # The side builds' paths (ROOTFS_TAR, USERLAND_TAR) into this shell: all cached now, so instant.
  build_rootfs
  build_userland
  PHASE_NOTE=""
  phase node-image build_node_image
  phase host-images host_images
  phase env write_env
  rm -rf "$CACHE/work"
  local total=$(( $(date +%s) - T_START ))
  {
    echo "==== provision timings (wall) ===="
    printf '%s\n' "${TIMINGS[@]}"
    printf '%-22s %5ss\n' total "$total"
    echo "==== $CACHE/env.sh ===="
    cat "$CACHE/env.sh"
  } >&2
}

# Allow `source provision.sh` (for debugging single phases) without running main.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
