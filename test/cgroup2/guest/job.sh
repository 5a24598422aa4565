#!/bin/bash
# Runs inside the resumed cgroup v2 guest (see ../vm.sh and prepare.sh: Docker and the kind cluster
# are already up): kubelab exactly as a learner would run it (the packed npm package, kind and the
# real tier's node image), with the API and the node's cgroup files read from outside kubelab while
# it runs, then kubelab kernel with plain Docker. Everything lands in results/.
set -u
J=/run/job
R=$J/results
mkdir -p "$R"
mark() { echo "$1 $(date +%s.%N)" >>"$R/timings.txt"; echo "### $1 uptime=$(cut -d' ' -f1 /proc/uptime)s"; }
mark start
uname -r >"$R/uname.txt"
grep cgroup /proc/mounts >"$R/mounts.txt"
systemctl start docker || { journalctl -u docker --no-pager | tail -40; exit 1; }
mark docker_up
docker info --format '{{json .}}' >"$R/docker-info.json"

# shellcheck disable=SC1091
source "$J/env.sh"
export PATH=$J/kubelab/bin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export KUBELAB_HOME=/root/kubelab XDG_STATE_HOME=/root/kubelab/state XDG_RUNTIME_DIR=/root/kubelab/run CI=true
mkdir -p "$KUBELAB_HOME"
kubelab --version >"$R/version.txt" 2>&1

# The lab first, while the saved cluster has the emulated CPUs to itself.
node "$J/watch-pod.mjs" "$R" &
watcher=$!
kubelab run oom-killed --auto --json --keep >"$R/run.jsonl" 2>"$R/run.err"
echo $? >"$R/run.rc"
mark run_done
kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null

docker ps -a --format '{{.Names}} {{.Status}}' >"$R/containers.txt"
docker exec "$KUBELAB_CLUSTER-control-plane" dmesg >"$R/dmesg.txt" 2>&1
if [ "$(cat "$R/run.rc")" != 0 ]; then
  docker exec "$KUBELAB_CLUSTER-control-plane" journalctl -u kubelet --no-pager 2>/dev/null | tail -200 >"$R/kubelet.log"
  docker exec "$KUBELAB_CLUSTER-control-plane" journalctl -u containerd --no-pager 2>/dev/null | tail -200 >"$R/containerd.log"
fi

# Then Docker alone, the cluster frozen meanwhile: an idle control plane keeps emulated CPUs busy.
docker pause "$KUBELAB_CLUSTER-control-plane" >/dev/null
kubelab kernel oom-killed --json >"$R/kernel.jsonl" 2>"$R/kernel.err"
echo $? >"$R/kernel.rc"
mark kernel_plain_done
kubelab kernel oom-killed --oom-group --json >"$R/kernel-group.jsonl" 2>"$R/kernel-group.err"
echo $? >"$R/kernel-group.rc"
mark kernel_group_done
mark done
