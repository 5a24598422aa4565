#!/usr/bin/env bash
# npm run test:cgroup2: the OOM lab on a real cgroup v2 kernel. Boots the cached Debian guest
# (QEMU, software emulation) with a job disk holding this checkout's packed kubelab, runs
# kubelab inside it against kind and the real tier's node image, then checks what came back.
# Prints each phase's wall time. Needs the real tier's provision (node image, kind) first.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
RESULTS_JSON=.vitest-cgroup2-results.json
rm -f "$RESULTS_JSON"
declare -a PHASES=()
since() { echo $(( $(date +%s) - $1 )); }
note() { PHASES+=("$(printf '  %-28s %ss' "$1" "$2")"); }

t=$(date +%s)
echo "== provision: the real tier's inputs, then the cgroup v2 guest (cached after the first run)"
bash test/real-cluster/provision.sh || { echo "the real tier's provision failed"; exit 1; }
bash test/cgroup2/provision.sh || { echo "the cgroup v2 guest's provision failed"; exit 1; }
note provision "$(since "$t")"
# shellcheck source=../real-cluster/env-file.sh
source test/real-cluster/env-file.sh
# shellcheck disable=SC1090
source "$(env_file)"
CACHE=${KUBELAB_CI_CACHE:-/var/cache/kubelab-ci}
# shellcheck disable=SC1091
source "$CACHE/cg2-env.sh"
# shellcheck source=vm.sh
source test/cgroup2/vm.sh

t=$(date +%s)
WORK=$(mktemp -d /tmp/kubelab-cg2-XXXXXX)
JOB=$WORK/job
mkdir -p "$JOB"
echo "== the job disk: kubelab packed and installed as a user would, the node image's kind config"
# npm pack builds dist/ first (prepack), unless .ci/run has built it and the real tier is using it
if [[ -n "${KUBELAB_DIST_BUILT:-}" ]]; then pack_flags=(--ignore-scripts); else pack_flags=(); fi
npm pack --silent "${pack_flags[@]}" --pack-destination "$WORK" >/dev/null || { echo "npm pack failed"; exit 1; }
npm install --silent --no-audit --no-fund -g --prefix "$JOB/kubelab" "$WORK"/kubelab-*.tgz || { echo "installing the packed kubelab failed"; exit 1; }
cp test/cgroup2/guest/job.sh test/cgroup2/guest/watch-pod.mjs "$JOB/"
cp "$KUBELAB_KIND_CONFIG" "$JOB/kind-config.yaml"
cat >"$JOB/env.sh" <<ENV
export KUBELAB_NODE_IMAGE=$KUBELAB_NODE_IMAGE
export KUBELAB_KIND_CONFIG=/run/job/kind-config.yaml
export KUBELAB_CLUSTER=$KUBELAB_CG2_CLUSTER
ENV
vm_run_disk "$JOB" "$WORK/job.img" || exit 1
# The saved guest's root disk stays as it was saved: this boot writes to an overlay of it.
qemu-img create -q -f qcow2 -F qcow2 -b "$KUBELAB_CG2_SAVED/root.qcow2" "$WORK/root.qcow2"
note "job disk" "$(since "$t")"

t=$(date +%s)
echo "== resume the saved guest (cgroup v2, ${VM_MEMORY_MB} MiB, TCG; its kind cluster up) and run the job; its console:"
SERIAL=$WORK/serial.log
: >"$SERIAL"
tail -F -n +1 "$SERIAL" 2>/dev/null | grep -a --line-buffered '###' &
tailer=$!
vm_boot "$WORK/root.qcow2" qcow2 "$WORK/job.img" "$SERIAL" "${KUBELAB_CG2_TIMEOUT_S:-1800}" \
  -qmp "unix:$WORK/qmp.sock,server=on,wait=off" -incoming "exec:zstd -dcq '$KUBELAB_CG2_SAVED/state'" &
qemu=$!
# The guest was saved paused: once QEMU has read it back, it runs on (and finds the job disk).
for _ in $(seq 1 100); do [[ -S $WORK/qmp.sock ]] && break; sleep 0.2; done
node test/cgroup2/qmp.mjs resume "$WORK/qmp.sock" || echo "the saved guest could not be resumed"
wait "$qemu"
boot_rc=$?
kill "$tailer" 2>/dev/null
note "guest resume + job" "$(since "$t")"

OUT=$WORK/results
vm_results "$WORK/job.img" "$WORK"
if [[ ! -f $OUT/timings.txt ]]; then
  echo "the guest left no results (qemu exit $boot_rc); the end of its console:"
  tail -80 "$SERIAL"
fi
[[ -f $OUT/run.rc && $(cat "$OUT/run.rc") == 0 ]] || { echo "== kubelab run failed in the guest; its stderr and the end of its events:"; cat "$OUT/run.err" 2>/dev/null | tail -40; tail -5 "$OUT/run.jsonl" 2>/dev/null; }

echo "== check what came back"
KUBELAB_CG2_RESULTS=$OUT npx vitest run -c vitest.cgroup2.config.ts
rc=$?

echo "== phase wall times"
printf '%s\n' "${PHASES[@]}"
if [[ -f $OUT/timings.txt ]]; then
  echo "  in the guest (s from the job's start):"
  awk 'NR == 1 { t0 = $2 } { printf "    %-26s %6.1f\n", $1, $2 - t0 }' "$OUT/timings.txt"
fi
[[ -n "${KUBELAB_CG2_KEEP:-}" ]] && echo "kept: $WORK" || rm -rf "$WORK"
# the dockerd the real tier's provision may have started
[[ -n "${KUBELAB_CG2_KEEP:-}" ]] || bash test/real-cluster/teardown.sh >/dev/null 2>&1 || true
read -r passed failed < <(node scripts/count-results.mjs "$RESULTS_JSON")
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
