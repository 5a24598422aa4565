#!/bin/bash
# The cached guest's one-time job (test/cgroup2/provision.sh): Docker, then the kind cluster
# kubelab will reuse, created from the real tier's node image with kind itself, exactly as kubelab
# would create it (name, image, config, kubelab's own kubeconfig), and settled: the node Ready, the
# default service account there, kube-system running, the lab's image on the node. Then it asks the
# guest to wait for the next job, and the host saves the guest as it waits.
set -u
J=/run/job
R=$J/results
mkdir -p "$R"
mark() { echo "$1 $(date +%s.%N)" >>"$R/timings.txt"; echo "### $1 uptime=$(cut -d' ' -f1 /proc/uptime)s"; }
fail() { echo "### prepare failed: $1"; tail -60 "$R/kind.log" 2>/dev/null; exit 1; }
mark start
systemctl start docker || { journalctl -u docker --no-pager | tail -40; fail "docker did not start"; }
mark docker_up

# shellcheck disable=SC1091
source "$J/env.sh"
export PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mkdir -p "$KUBELAB_HOME"
kubeconfig=$KUBELAB_HOME/kubeconfig
# kind gives the node's systemd 30 seconds to come up, which the emulated CPUs do not always make;
# kind removes a node it gave up on, so another try starts clean.
for try in 1 2 3; do
  kind create cluster --name "$KUBELAB_CLUSTER" --image "$KUBELAB_NODE_IMAGE" --config "$J/kind-config.yaml" --kubeconfig "$kubeconfig" >>"$R/kind.log" 2>&1 && break
  echo "### kind create cluster failed (try $try): $(grep -a ERROR "$R/kind.log" | tail -1)"
  [[ $try == 3 ]] && fail "kind create cluster"
done
mark kind_created
k() { kubectl --kubeconfig "$kubeconfig" --context "kind-$KUBELAB_CLUSTER" "$@"; }
k wait --for=condition=Ready node --all --timeout=20m >>"$R/kind.log" 2>&1 || fail "the node never became Ready"
until k get serviceaccount default >/dev/null 2>&1; do sleep 2; done
# What the OOM lab does not use goes: an idle pod is not idle on emulated CPUs.
k scale deployment coredns -n kube-system --replicas=0 >>"$R/kind.log" 2>&1
k scale deployment local-path-provisioner -n local-path-storage --replicas=0 >>"$R/kind.log" 2>&1
k wait --for=delete pods -n kube-system -l k8s-app=kube-dns --timeout=10m >>"$R/kind.log" 2>&1
k wait --for=delete pods -n local-path-storage --all --timeout=10m >>"$R/kind.log" 2>&1
k wait --for=condition=Ready pods --all -n kube-system --timeout=20m >>"$R/kind.log" 2>&1 || fail "kube-system never settled"
mark settled
node=$KUBELAB_CLUSTER-control-plane
docker exec "$node" crictl pull "$KUBELAB_LAB_IMAGE" >>"$R/kind.log" 2>&1 || fail "pulling $KUBELAB_LAB_IMAGE onto the node"
mark pulled
k get nodes -o wide >"$R/nodes.txt" 2>&1
k get pods -A -o wide >"$R/pods.txt" 2>&1
# Saved only once it is quiet: a cluster saved mid-start resumes mid-start, and the lab's first
# calls then time out against an API server still busy with itself.
for _ in $(seq 1 60); do
  read -r load _ </proc/loadavg
  awk -v l="$load" 'BEGIN { exit !(l < 1.0) }' && break
  sleep 5
done
echo "### quiet: load $(cut -d' ' -f1-3 /proc/loadavg)"
mark quiet
touch /run/kubelab-next
