// --record and kubelab handout, from the built CLI against the stand-ins. asciinema itself (from its
// package registry, cached) reads each recording back; the handouts are read for their content.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build.js';
import { clock } from '../../src/report/handout.js';
import { asciinema, asciinemaCat } from '../helpers/asciinema.js';
import { runCli, sandbox, type Sandbox } from '../helpers/cli.js';
import { castFile, type CastFile } from '../helpers/cast.js';
import { marker, stepIds, stepNumber, STEPS } from '../helpers/lesson.js';

const EVIDENCE = '✓ Evidence: oom-killed-pod terminated with OOMKilled, exit code 137';

beforeAll(async () => {
  await asciinema();
}, 180_000);

describe('kubelab run oom-killed --auto --record', () => {
  let box: Sandbox;
  let run: Awaited<ReturnType<typeof runCli>>;
  let cast: CastFile;
  const file = () => join(box.dir, 'out', 'x.cast');
  const report = () => join(box.dir, 'report.json');

  beforeAll(async () => {
    box = sandbox();
    run = await runCli(box, ['run', 'oom-killed', '--auto', '--record', 'out/x.cast', '--report', 'report.json']);
    cast = castFile(file());
  }, 60_000);

  it('writes an asciicast v2 that asciinema prints back as exactly what kubelab showed, the evidence included', async () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Recording written to ${file()} (play it: asciinema play out/x.cast; a handout: kubelab handout out/x.cast)`);
    expect(readdirSync(join(box.dir, 'out'))).toEqual(['x.cast']);
    expect(cast.header).toMatchObject({ version: 2, width: 100, height: 30, title: 'kubelab · OOMKilled: the kernel kills a container over its memory limit' });
    expect(cast.header.timestamp).toBeGreaterThan(1_600_000_000);
    const printed = await asciinemaCat(file());
    expect(printed.exitCode, printed.stderr).toBe(0);
    expect(printed.stdout).toContain(EVIDENCE);
    expect(printed.stdout.replace(/\r\n/g, '\n').trimEnd()).toBe(run.stdout.trimEnd());
  });

  it('puts a marker at each step, labelled with its place and title, at monotonic times', () => {
    const markers = cast.events.filter((e) => e[1] === 'm').map((e) => e[2]);
    expect(markers).toEqual(stepIds.map(marker));
    expect(markers[0]).toBe(`1/${STEPS} Read the broken manifest`);
    expect(markers.at(-1)).toBe(`${STEPS}/${STEPS} The fixed pod stays Running`);
    const times = cast.events.map((e) => e[0]);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(cast.header.duration).toBe(times.at(-1));
  });

  it('carries the run\'s report in its header: the same report --report wrote', () => {
    expect(cast.header.kubelab.report).toEqual(JSON.parse(readFileSync(report(), 'utf8')));
    expect(cast.header.kubelab.report).toMatchObject({ scenario: 'oom-killed', mode: 'auto', ok: true });
  });

  it('handout x.cast: each step with its time in the recording, the commands, the pointed lines, the answers, the summary', async () => {
    const { code, stdout, stderr } = await runCli(box, ['handout', 'out/x.cast']);
    expect(code, stderr).toBe(0);
    const markers = cast.events.filter((e) => e[1] === 'm');
    expect(stdout).toMatch(/^# OOMKilled: the kernel kills a container over its memory limit\n/);
    expect(stdout).toContain('The recording is `x.cast`: `asciinema play x.cast` plays it.');
    expect(stdout).toContain(`## 5. Read the evidence with describe · ${clock(markers[4]![0])}\n`);
    expect(stdout).toContain(`## ${STEPS}. The fixed pod stays Running · ${clock(markers[STEPS - 1]![0])}\n`);
    expect(stdout).toContain('```console\n$ kubectl get pod oom-killed-pod\nNAME             READY   STATUS');
    expect(stdout).toContain('```console\n$ kubectl describe pod oom-killed-pod\nName:             oom-killed-pod\n');
    expect(stdout).toContain('The lines that matter:\n\n- line 29: `Reason:       OOMKilled`, why it stopped\n- line 30: `Exit Code:    137`, how it ended\n- line 36: `memory:  50Mi`, the memory it was allowed\n');
    expect(stdout).toContain("**Question:** What reason does Kubernetes give for the container's last termination?\n\n**Answer:** OOMKilled\n");
    expect(stdout).toContain('**Question:** Which exit code did the container end with?\n\n**Answer:** 137\n');
    expect(stdout).toContain('**Question:** Exit code 137 is 128 plus a signal number. Which signal is it? (a name or a number)\n\n**Answer:** SIGKILL\n');
    expect(stdout).toContain('- ✓ OOMKilled with exit code 137, as the lesson says\n  - Exit code 137 = 128 + 9');
    // the kernel step: what it read on the node, explained, and the question graded on it
    const kernel = stdout.slice(stdout.indexOf(`## ${stepNumber('kernel-evidence')}. Ask the kernel, on the node`));
    expect(kernel).toMatch(/```console\n\$ docker exec kubelab-control-plane stat -fc %T \/sys\/fs\/cgroup\ncgroup2fs\n/);
    expect(kernel).toContain('What the kernel held (cgroup v2, node `kubelab-control-plane`):\n\n- `memory.max` `52428800`: the most memory this pod may hold, 50Mi: the 50Mi of the pod spec');
    expect(kernel).toMatch(/- `memory\.events oom_kill` `\d+`: processes in this pod the kernel's OOM killer has killed/);
    expect(kernel).toContain('**Question:** How many bytes may the pod\'s memory cgroup hold, as the kernel read it just now?\n\n**Answer:** 52428800\n');
    expect(kernel).toContain('- ✓ memory.max is 52428800 (50Mi): yes');
    expect(stdout).toContain('## What to remember\n\n1. A container that crosses its memory limit is killed by the Linux kernel, not by Kubernetes.');
  });

  it('handout report.json -o handout.md: the same handout without the recording\'s times', async () => {
    const { code, stderr } = await runCli(box, ['handout', 'report.json', '-o', 'handout.md']);
    expect(code, stderr).toBe(0);
    const out = join(box.dir, 'handout.md');
    expect(stderr).toContain(`Handout written to ${out}`);
    const fromCast = (await runCli(box, ['handout', 'out/x.cast'])).stdout;
    const withoutTimes = fromCast.replace(/\n\nThe recording is .*\n/, '\n').replace(/ · \d+:\d\d\n/g, '\n');
    expect(readFileSync(out, 'utf8').trimEnd()).toBe(withoutTimes.trimEnd());
  });
});

describe('kubelab handout refuses what it cannot read, with exit code 2', () => {
  it.each([
    ['a missing file', 'nope.cast', undefined, 'nope.cast: no such file.'],
    ['a file that is no recording', 'notes.cast', 'just some notes\n', 'notes.cast is not an asciicast recording: its first line is not a JSON header.'],
    ['a recording kubelab did not make', 'other.cast', '{"version": 2, "width": 80, "height": 24}\n[0.5, "o", "hi"]\n', 'other.cast is an asciicast recording, but not one kubelab made'],
    ['JSON that is no kubelab report', 'package.json', '{\n  "name": "x",\n  "version": "1.0.0"\n}\n', 'package.json: the file is not a kubelab report'],
  ])('%s', async (_, name, content, message) => {
    const box = sandbox();
    if (content !== undefined) writeFileSync(join(box.dir, name), content);
    const { code, stdout, stderr } = await runCli(box, ['handout', name]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('needs a file', async () => {
    const { code, stderr } = await runCli(sandbox(), ['handout']);
    expect(code).toBe(2);
    expect(stderr).toContain('kubelab handout needs a recording (.cast) or a JSON report');
  });

  it('never writes over its input', async () => {
    const box = sandbox();
    const report = `${JSON.stringify(buildReport([{ type: 'run.start', scenario: 'oom-killed', title: 'T', mode: 'auto', cluster: 'kubelab', at: 1 }], '0'))}\n`;
    writeFileSync(join(box.dir, 'r.json'), report);
    const { code, stderr } = await runCli(box, ['handout', 'r.json', '-o', 'r.json']);
    expect(code).toBe(2);
    expect(stderr).toContain('-o r.json would overwrite the file the handout is made from.');
    expect(readFileSync(join(box.dir, 'r.json'), 'utf8')).toBe(report);
  });
});
