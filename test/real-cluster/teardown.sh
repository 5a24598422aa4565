#!/usr/bin/env bash
# kubelab: tear down what provision.sh / the tests left running.
#
#   bash test/real-cluster/teardown.sh [--keep-dockerd] [CLUSTER_NAME...]
#
# Deletes the named kind clusters (missing ones are fine), then stops the
# dockerd that provision.sh started -- only if provision.sh started it (it
# records the pid in $KUBELAB_DOCKERD_PIDFILE); a dockerd started by anyone
# else is left alone.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=env-file.sh
source "$HERE/env-file.sh"
# shellcheck disable=SC1090
[[ -f $(env_file) ]] && source "$(env_file)"
PIDFILE=${KUBELAB_DOCKERD_PIDFILE:-${KUBELAB_CI_RUN_DIR:-/run/kubelab-ci}/dockerd.pid}
SHIM_DIR=${REAL_SHIM_DIR:-$HERE/shims}

keep_dockerd=0
clusters=()
for a in "$@"; do
  case "$a" in
    --keep-dockerd) keep_dockerd=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "teardown: unknown option $a" >&2; exit 2 ;;
    *) clusters+=("$a") ;;
  esac
done

rc=0
if ((${#clusters[@]})); then
  kind_bin=""
  if [[ -n "${REAL_KIND_BIN_DIR:-}" && -x "$REAL_KIND_BIN_DIR/kind" ]]; then kind_bin=$REAL_KIND_BIN_DIR/kind
  elif command -v kind >/dev/null; then kind_bin=$(command -v kind); fi
  for c in "${clusters[@]}"; do
    if [[ -z "$kind_bin" ]]; then echo "teardown: kind not found; cannot delete cluster $c" >&2; rc=1; continue; fi
    echo "teardown: deleting kind cluster $c" >&2
    PATH=$SHIM_DIR:$PATH "$kind_bin" delete cluster --name "$c" || rc=1
  done
fi

if ((keep_dockerd)); then exit $rc; fi
if [[ -f $PIDFILE ]]; then
  pid=$(cat "$PIDFILE")
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && [[ "$(cat /proc/"$pid"/comm 2>/dev/null)" == dockerd ]]; then
    echo "teardown: stopping dockerd (pid $pid, started by provision.sh)" >&2
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "teardown: dockerd did not stop in 30s; sending SIGKILL to pid $pid" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  else
    echo "teardown: pid file $PIDFILE is stale; nothing to stop" >&2
  fi
  rm -f "$PIDFILE"
else
  echo "teardown: dockerd was not started by provision.sh; leaving it alone" >&2
fi
exit $rc
