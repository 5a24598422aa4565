// Runs in the cgroup v2 guest beside kubelab: follows the lab pod through the API with one kubectl
// watch (a kubectl started every second costs the emulated CPUs dearly), the way the real tier
// reads it from outside, and once the kernel has killed it reads the pod's cgroup files on the node
// itself, so the test can compare kubelab's report with the API and the kernel.
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [results] = process.argv.slice(2);
const cluster = process.env.KUBELAB_CLUSTER;
const node = `${cluster}-control-plane`;
const onNode = (...args) => {
  try { return execFileSync('docker', ['exec', node, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }); } catch (e) { return `${e.stdout ?? ''}${e.stderr ?? ''}`; }
};

let read = false;
function seen(pod) {
  const last = pod.status?.containerStatuses?.[0]?.lastState?.terminated;
  if (!last) return;
  writeFileSync(`${results}/api-pod.json`, JSON.stringify(pod, null, 2));
  if (read) return;
  read = true;
  const uid = pod.metadata.uid;
  const slice = uid.replaceAll('-', '_');
  writeFileSync(`${results}/node-stat.txt`, onNode('stat', '-fc', '%T', '/sys/fs/cgroup'));
  const found = onNode('find', '/sys/fs/cgroup', '-maxdepth', '9', '-type', 'd', '(', '-name', `*pod${slice}.slice`, '-o', '-name', `*pod${slice}.slice*`, ')');
  writeFileSync(`${results}/node-find.txt`, found);
  const dir = found.split('\n').filter((l) => l.endsWith(`pod${slice}.slice`))[0];
  if (dir) {
    writeFileSync(`${results}/node-grep.txt`, onNode('grep', '-H', '.', `${dir}/memory.max`, `${dir}/memory.events`, `${dir}/memory.peak`, `${dir}/memory.current`));
    const scopes = onNode('find', dir, '-mindepth', '1', '-maxdepth', '1', '-type', 'd').split('\n').filter(Boolean);
    writeFileSync(`${results}/node-scopes.txt`, scopes.map((s) => `${s}\n${onNode('grep', '-H', '.', `${s}/memory.oom.group`, `${s}/memory.max`, `${s}/memory.events`)}`).join('\n'));
  }
  writeFileSync(`${results}/pod-uid.txt`, `${uid}\n`);
}

// kubectl prints each object of a JSON watch indented, from a line "{" to a line "}". The watch is
// started again if it ends (the API closes a watch after a while).
for (;;) {
  const watch = spawn('kubectl', ['--kubeconfig', `${process.env.KUBELAB_HOME}/kubeconfig`, '--context', `kind-${cluster}`, 'get', 'pods', '--field-selector', 'metadata.name=oom-killed-pod', '--watch', '-o', 'json'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let text = '';
  watch.stdout.on('data', (chunk) => {
    text += chunk.toString();
    let end;
    while ((end = text.indexOf('\n}\n')) >= 0) {
      const object = text.slice(0, end + 2);
      text = text.slice(end + 3);
      try { seen(JSON.parse(object)); } catch { /* not an object: a message */ }
    }
  });
  await new Promise((resolve) => watch.on('close', resolve));
  await new Promise((r) => setTimeout(r, 2000));
}
