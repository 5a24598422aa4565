#!/usr/bin/env bash
# kubelab: print diagnostics for a kind cluster (use on test failure).
#
#   bash test/real-cluster/collect-logs.sh CLUSTER_NAME [MAX_LINES_PER_FILE]
#
# Runs `kind export logs` into a temp dir and prints the key files (kubelet and
# containerd journals, the node's full journal tail, pod/container listings),
# plus `docker logs` of each node container. Every file is cut to its last
# MAX_LINES_PER_FILE lines (default 150) so CI logs stay bounded. Never fails.
# Set KUBELAB_LOGS_DIR to keep the full export (e.g. as a CI artifact).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=env-file.sh
source "$HERE/env-file.sh"
# shellcheck disable=SC1090
[[ -f $(env_file) ]] && source "$(env_file)"
name=${1:?usage: collect-logs.sh CLUSTER_NAME [MAX_LINES_PER_FILE]}
max=${2:-150}
export PATH=${REAL_SHIM_DIR:-$HERE/shims}:${REAL_KIND_BIN_DIR:-/nonexistent}:$PATH

section() { printf '\n======== %s ========\n' "$*"; }
show() { # file label
  [[ -f "$1" ]] || return 0
  section "$2 (last $max lines of $(wc -l <"$1") )"
  tail -n "$max" "$1" | cut -c1-400
}

nodes=$(docker ps -a --filter "label=io.x-k8s.kind.cluster=$name" --format '{{.Names}}' 2>/dev/null)
section "kind nodes for cluster $name"
docker ps -a --filter "label=io.x-k8s.kind.cluster=$name" \
  --format 'table {{.Names}}\t{{.Status}}\t{{.Image}}' 2>&1 | head -20

# KUBELAB_LOGS_DIR: keep the full export there; otherwise a temp dir, removed at the end
if [[ -n "${KUBELAB_LOGS_DIR:-}" ]]; then dir=$KUBELAB_LOGS_DIR/$name; mkdir -p "$dir"; keep=1
else dir=$(mktemp -d /tmp/kubelab-logs.XXXXXX); keep=0; fi
if command -v kind >/dev/null; then
  timeout 120 kind export logs --name "$name" "$dir" >/dev/null 2>"$dir/export.err" \
    || { section "kind export logs failed"; tail -n 20 "$dir/export.err"; }
else
  section "kind not on PATH; skipping kind export logs"
fi

for n in $nodes; do
  show "$dir/$n/kubelet.log" "$n: kubelet journal"
  show "$dir/$n/containerd.log" "$n: containerd journal"
  show "$dir/$n/journal.log" "$n: full journal"
  show "$dir/$n/pods.log" "$n: pods"
  show "$dir/$n/images.log" "$n: images"
  section "$n: docker logs (last $max lines)"
  docker logs --tail "$max" "$n" 2>&1 | cut -c1-400
  section "$n: docker inspect state"
  docker inspect -f '{{json .State}}' "$n" 2>&1 | head -c 2000; echo
done
[[ -n "$nodes" ]] || section "no node containers found for cluster $name"
if ((keep)); then echo "(full export kept in $dir)"; else rm -rf "$dir"; fi
exit 0
