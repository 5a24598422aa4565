// The handout builder and what it reads: a report built from a run's events (the new optional
// fields included) as Markdown, and the inputs it refuses with a reason.
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/engine/events.js';
import { buildReport, OUTPUT_LINES } from '../../src/report/build.js';
import { clock, handoutMarkdown } from '../../src/report/handout.js';
import { readHandoutInput } from '../../src/report/read.js';

const DESCRIBE = ['Name: web', 'Containers:', '  app:', '    Last State:     Terminated', '      Reason:       OOMKilled', '      Exit Code:    137', '    Limits:', '      memory:  50Mi', ''].join('\n');

let t = 1_700_000_000_000;
const at = (ms = 1000) => (t += ms);

/** A short lesson: setup, a learner's describe with its pointed lines, a question answered on the second try, a check, a failed step. */
function events(): LabEvent[] {
  return [
    { type: 'run.start', scenario: 'oom-killed', title: 'OOMKilled', mode: 'learn', cluster: 'kubelab', at: at() },
    { type: 'kubectl', by: 'kubelab', argv: ['kubectl', 'label', 'node', 'x', 'lab=1'], exitCode: 0, stdout: 'node/x labeled\n', stderr: '', at: at() },
    { type: 'step.start', step: 'describe', kind: 'command', index: 4, total: 13, title: 'Read the evidence', text: 'Run `kubectl describe` on the pod.', at: at() },
    { type: 'kubectl', by: 'learner', argv: ['kubectl', 'describe', 'pod', 'web'], exitCode: 0, stdout: DESCRIBE, stderr: '', accepted: true, at: at() },
    { type: 'points', points: [{ label: 'reason', line: 5, text: '      Reason:       OOMKilled', value: 'OOMKilled' }, { label: 'line', line: 8, text: '      memory:  50Mi', value: '50Mi' }], at: at() },
    { type: 'step.done', step: 'describe', ok: true, at: at() },
    { type: 'step.start', step: 'ask-code', kind: 'question', index: 5, total: 13, title: 'With which exit code?', at: at() },
    { type: 'question', step: 'ask-code', ask: 'Which exit code did the container end with?', at: at() },
    { type: 'answer', step: 'ask-code', given: '1', correct: false, attempt: 1, hint: 'Look at Exit Code.', at: at() },
    { type: 'answer', step: 'ask-code', given: '137', correct: true, attempt: 2, at: at() },
    { type: 'step.done', step: 'ask-code', ok: true, at: at() },
    { type: 'step.start', step: 'ask-signal', kind: 'question', index: 6, total: 13, title: 'Which signal?', at: at() },
    { type: 'question', step: 'ask-signal', ask: 'Which signal is it?', at: at() },
    { type: 'answer', step: 'ask-signal', given: 'TERM', correct: false, attempt: 1, revealed: 'SIGKILL', at: at() },
    { type: 'step.done', step: 'ask-signal', ok: false, reason: 'the answer was SIGKILL', at: at() },
    { type: 'step.start', step: 'verify', kind: 'verify', index: 7, total: 13, title: 'Check it', at: at() },
    { type: 'check', step: 'verify', check: 'exit code', ok: true, message: 'OOMKilled with exit code 137', note: 'Exit code 137 = 128 + 9.', at: at() },
    { type: 'check', step: 'verify', check: 'limit', ok: false, message: 'expected a memory limit, got none', lookAt: 'kubectl get pod web -o yaml', at: at() },
    { type: 'step.done', step: 'verify', ok: false, reason: 'expected a memory limit, got none', at: at() },
    { type: 'summary', lines: [], points: ['The kernel kills it, not Kubernetes.', 'Read Last State.'], at: at() },
    { type: 'run.end', ok: false, passed: 1, failed: 2, seconds: 20, cluster: 'kubelab', clusterState: '', at: at() },
  ];
}

describe('buildReport, the fields a handout needs', () => {
  it('files each command under its step with its output, keeps the pointed lines, the step text and place, and a revealed answer', () => {
    const r = buildReport(events(), '1.0.0');
    expect(r.commands[0]).toEqual({ by: 'kubelab', argv: ['kubectl', 'label', 'node', 'x', 'lab=1'], exitCode: 0, step: undefined, output: 'node/x labeled' });
    expect(r.commands[1]).toMatchObject({ by: 'learner', step: 'describe', output: DESCRIBE.trimEnd() });
    expect(r.points).toEqual([
      { step: 'describe', label: 'reason', line: 5, text: '      Reason:       OOMKilled', value: 'OOMKilled' },
      { step: 'describe', label: 'line', line: 8, text: '      memory:  50Mi', value: '50Mi' },
    ]);
    expect(r.steps[0]).toMatchObject({ id: 'describe', index: 4, text: 'Run `kubectl describe` on the pod.' });
    expect(r.answers.find((a) => a.step === 'ask-signal')).toMatchObject({ correct: false, revealed: 'SIGKILL' });
  });

  it('keeps the kernel\'s readings with the step that read them, and the handout lists them there', () => {
    const readings = [{ file: 'memory.max', value: '52428800', meaning: 'the most memory this pod may hold, 50Mi.' }, { file: 'memory.events oom_kill', value: '4', meaning: 'processes killed.' }];
    const kernel: LabEvent[] = [
      { type: 'step.start', step: 'kernel-evidence', kind: 'kernel', index: 9, total: 15, title: 'Ask the kernel', at: at() },
      { type: 'kernel', node: 'kubelab-control-plane', cgroupVersion: 2, cgroup: '/sys/fs/cgroup/kubelet.slice/x.slice', readings, log: ['The kernel logged 4 OOM kills in this pod\'s cgroup; the last:', '  [ 12.3] Memory cgroup out of memory: Killed process 7 (stress)'], at: at() },
      { type: 'step.done', step: 'kernel-evidence', ok: true, at: at() },
    ];
    const r = buildReport([...events().slice(0, -2), ...kernel, ...events().slice(-2)], '1');
    expect(r.kernel).toEqual([{ step: 'kernel-evidence', node: 'kubelab-control-plane', cgroupVersion: 2, cgroup: '/sys/fs/cgroup/kubelet.slice/x.slice', readings, log: expect.any(Array) }]);
    const md = handoutMarkdown(r);
    expect(md).toContain('## 10. Ask the kernel\n\nWhat the kernel held (cgroup v2, node `kubelab-control-plane`):\n\n- `memory.max` `52428800`: the most memory this pod may hold, 50Mi.\n- `memory.events oom_kill` `4`: processes killed.\n');
    expect(md).toContain('The kernel logged 4 OOM kills in this pod\'s cgroup; the last:\n    [ 12.3] Memory cgroup out of memory: Killed process 7 (stress)');
    expect(buildReport(events(), '1')).not.toHaveProperty('kernel');
    expect(handoutMarkdown(buildReport(events(), '1'))).not.toContain('What the kernel held');
  });

  it('trims long output to its first lines and says how many were left out', () => {
    const long = Array.from({ length: OUTPUT_LINES + 5 }, (_, i) => `line ${i + 1}   `).join('\n');
    const r = buildReport([{ type: 'kubectl', by: 'kubelab', argv: ['kubectl', 'get', 'events'], exitCode: 1, stdout: `${long}\n\n`, stderr: 'warning: partial\n', at: 1 }], '1');
    const lines = r.commands[0]!.output!.split('\n');
    expect(lines).toHaveLength(OUTPUT_LINES + 1);
    expect(lines[0]).toBe('line 1');
    expect(lines.at(-1)).toBe('… 6 more line(s)');
  });
});

describe('handoutMarkdown', () => {
  const report = buildReport(events(), '1.0.0');
  const markers = [
    { seconds: 2.2, label: '5/13 Read the evidence' },
    { seconds: 65.9, label: '6/13 With which exit code?' },
    { seconds: 70, label: '7/13 Which signal?' },
    { seconds: 3725, label: '8/13 Check it' },
  ];
  const md = handoutMarkdown(report, { recording: { file: 'my lab.cast', markers } });

  it('gives each step its number in the lesson, its text and where it starts in the recording', () => {
    expect(md).toContain("The recording is `my lab.cast`: `asciinema play 'my lab.cast'` plays it.");
    expect(md).toContain('## 5. Read the evidence · 0:02\n\nRun `kubectl describe` on the pod.');
    expect(md).toContain('## 6. With which exit code? · 1:05');
    expect(md).toContain('## 8. Check it · 1:02:05');
  });

  it('shows the commands with their output, and the lines that mattered', () => {
    expect(md).toContain('## Before the first step\n\n```console\n$ kubectl label node x lab=1\nnode/x labeled\n```');
    expect(md).toContain('```console\n$ kubectl describe pod web\nName: web\n');
    expect(md).toContain('The lines that matter:\n\n- line 5: `Reason:       OOMKilled`, why it stopped\n- line 8: `memory:  50Mi`\n');
  });

  it('gives each question its answer: at a later try, or revealed after a wrong one', () => {
    expect(md).toContain('**Question:** Which exit code did the container end with?\n\n**Answer:** 137 (2 tries, 1 hint(s))');
    expect(md).toContain('**Question:** Which signal is it?\n\n**Answer:** SIGKILL (the answer given was `TERM`)');
    expect(md).toContain('This step did not pass: the answer was SIGKILL.');
  });

  it('lists the checks with their explanation, and what a failed one expected', () => {
    expect(md).toContain('- ✓ OOMKilled with exit code 137\n  - Exit code 137 = 128 + 9.');
    expect(md).toContain('- ✗ expected a memory limit, got none\n  - expected a memory limit, got none\n  - look at: `kubectl get pod web -o yaml`');
  });

  it('ends with what to remember, and says how the run went', () => {
    expect(md).toMatch(/## What to remember\n\n1\. The kernel kills it, not Kubernetes\.\n2\. Read Last State\.\n$/);
    expect(md).toContain('from a guided lesson on 2023-11-14 at');
    expect(md).toContain('it did not pass, 1 of 2 check(s) held.');
  });

  it('from a report alone: no recording line, no times', () => {
    const plain = handoutMarkdown(report);
    expect(plain).not.toContain('recording');
    expect(plain).toContain('## 5. Read the evidence\n');
  });

  it('keeps output with backtick fences inside its block', () => {
    const r = buildReport([
      { type: 'step.start', step: 's', kind: 'command', index: 0, total: 1, title: 'T', at: 1 },
      { type: 'kubectl', by: 'learner', argv: ['kubectl', 'get', 'cm', 'x', '-o', 'jsonpath={.data}'], exitCode: 0, stdout: 'a\n```\nb`c\n', stderr: '', at: 2 },
    ], '1');
    const text = handoutMarkdown(r);
    expect(text).toContain("````console\n$ kubectl get cm x -o 'jsonpath={.data}'\na\n```\nb`c\n````");
  });

  it('clock: minutes and seconds, hours when needed', () => {
    expect([0, 9.99, 60, 3599, 3600].map(clock)).toEqual(['0:00', '0:09', '1:00', '59:59', '1:00:00']);
  });
});

describe('readHandoutInput', () => {
  const report = buildReport(events(), '1.0.0');
  const cast = (header: Record<string, unknown>, ...lines: string[]) => [JSON.stringify(header), ...lines].join('\n');

  it('reads a kubelab recording: the report from its header, the markers from its events', () => {
    const input = readHandoutInput(cast({ version: 2, width: 100, height: 30, kubelab: { report } }, '[0.5,"o","x\\r\\n"]', '[1.25,"m","5/13 Read the evidence"]', ''), 'lab.cast');
    expect(input).toMatchObject({ kind: 'recording', markers: [{ seconds: 1.25, label: '5/13 Read the evidence' }] });
  });

  it('reads a JSON report, pretty or on one line', () => {
    expect(readHandoutInput(JSON.stringify(report, null, 2), 'r.json')).toMatchObject({ kind: 'report' });
    expect(readHandoutInput(JSON.stringify(report), 'r.json')).toMatchObject({ kind: 'report' });
  });

  it.each([
    ['not JSON at all', 'hello', 'notes.txt', /notes\.txt is not JSON, so it is not a kubelab report/],
    ['a .cast that is not one', 'hello', 'x.cast', /x\.cast is not an asciicast recording: its first line is not a JSON header/],
    ['an asciicast v3 recording', '{"version":3,"term":{"cols":80,"rows":24}}', 'x.cast', /asciicast v3 recording; kubelab records and reads v2/],
    ['a recording kubelab did not make', '{"version":2,"width":80,"height":24}\n[0.1,"o","hi"]', 'x.cast', /not one kubelab made: its header carries no kubelab report/],
    ['a damaged recording', `${JSON.stringify({ version: 2, width: 80, height: 24, kubelab: { report } })}\n[0.1,"o",`, 'x.cast', /line 2 is not an asciicast event/],
    ['JSON that is not a report', '{"name":"kubelab","version":"0.1.0"}', 'package.json', /package\.json: the file is not a kubelab report \(schemaVersion/],
    ['a report from a newer kubelab', JSON.stringify({ ...report, schemaVersion: 2 }), 'r.json', /schema version 2; this kubelab reads version 1/],
    ['a Markdown report', '# kubelab report', 'r.md', /r\.md is a Markdown report/],
    ['an empty file', '', 'r.json', /r\.json is empty/],
  ])('refuses %s, saying why', (_, text, name, problem) => {
    const input = readHandoutInput(text, name);
    expect(input).toHaveProperty('problem');
    expect((input as { problem: string }).problem).toMatch(problem);
    expect((input as { remedy: string }).remedy.length).toBeGreaterThan(10);
  });
});
