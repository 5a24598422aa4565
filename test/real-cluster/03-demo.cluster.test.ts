// An instructor's demo on the real cluster: prepared beforehand, presented in one tmux window with
// kubelab notes following in a second, a step back that rebuilds the cluster, recorded as an
// asciicast that asciinema itself reads, and a handout from the recording.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/scenario/catalog.js';
import { asciinemaCat } from '../helpers/asciinema.js';
import { apiPod, cli, cliPath, env, home, recordTimings } from './helpers.js';
import { Terminal } from './tmux.js';

const dir = join(home, 'demo');
mkdirSync(dir, { recursive: true });
const cast = join(dir, 'day14.cast');
const timings: Record<string, number> = {};
/** The lesson's length as the scenario file has it (the kernel's steps made it longer once). */
const total = resolveScenario('oom-killed').steps.length;
afterAll(() => recordTimings(timings));

/** The same step on both screens: the room's and the presenter's. */
async function bothAt(room: Terminal, notes: Terminal, step: number): Promise<void> {
  await room.waitFor(new RegExp(`Step ${step} of ${total}`), 120_000);
  await notes.waitFor(new RegExp(`Now: step ${step} of ${total}`), 30_000);
}

describe('an instructor\'s demo', () => {
  it('demo --prepare: the cluster and every image ready before the room is', async () => {
    const prepared = await cli(['demo', 'oom-killed', '--prepare', '--plain']);
    expect(prepared.exitCode, String(prepared.stdout).slice(-1500)).toBe(0);
    expect(prepared.stdout).toContain('polinux/stress is on the node');
    expect(prepared.stdout).toMatch(/Ready: the cluster "kubelab-ci" is up and every image is on the node\./);
  });

  it('presented in tmux with notes on a second screen; back a step; recorded; handed out', async () => {
    const started = Date.now();
    const room = await Terminal.start(`node ${cliPath} demo oom-killed --typing 60 --record ${cast}; echo "KUBELAB-EXIT=$?"; sleep 3600`, dir, {
      PATH: env.PATH!, HOME: home, TERM: 'xterm-256color', LANG: 'C.UTF-8', KUBELAB_HOME: home, XDG_RUNTIME_DIR: env.XDG_RUNTIME_DIR!, XDG_STATE_HOME: env.XDG_STATE_HOME!,
      KUBELAB_NODE_IMAGE: env.KUBELAB_NODE_IMAGE!, KUBELAB_KIND_CONFIG: env.KUBELAB_KIND_CONFIG!, KUBELAB_CLUSTER: env.KUBELAB_CLUSTER!,
    }, { columns: 100, rows: 30 });
    try {
      const notes = await room.window('notes', `node ${cliPath} notes; echo "NOTES-EXIT=$?"; sleep 3600`);
      await bothAt(room, notes, 1);
      await room.waitFor('issue.yaml', 30_000);
      await room.press('Enter'); // the room has read the manifest
      await bothAt(room, notes, 2);
      await room.waitFor('$ kubectl apply -f issue.yaml   ⏎', 30_000); // typed for the room, not yet run
      expect(await apiPod('oom-killed-pod')).toBeUndefined();
      await room.press('Enter');
      await room.waitFor('pod/oom-killed-pod created', 60_000);
      expect(await apiPod('oom-killed-pod')).toBeDefined();
      await room.press('Enter');
      await bothAt(room, notes, 3);
      await room.waitFor('--watch   ⏎', 30_000);
      await room.press('Enter');
      // The live panel shows what the API says: the kernel's kill, with its reason.
      await room.waitFor(/oom-killed-pod\s+\S+\s+0\/1\s+[1-9]\d*\s+OOMKilled/, 180_000);
      // The step ends once the watch has its evidence; a key pressed before that is not a "next".
      await room.waitFor(/Evidence: oom-killed-pod terminated with OOMKilled/, 60_000);
      await room.press('Enter');
      await bothAt(room, notes, 4);
      await room.waitFor('$ kubectl get pod oom-killed-pod   ⏎', 30_000);
      // Back a step: the cluster is put back as step 3 needs it (the pod applied anew).
      const before = (await apiPod('oom-killed-pod'))?.metadata?.uid;
      await room.press('Left');
      await bothAt(room, notes, 3);
      await room.waitFor('--watch   ⏎', 120_000);
      const after = (await apiPod('oom-killed-pod'))?.metadata?.uid;
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      // Jump to the question; the presenter's screen has the answer from the live cluster.
      await room.type('6');
      await room.press('Enter');
      await bothAt(room, notes, 6);
      const presenter = await notes.waitFor(/answer \(from the live cluster\): OOMKilled/, 120_000);
      expect(presenter).toContain('Next: step 7 · With which exit code?');
      await room.press('Enter');
      await room.waitFor('Right: OOMKilled', 30_000);
      await room.type('q');
      const end = await room.waitFor('KUBELAB-EXIT=', 60_000);
      expect(end).toContain('KUBELAB-EXIT=0');
      expect(await notes.waitFor('NOTES-EXIT=0', 30_000)).toContain('The demo ended.');
      timings.demo_total = (Date.now() - started) / 1000;
    } finally {
      await room.close();
    }
    // asciinema reads the recording and prints it.
    const printed = await asciinemaCat(cast);
    expect(printed.exitCode, printed.stderr).toBe(0);
    expect(printed.stdout).toContain('pod/oom-killed-pod created');
    const markers = readFileSync(cast, 'utf8').split('\n').slice(1).filter((l) => l.includes('"m"'));
    expect(markers.length).toBeGreaterThanOrEqual(6);
    // A handout from it: the commands, the lines that mattered, the question and its answer.
    const handout = await cli(['handout', cast]);
    expect(handout.exitCode, String(handout.stderr)).toBe(0);
    expect(handout.stdout).toContain('kubectl apply -f issue.yaml');
    expect(handout.stdout).toContain('What reason does Kubernetes give for the container\'s last termination?');
    expect(handout.stdout).toContain('OOMKilled');
  });
});
