#!/usr/bin/env bash
# kubelab: provision everything needed for an offline, real `kind` cluster.
#
#   bash test/real-cluster/provision.sh
#
# Idempotent and cached. Builds, on this machine, with no container registry:
#   * kind (pinned) via `go install` from the Go module proxy
#   * Kubernetes server binaries + kubeadm/kubelet/kubectl from the Go modules
#   * etcd from its Go module (wrapper main calling etcdmain)
#   * a kind node image (Debian bookworm via debootstrap, Debian containerd/runc/CNI,
#     kind's base files taken from the kind Go module, control-plane images baked
#     into containerd, and an in-node registry mirror serving polinux/stress)
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
APT_PKGS=(docker.io containerd runc debootstrap stress jq rsync docker-registry gcc libc6-dev ca-certificates curl)
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
start_dockerd() {
  if docker_ok; then PHASE_NOTE="(already running)"; return; fi
  command -v dockerd >/dev/null || die "dockerd not found (apt package docker.io)"
  log "starting dockerd, log: $DOCKERD_LOG"
  # Debian's containerd binary is used by dockerd from PATH; no systemd here.
  # (fd 9 is our lock; dockerd must not inherit it)
  nohup dockerd >"$DOCKERD_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$DOCKERD_PIDFILE"
  local i
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
    k8s.io/kubernetes/cmd/kube-scheduler
  # pause, from the same release's source tree in the module cache
  local kdir; kdir=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | jq -r .Dir)
  gcc -Os -static -o "$out/pause" -DVERSION="kubelab-$K8S_VERSION" "$kdir/build/pause/linux/pause.c"
  strip "$out/pause" || true
  "$out/kubeadm" version -o short | grep -qx "$K8S_VERSION" || die "kubeadm reports the wrong version"
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
  local tag=${IMG_ETCD##*:}
  [[ -n "$ETCD_VERSION" ]] || ETCD_VERSION=${tag%-*}
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
  "$out/etcd" --version | grep -q "etcd Version: $ETCD_VERSION" || die "etcd reports the wrong version"
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
  "$out/crictl" --version | grep -q "$CRICTL_VERSION" || die "crictl reports the wrong version"
}
CRICTL_KEY=$CRICTL_VERSION-$(recipe_hash crictl_build)
CRICTL_DIR=$CACHE/crictl-$CRICTL_KEY
build_crictl() { cached_dir "$CRICTL_DIR" crictl_build; }

# ---------------------------------------------------------------- phase: rootfs
ROOTFS_PKGS=systemd,systemd-sysv,dbus,containerd,runc,containernetworking-plugins,iptables,nftables,iproute2,conntrack,ethtool,util-linux,mount,kmod,procps,ca-certificates,libseccomp2,socat,ebtables,jq,curl,bash,docker-registry
rootfs_build() {
  local tarball=$1 dir
  dir=$(mktemp -d "$CACHE/work/rootfs.XXXXXX")
  debootstrap --variant=minbase --include="$ROOTFS_PKGS" "$DEBIAN_SUITE" "$dir" "$DEBIAN_MIRROR" \
    >"$CACHE/work/debootstrap.log" 2>&1 || { tail -40 "$CACHE/work/debootstrap.log" >&2; die "debootstrap failed"; }
  chroot "$dir" apt-get clean
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/locale/*
  tar -C "$dir" --numeric-owner -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  rm -rf "$dir"
}
build_rootfs() {
  ROOTFS_TAR=$CACHE/rootfs-$DEBIAN_SUITE-$(recipe_hash rootfs_build <(echo "$ROOTFS_PKGS")).tar
  if [[ -f $ROOTFS_TAR ]]; then PHASE_NOTE="(cached $ROOTFS_TAR)"; return; fi
  mkdir -p "$CACHE/work"
  need_mirror
  rootfs_build "$ROOTFS_TAR"
  PHASE_NOTE="(built $ROOTFS_TAR)"
}

# ---------------------------------------------------------------- phase: node image
# docker import a directory as an image with the given --change lines.
import_dir() {
  local dir=$1 tag=$2; shift 2
  local changes=() c
  for c in "$@"; do changes+=(--change "$c"); done
  tar -C "$dir" --numeric-owner -c . | docker import "${changes[@]}" - "$tag" >/dev/null
}

# Copy a dynamically linked binary and its libraries into a rootfs.
copy_with_libs() {
  local bin=$1 root=$2 lib
  install -D -m0755 "$bin" "$root$bin"
  for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
    install -D -m0755 "$(readlink -f "$lib")" "$root$lib"
  done
}

STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

node_component_images() {
  # Control-plane images: each a static binary on an empty rootfs, with PATH set
  # so kubeadm's `command: [kube-apiserver, ...]` resolves.
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
  # Stand-in for polinux/stress: Debian's stress binary plus its libraries.
  mkdir -p "$w/img-stress/tmp"
  copy_with_libs /usr/bin/stress "$w/img-stress"
  import_dir "$w/img-stress" kubelab/stress-standin:latest "ENV PATH=$STD_PATH" 'CMD ["stress","--help"]'
}

# Push the stress stand-in into a throw-away registry on the host (Debian's
# docker-registry, loopback only) whose storage directory becomes the node's
# registry data.
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
  docker tag kubelab/stress-standin:latest "127.0.0.1:$port/polinux/stress:latest"
  docker push "127.0.0.1:$port/polinux/stress:latest" >/dev/null || { kill "$rpid"; die "push to host registry failed"; }
  docker rmi "127.0.0.1:$port/polinux/stress:latest" >/dev/null
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
  # Load the control-plane images into containerd's k8s.io namespace inside the
  # image, pinned, the way `kind build node-image` does (but without any pulls).
  local base=$1 out=$2 tar=$3 cid
  cid=$(docker run -d --entrypoint sleep "$base" infinity)
  docker exec "$cid" sh -c 'containerd >/tmp/containerd-bake.log 2>&1 &'
  local i
  for i in $(seq 1 60); do docker exec "$cid" ctr version >/dev/null 2>&1 && break; sleep 0.5; done
  docker exec -i "$cid" ctr -n k8s.io images import --label io.cri-containerd.pinned=pinned \
    --no-unpack --digests - <"$tar" >/dev/null
  docker exec "$cid" ctr -n k8s.io images ls -q >"$W/baked-images.txt"
  local img
  for img in "$IMG_APISERVER" "$IMG_CM" "$IMG_SCHED" "$IMG_ETCD" "$IMG_PAUSE"; do
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
  node_component_images "$W"
  node_registry_data "$W"
  docker save -o "$W/images.tar" "$IMG_APISERVER" "$IMG_CM" "$IMG_SCHED" "$IMG_ETCD" "$IMG_PAUSE"
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
  docker rmi "$tag-unbaked" "$tag-base" "$IMG_APISERVER" "$IMG_CM" "$IMG_SCHED" "$IMG_ETCD" "$IMG_PAUSE" \
    kubelab/stress-standin:latest >/dev/null 2>&1 || true
  rm -rf "$W"
}

build_node_image() {
  local key
  key=$(recipe_hash node_component_images node_registry_data node_rootfs_customize node_bake node_image_build \
        import_dir copy_with_libs <(echo "$K8S_KEY $ETCD_KEY $CRICTL_KEY $ROOTFS_TAR $KIND_VERSION $DEBIAN_SUITE"))
  NODE_IMAGE=$NODE_IMAGE_REPO:$K8S_VERSION-$key
  local stamp=$CACHE/node-image-$K8S_VERSION-$key.done
  if [[ -f $stamp ]] && docker image inspect "$NODE_IMAGE" >/dev/null 2>&1; then
    PHASE_NOTE="(cached $NODE_IMAGE)"; return
  fi
  need_disk 4
  mkdir -p "$CACHE/work"
  node_image_build "$NODE_IMAGE"
  docker image inspect -f '{{.Id}}' "$NODE_IMAGE" >"$stamp"
  # drop node images built from older recipes (about 800 MB each)
  local old
  for old in $(docker images --format '{{.Repository}}:{{.Tag}}' "$NODE_IMAGE_REPO" | grep -vx "$NODE_IMAGE"); do
    docker rmi "$old" >/dev/null 2>&1 && log "removed old node image $old" || true
  done
  find "$CACHE" -maxdepth 1 -name 'node-image-*.done' ! -name "${stamp##*/}" -delete
  PHASE_NOTE="(built $NODE_IMAGE)"
}

# ---------------------------------------------------------------- phase: env
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
export KUBELAB_DOCKERD_PIDFILE=$DOCKERD_PIDFILE
export KUBELAB_DOCKERD_LOG=$DOCKERD_LOG
export KUBELAB_CI_CACHE=$CACHE
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
  phase kind build_kind
  phase kubernetes build_k8s
  resolve_images
  phase etcd build_etcd
  phase crictl build_crictl
  phase rootfs build_rootfs
  phase node-image build_node_image
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
