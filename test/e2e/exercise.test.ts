// Exercises against the stand-ins, through the built CLI: the learner's own fix passes whatever its
// name, non-fixes fail with the guard's reason, hints come in tiers, skip and reset do what they say.
import { execa } from 'execa';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesBin, of, root, runCli, sandbox, start, type Sandbox } from '../helpers/cli.js';

const issue = readFileSync(join(root, 'scenarios', 'oom-killed', 'issue.yaml'), 'utf8');

/** The learner's edit of issue.yaml: a new name, and the limit and allocation given. */
function edited(name: string, limit: string | undefined, bytes: string): string {
  const out = issue.replace('name: oom-killed-pod', `name: ${name}`).replace('"100M"', `"${bytes}"`);
  if (limit === undefined) return out.replace(/    resources:\n(      .*\n)+?(?=    command)/, '');
  return out.replace(/"50Mi"/g, `"${limit}"`);
}

/** kubectl in the learner's own terminal, as kubelab shell sets it up: KUBECONFIG is kubelab's file. */
function learnerKubectl(box: Sandbox, cwd: string, ...args: string[]) {
  return execa(join(fixturesBin, 'kubectl'), args, { env: { ...box.env, KUBECONFIG: join(box.home, 'kubeconfig') }, extendEnv: false, cwd, reject: false });
}

function workspace(box: Sandbox, text?: string): string {
  const dir = join(box.dir, 'work');
  mkdirSync(dir, { recursive: true });
  if (text !== undefined) writeFileSync(join(dir, 'issue.yaml'), text);
  return dir;
}

const progress = (box: Sandbox) => JSON.parse(readFileSync(join(box.userHome, '.local', 'state', 'kubelab', 'progress.json'), 'utf8')) as {
  schemaVersion: number;
  scenarios: Record<string, { exercise?: { status: string; attempts: number; hintsShown: number; solutionSeen: boolean; score?: number } }>;
};

describe('kubelab exercise', () => {
  it('a correct fix that is not fix.yaml passes: another pod name, a 128Mi limit with 60M allocated', async () => {
    const box = sandbox();
    const dir = workspace(box, edited('my-stress', '128Mi', '60M'));
    const lines = ['kubectl delete pod oom-killed-pod', 'kubectl apply -f issue.yaml'];
    const { code, events } = await runCli(box, ['exercise', 'oom-killed', '--workdir', dir, '--json'], `${lines.join('\n')}\n`);
    expect(code).toBe(0);
    const brief = of(events, 'brief')[0]!;
    expect(brief).toMatchObject({ workdir: dir, files: ['issue.yaml'], stableFor: '20s' });
    expect(brief.symptom).not.toMatch(/OOM|limit/i); // the symptom, never the cause
    const last = of(events, 'criteria').at(-1)!;
    expect(last.holding).toBe(true);
    expect(last.pods).toEqual(['my-stress']);
    expect(last.items.every((i) => i.ok)).toBe(true);
    expect(of(events, 'exercise.end')[0]).toMatchObject({ outcome: 'fixed', attempts: 1, hints: 0 });
    const record = progress(box).scenarios['oom-killed']!.exercise!;
    expect(record).toMatchObject({ status: 'fixed', attempts: 1, hintsShown: 0, score: 100 });
    expect(progress(box).schemaVersion).toBe(1);
  });

  it('a "fix" that removes the limit fails, and says why that is not a fix', async () => {
    const box = sandbox();
    const dir = workspace(box, edited('no-limit', undefined, '100M'));
    expect(readFileSync(join(dir, 'issue.yaml'), 'utf8')).not.toContain('limits');
    const detached = await runCli(box, ['exercise', 'oom-killed', '--detach', '--workdir', dir]);
    expect(detached.code).toBe(0);
    expect(detached.stdout).toContain(`Your copy of the manifests: ${dir} (issue.yaml)`);
    expect(detached.stdout).toContain('kubelab check oom-killed');
    expect((await learnerKubectl(box, dir, 'delete', 'pod', 'oom-killed-pod', '--grace-period=0', '--force')).exitCode).toBe(0);
    expect((await learnerKubectl(box, dir, 'apply', '-f', 'issue.yaml')).stdout).toContain('pod/no-limit created');
    await new Promise((r) => setTimeout(r, 600));
    const check = await runCli(box, ['check', 'oom-killed', '--json']);
    expect(check.code).toBe(1);
    const guard = of(check.events, 'check').find((c) => c.check === 'a memory limit is set')!;
    expect(guard).toMatchObject({ ok: false, message: 'no-limit: expected a memory limit on container stress, got none' });
    expect(guard.note).toContain('Removing the memory limit is not a fix');
    expect(of(check.events, 'run.end')[0]).toMatchObject({ ok: false, clusterState: 'Not fixed yet.' });
  });

  it('a limit still too small fails: the pod is OOMKilled again', async () => {
    const box = sandbox();
    const dir = workspace(box, edited('still-small', '60Mi', '100M'));
    expect((await runCli(box, ['exercise', 'oom-killed', '--detach', '--workdir', dir])).code).toBe(0);
    await learnerKubectl(box, dir, 'delete', 'pod', 'oom-killed-pod', '--grace-period=0', '--force');
    await learnerKubectl(box, dir, 'apply', '-f', 'issue.yaml');
    await new Promise((r) => setTimeout(r, 1500));
    const check = await runCli(box, ['check', 'oom-killed', '--json']);
    expect(check.code).toBe(1);
    const restarts = of(check.events, 'check').find((c) => c.check === '0 restarts')!;
    expect(restarts.ok).toBe(false);
    expect(restarts.message).toMatch(/^still-small: expected 0 restarts, got [1-9]\d* restart\(s\), last stopped with OOMKilled \(exit code 137\)$/);
  });

  it('leaving the broken pod beside a good one is not fixed yet: every stress pod counts', async () => {
    const box = sandbox();
    const dir = workspace(box, edited('good-one', '256Mi', '50M'));
    await runCli(box, ['exercise', 'oom-killed', '--detach', '--workdir', dir]);
    await learnerKubectl(box, dir, 'apply', '-f', 'issue.yaml');
    await new Promise((r) => setTimeout(r, 600));
    const check = await runCli(box, ['check', 'oom-killed', '--json']);
    expect(check.code).toBe(1);
    expect(of(check.events, 'criteria')[0]!.pods.sort()).toEqual(['good-one', 'oom-killed-pod']);
    expect(of(check.events, 'check').find((c) => !c.ok)!.message).toMatch(/^oom-killed-pod: /);
  });

  it('hints come in tiers, the solution after them, skip applies the fix and counts as skipped', async () => {
    const box = sandbox();
    const dir = workspace(box);
    await runCli(box, ['exercise', 'oom-killed', '--detach', '--workdir', dir]);
    expect(readFileSync(join(dir, 'issue.yaml'), 'utf8')).toBe(issue);
    const early = await runCli(box, ['solution', 'oom-killed']);
    expect(early.code).toBe(1);
    expect(early.stdout).toContain('The solution comes after the hints: 3 of 3 are still unread.');
    const tiers = [];
    for (let i = 0; i < 4; i++) tiers.push((await runCli(box, ['hint', 'oom-killed'])).stdout);
    expect(tiers[0]).toContain('hint 1 of 3: RESTARTS climbs');
    expect(tiers[1]).toContain('hint 2 of 3: Last State says OOMKilled');
    expect(tiers[2]).toContain('hint 3 of 3:');
    expect(tiers[2]).toContain('That was the last hint.');
    expect(tiers[3]).toContain('hint 3 of 3:');
    const solution = await runCli(box, ['solution', 'oom-killed']);
    expect(solution.code).toBe(0);
    expect(solution.stdout).toContain('name: oom-killed-fixed-pod');
    expect(solution.stdout).toContain('-         memory: "50Mi"');
    expect(solution.stdout).toContain('+         memory: "256Mi"');
    const skip = await runCli(box, ['skip', 'oom-killed']);
    expect(skip.code).toBe(2);
    expect(skip.stderr).toContain('Add --yes to go ahead.');
    expect((await runCli(box, ['skip', 'oom-killed', '--yes'])).code).toBe(0);
    expect(progress(box).scenarios['oom-killed']!.exercise).toMatchObject({ status: 'skipped', hintsShown: 3, solutionSeen: true, score: 0 });
    const shown = await runCli(box, ['progress']);
    expect(shown.stdout).toMatch(/oom-killed\s+exercise skipped/);
  });

  it('reset asks first, then clears the progress, puts the originals back and keeps the edits as .bak', async () => {
    const box = sandbox();
    const dir = workspace(box);
    await runCli(box, ['exercise', 'oom-killed', '--detach', '--workdir', dir]);
    writeFileSync(join(dir, 'issue.yaml'), edited('mine', '128Mi', '60M'));
    expect((await runCli(box, ['reset', 'oom-killed'])).code).toBe(2);
    const reset = await runCli(box, ['reset', 'oom-killed', '--yes']);
    expect(reset.code).toBe(0);
    expect(readFileSync(join(dir, 'issue.yaml'), 'utf8')).toBe(issue);
    const backups = readdirSync(dir).filter((f) => f.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0]!), 'utf8')).toContain('name: mine');
    expect(progress(box).scenarios['oom-killed']).toBeUndefined();
    const pods = await learnerKubectl(box, dir, 'get', 'pods', '-o', 'name');
    expect(pods.stdout.trim()).toBe('');
  });

  it('kubelab env prints the line for each shell; the learner\'s own kubeconfig is untouched', async () => {
    const box = sandbox();
    const personal = readFileSync(join(box.userHome, '.kube', 'config'), 'utf8');
    expect((await runCli(box, ['env', '--shell', 'bash'])).stdout).toBe(`export KUBECONFIG='${join(box.home, 'kubeconfig')}'`);
    expect((await runCli(box, ['env', '--shell', 'fish'])).stdout).toBe(`set -gx KUBECONFIG '${join(box.home, 'kubeconfig')}'`);
    expect((await runCli(box, ['env', '--shell', 'powershell'])).stdout).toBe(`$env:KUBECONFIG = '${join(box.home, 'kubeconfig')}'`);
    expect((await runCli(box, ['env', '--shell', 'tcsh'])).stderr).toContain('Use --shell bash, zsh, fish or powershell.');
    const shell = await runCli(box, ['shell']);
    expect(shell.code).toBe(3);
    expect(shell.stderr).toContain('There is no lab cluster to point kubectl at yet.');
    expect(readFileSync(join(box.userHome, '.kube', 'config'), 'utf8')).toBe(personal);
    expect(existsSync(join(box.userHome, '.kube', 'config.lock'))).toBe(false);
  });

  it('Ctrl+C during an exercise leaves it open, and the next run picks it up without breaking it again', async () => {
    const box = sandbox();
    const dir = workspace(box);
    const child = start(box, ['exercise', 'oom-killed', '--workdir', dir, '--json'], '');
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('"type":"criteria"')) resolve();
      });
    });
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(out).toContain('Your exercise is still open and the cluster is as you left it.');
    expect(progress(box).scenarios['oom-killed']!.exercise!.status).toBe('open');
    const again = await runCli(box, ['exercise', 'oom-killed', '--detach', '--workdir', dir, '--json']);
    expect(of(again.events, 'notice').some((n) => n.text.startsWith('Picking up your open exercise'))).toBe(true);
    expect(of(again.events, 'kubectl').filter((k) => k.argv.includes('apply'))).toEqual([]);
  });
});
