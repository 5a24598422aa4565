#!/usr/bin/env bash
# kubelab: end-to-end proof that the offline real-cluster setup works.
#
#   bash test/real-cluster/provision.sh && bash test/real-cluster/smoke.sh
#
# Creates a real kind cluster from the locally built node image, runs the
# upstream OOMKilled lab (issue.yaml, then fix.yaml) against it with kubectl,
# and deletes the cluster. Prints the wall time of each phase; exits non-zero
# on any failure (after printing the cluster's logs).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REF_DIR=${KUBELAB_OOM_LAB_DIR:-/work/shared/reference/upstream-oom-killed}
CLUSTER=${KUBELAB_SMOKE_CLUSTER:-kubelab-smoke}
OOM_TIMEOUT=${KUBELAB_SMOKE_OOM_TIMEOUT:-180}
RUN_TIMEOUT=${KUBELAB_SMOKE_RUN_TIMEOUT:-120}
STABLE_SECONDS=20

# shellcheck source=env-file.sh
source "$HERE/env-file.sh"
ENV_FILE=$(env_file)
[[ -f $ENV_FILE ]] || { echo "smoke: $ENV_FILE missing; run provision.sh first" >&2; exit 1; }
# shellcheck disable=SC1090
source "$ENV_FILE"
export PATH=$REAL_SHIM_DIR:$REAL_KIND_BIN_DIR:$PATH

log() { printf '[smoke %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { printf '[smoke] FAIL: %s\n' "$*" >&2; exit 1; }

TMP=$(mktemp -d /tmp/kubelab-smoke.XXXXXX)
KCFG=$TMP/kubeconfig
k() { kubectl --kubeconfig "$KCFG" --context "kind-$CLUSTER" "$@"; }

declare -a TIMINGS=()
T_START=$(date +%s)
phase() {
  local name=$1 t0 t1; shift
  t0=$(date +%s)
  log "phase $name: start"
  "$@"
  t1=$(date +%s)
  TIMINGS+=("$(printf '%-24s %5ss' "$name" $((t1 - t0)))")
  log "phase $name: done in $((t1 - t0))s"
}
print_timings() {
  {
    echo "==== smoke timings (wall) ===="
    printf '%s\n' "${TIMINGS[@]}"
    printf '%-24s %5ss\n' total $(( $(date +%s) - T_START ))
  } >&2
}

cluster_created=0
on_exit() {
  local rc=$?
  if ((rc != 0)); then
    log "failed (rc=$rc); collecting logs"
    if ((cluster_created)); then
      k get pods -A -o wide >&2 2>&1 || true
      k describe pod oom-killed-pod oom-killed-fixed-pod >&2 2>&1 || true
    fi
    bash "$HERE/collect-logs.sh" "$CLUSTER" 120 >&2 || true
  fi
  if ((cluster_created)) && [[ -z "${KUBELAB_SMOKE_KEEP:-}" ]]; then
    kind delete cluster --name "$CLUSTER" --kubeconfig "$KCFG" >&2 || true
  fi
  rm -rf "$TMP"
  print_timings
  if ((rc == 0)); then log "PASS"; else log "FAIL"; fi
  exit $rc
}
trap on_exit EXIT

# ------------------------------------------------------------------ phases
check_tools() {
  local t
  for t in docker kind kubectl; do command -v "$t" >/dev/null || fail "$t not on PATH"; done
  [[ "$(command -v docker)" == "$REAL_SHIM_DIR/docker" ]] || fail "docker shim is not first on PATH"
  docker info >/dev/null 2>&1 || fail "docker daemon is not answering"
  docker image inspect "$KUBELAB_NODE_IMAGE" >/dev/null 2>&1 || fail "node image $KUBELAB_NODE_IMAGE not present"
  kind version >&2
  for f in issue.yaml fix.yaml; do
    [[ -f $REF_DIR/$f ]] || fail "$REF_DIR/$f missing"
    cp "$REF_DIR/$f" "$TMP/$f"
  done
  # a stale cluster from an aborted run would make `kind create` fail
  if kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
    log "deleting leftover cluster $CLUSTER"
    kind delete cluster --name "$CLUSTER"
  fi
}

create_cluster() {
  cluster_created=1
  kind create cluster --name "$CLUSTER" --image "$KUBELAB_NODE_IMAGE" \
    --config "$KUBELAB_KIND_CONFIG" --kubeconfig "$KCFG"
}

wait_ready() {
  local i
  for i in $(seq 1 120); do
    if k get node "$CLUSTER-control-plane" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null | grep -qx True \
       && k get serviceaccount default >/dev/null 2>&1; then
      k get nodes -o wide >&2
      k version >&2 2>&1 || true
      return 0
    fi
    sleep 1
  done
  fail "node not Ready (or default service account missing) after 120s"
}

container_field() { # pod jsonpath-suffix
  k get pod "$1" -o jsonpath="{.status.containerStatuses[0].$2}" 2>/dev/null || true
}

run_issue() {
  k apply -f "$TMP/issue.yaml" >&2
  local i reason="" last state
  for i in $(seq 1 "$OOM_TIMEOUT"); do
    last=$(container_field oom-killed-pod lastState.terminated.reason)
    state=$(container_field oom-killed-pod state.terminated.reason)
    if [[ "$last" == OOMKilled || "$state" == OOMKilled ]]; then reason=OOMKilled; break; fi
    sleep 1
  done
  k get pod oom-killed-pod -o wide >&2 || true
  [[ "$reason" == OOMKilled ]] || fail "oom-killed-pod never reported reason OOMKilled within ${OOM_TIMEOUT}s (lastState='$last' state='$state')"
  local where=lastState code restarts
  [[ "$state" == OOMKilled ]] && where=state
  code=$(container_field oom-killed-pod "$where.terminated.exitCode")
  restarts=$(container_field oom-killed-pod restartCount)
  log "oom-killed-pod: $where.terminated.reason=OOMKilled exitCode=$code restartCount=$restarts (after ${i}s)"
  echo "OOM_RESULT reason=OOMKilled exitCode=$code restartCount=$restarts field=$where"
  # Let the kubelet restart it once: proves the restart path and that the
  # Always pull is served by the in-node mirror again.
  for i in $(seq 1 90); do
    restarts=$(container_field oom-killed-pod restartCount)
    [[ "${restarts:-0}" -ge 1 && "$(container_field oom-killed-pod lastState.terminated.reason)" == OOMKilled ]] && break
    sleep 1
  done
  [[ "${restarts:-0}" -ge 1 ]] || fail "oom-killed-pod was not restarted within 90s"
  log "oom-killed-pod after restart: lastState.terminated.reason=$(container_field oom-killed-pod lastState.terminated.reason) exitCode=$(container_field oom-killed-pod lastState.terminated.exitCode) restartCount=$restarts"
  k get events --field-selector involvedObject.name=oom-killed-pod \
    -o custom-columns=REASON:.reason,MESSAGE:.message --sort-by=.lastTimestamp >&2 || true
  # the node container must survive an OOM inside it (kind#3169)
  [[ "$(docker inspect -f '{{.State.Running}}' "$CLUSTER-control-plane")" == true ]] || fail "node container died after the OOM"
  k logs oom-killed-pod --previous >&2 2>&1 || k logs oom-killed-pod >&2 2>&1 || true
  k delete pod oom-killed-pod --grace-period=0 --force >&2 2>&1
}

run_fix() {
  k apply -f "$TMP/fix.yaml" >&2
  local i phase=""
  for i in $(seq 1 "$RUN_TIMEOUT"); do
    phase=$(k get pod oom-killed-fixed-pod -o jsonpath='{.status.phase}' 2>/dev/null || true)
    [[ "$phase" == Running && -n "$(container_field oom-killed-fixed-pod state.running.startedAt)" ]] && break
    sleep 1
  done
  [[ "$phase" == Running ]] || { k describe pod oom-killed-fixed-pod >&2 || true; fail "oom-killed-fixed-pod not Running after ${RUN_TIMEOUT}s (phase '$phase')"; }
  log "oom-killed-fixed-pod Running after ${i}s; checking it stays up for ${STABLE_SECONDS}s"
  local restarts
  for i in $(seq 1 "$STABLE_SECONDS"); do
    sleep 1
    phase=$(k get pod oom-killed-fixed-pod -o jsonpath='{.status.phase}')
    restarts=$(container_field oom-killed-fixed-pod restartCount)
    [[ "$phase" == Running && "$restarts" == 0 && -n "$(container_field oom-killed-fixed-pod state.running.startedAt)" ]] \
      || fail "oom-killed-fixed-pod not stable at ${i}s: phase=$phase restartCount=$restarts"
  done
  k get pod oom-killed-fixed-pod -o wide >&2
  echo "FIX_RESULT phase=Running restartCount=0 stableSeconds=$STABLE_SECONDS"
}

delete_cluster() {
  if [[ -n "${KUBELAB_SMOKE_KEEP:-}" ]]; then log "KUBELAB_SMOKE_KEEP set: leaving cluster $CLUSTER"; cluster_created=0; return; fi
  kind delete cluster --name "$CLUSTER" --kubeconfig "$KCFG"
  cluster_created=0
}

phase tools check_tools
phase kind-create create_cluster
phase node-ready wait_ready
phase oom-issue run_issue
phase oom-fix run_fix
phase kind-delete delete_cluster
