#!/usr/bin/env bash
# npm run test:cluster: a real kind cluster, built offline, and the Day-14 lab run against it
# through kubelab's own CLI. Provisions (cached), runs the suite, prints each phase's wall time,
# prints kind's and the node's logs on failure, and tears down what it started.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
CLUSTER=kubelab-ci
RESULTS=.vitest-cluster-results.json
rm -f "$RESULTS"

if ! command -v tmux >/dev/null; then
  echo "== installing tmux (the interactive lesson is driven in a real terminal)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q tmux >/dev/null || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q tmux >/dev/null; }
fi

echo "== provision: Docker, kind, Kubernetes and the node image (cached after the first run)"
t0=$(date +%s)
if ! bash test/real-cluster/provision.sh; then
  echo "provisioning failed; see its output above"
  exit 1
fi
provision_s=$(( $(date +%s) - t0 ))
# this checkout's env file (see env-file.sh)
# shellcheck source=env-file.sh
source test/real-cluster/env-file.sh
# shellcheck disable=SC1090
source "$(env_file)"

# A cluster left by an interrupted earlier run would be reused; the test measures a fresh create.
bash test/real-cluster/teardown.sh --keep-dockerd "$CLUSTER" >/dev/null 2>&1 || true
# (.ci/run has built dist/ already, and the cgroup v2 tier may be packing it right now)
[[ -n "${KUBELAB_DIST_BUILT:-}" ]] || npm run build >/dev/null || exit 1
timings=$(mktemp)
export KUBELAB_CI_TIMINGS=$timings
# kubelab's home for the whole tier: the files share one cluster and one kubeconfig.
KUBELAB_CI_HOME=$(mktemp -d /tmp/kubelab-real-XXXXXX)
export KUBELAB_CI_HOME
echo "== the lab against Kubernetes $K8S_VERSION with kind $KIND_VERSION (node image $KUBELAB_NODE_IMAGE)"
npx vitest run -c vitest.cluster.config.ts
rc=$?

read -r passed failed < <(node scripts/count-results.mjs "$RESULTS")
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
  echo "== the real-cluster test failed: kind's and the node's logs"
  bash test/real-cluster/collect-logs.sh "$CLUSTER" 120 || true
fi

echo "== phase wall times"
printf '  %-28s %ss\n' provision "$provision_s"
node -e '
  const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8") || "{}");
  const show = { cluster_create: "cluster create (kind)", apply_to_oomkilled_seen: "apply -> OOMKilled seen", fix_to_running: "fix -> Running", interactive_lesson: "interactive lesson (tmux)", exercise_fix_to_check_pass: "exercise: fix -> check passes", catalogue_total: "catalogue self-test (all)", demo_total: "demo in tmux", faults_total: "faults", class_total: "class (create, 20 learners, delete)" };
  for (const [k, label] of Object.entries(show)) if (k in t) console.log(`  ${label.padEnd(34)} ${t[k]}s`);
  const per = Object.keys(t).filter((k) => k.startsWith("failure_seen:") || k.startsWith("healthy:"));
  if (per.length > 0) {
    console.log("  per scenario: apply -> failure seen / fix -> healthy (s)");
    const ids = [...new Set(per.map((k) => k.split(":")[1]))].sort();
    for (const id of ids) console.log(`    ${id.padEnd(36)} ${String(t["failure_seen:" + id] ?? "-").padStart(6)} / ${String(t["healthy:" + id] ?? "-").padStart(6)}`);
  }
  for (const [k, v] of Object.entries(t)) if (!(k in show) && !per.includes(k)) console.log(`  ${k.padEnd(34)} ${v}`);
' "$timings" 2>/dev/null || true
rm -f "$timings"
rm -rf "$KUBELAB_CI_HOME"

bash test/real-cluster/teardown.sh "$CLUSTER" || true
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
