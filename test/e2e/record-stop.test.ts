// A recording survives the ways a run stops early: Ctrl+C (a signal in plain mode, a key in the
// terminal UI) and a reader that goes away. The terminal UI runs in a real terminal (tmux), so the
// recording is of ink's own frames.
import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Terminal } from '../real-cluster/tmux.js';
import { asciinema, asciinemaCat } from '../helpers/asciinema.js';
import { castFile, castText } from '../helpers/cast.js';
import { cliPath, liveStandIns, sandbox, start } from '../helpers/cli.js';
import { marker, STEPS } from '../helpers/lesson.js';

const EVIDENCE = '✓ Evidence: oom-killed-pod terminated with OOMKilled, exit code 137';

beforeAll(async () => {
  await asciinema();
}, 180_000);

/** Resolves once the child has printed text that includes `what`. */
function printed(child: ReturnType<typeof start>, what: string): Promise<string> {
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(what)) resolve(out);
    });
    child.once('exit', () => reject(new Error(`kubelab ended before it printed ${what}:\n${out}`)));
  });
}

describe('a recording cut short', () => {
  it('Ctrl+C in plain mode: exit 130, the recording written with what was shown up to the stop, and said where', async () => {
    const box = sandbox();
    const child = start(box, ['run', 'oom-killed', '--auto', '--record', 'stopped.cast']);
    const shown = await printed(child, `[4/${STEPS}]`);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    const file = join(box.dir, 'stopped.cast');
    expect(String(result.stderr)).toContain(`Recording written to ${file}`);
    expect(readdirSync(box.dir).filter((f) => f.includes('.cast'))).toEqual(['stopped.cast']);
    const cast = castFile(file);
    expect(cast.header.kubelab.report).toMatchObject({ outcome: 'interrupted', ok: false });
    const markers = cast.events.filter((e) => e[1] === 'm').map((e) => e[2]);
    expect(markers.slice(0, 4)).toEqual(['read-issue', 'apply-issue', 'watch-oom', 'get-pod'].map(marker));
    expect(markers[0]).toBe(`1/${STEPS} Read the broken manifest`);
    const text = castText(cast);
    expect(text.startsWith(shown)).toBe(true);
    expect(text).toContain('Stopped (Ctrl+C).');
    expect(text.trimEnd()).toBe(String(result.stdout).trimEnd());
    const cat = await asciinemaCat(file);
    expect(cat.exitCode, cat.stderr).toBe(0);
    expect(cat.stdout).toContain(EVIDENCE);
    expect(liveStandIns(box)).toEqual([]);
  });

  it('a reader that goes away (kubelab run … | head): kubelab exits at once, and the recording is still written', async () => {
    const box = sandbox();
    const child = start(box, ['run', 'oom-killed', '--auto', '--record', 'piped.cast']);
    await printed(child, `[2/${STEPS}]`);
    child.stdout!.destroy();
    const result = await child;
    expect(result.exitCode).toBe(0);
    const file = join(box.dir, 'piped.cast');
    expect(String(result.stderr)).toContain(`Recording written to ${file}`);
    const cast = castFile(file);
    expect(castText(cast)).toContain(`[2/${STEPS}] Apply issue.yaml`);
    expect(cast.header.kubelab.report.steps.length).toBeGreaterThanOrEqual(2);
    expect((await asciinemaCat(file)).exitCode).toBe(0);
  });

  it('the terminal UI: ink\'s frames at the terminal\'s size, a marker per step, Ctrl+C as a key', async () => {
    const box = sandbox({ CI: 'false', TERM: 'xterm-256color' });
    const file = join(box.dir, 'ink.cast');
    const status = join(box.dir, 'status');
    // tmux runs a shell, which needs the system's PATH after the stand-ins.
    const terminal = await Terminal.start(`cd ${box.dir} && node ${cliPath} start oom-killed --record ink.cast 2>stderr.txt; echo $? > ${status}`, box.dir, { ...box.env, PATH: `${box.env.PATH}:/usr/bin:/bin` });
    try {
      await terminal.waitFor('Press Enter to go on', 20_000);
      await terminal.press('Enter');
      await terminal.waitFor('Type kubectl get pod oom-killed-pod', 20_000);
      await terminal.press('C-c');
      for (let waited = 0; !existsSync(status) && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await terminal.close();
    }
    expect(readFileSync(status, 'utf8').trim()).toBe('130');
    expect(readFileSync(join(box.dir, 'stderr.txt'), 'utf8')).toContain(`Recording written to ${file}`);
    const cast = castFile(file);
    expect(cast.header).toMatchObject({ version: 2, width: 120, height: 50, env: { TERM: 'xterm-256color' } });
    expect(cast.events.filter((e) => e[1] === 'm').map((e) => e[2])).toEqual(['read-issue', 'apply-issue', 'watch-oom', 'get-pod'].map(marker));
    const raw = cast.events.filter((e) => e[1] === 'o').map((e) => e[2]).join('');
    // ink redraws its live area: erase-line and cursor-up sequences, and its key hints.
    expect(raw).toContain('\u001b[2K\u001b[1A');
    expect(raw).toContain('Tab: fill in · Enter: run · Ctrl+C: stop');
    expect(raw).toContain('Stopped (Ctrl+C).');
    expect(cast.header.kubelab.report).toMatchObject({ mode: 'learn', outcome: 'interrupted' });
    const cat = await asciinemaCat(file);
    expect(cat.exitCode, cat.stderr).toBe(0);
    expect(cat.stdout).toContain(EVIDENCE);
    const handout = await execa(process.execPath, [cliPath, 'handout', file], { reject: false });
    expect(handout.exitCode).toBe(0);
    expect(handout.stdout).toContain('it was stopped part-way');
    expect(handout.stdout).toContain('## 4. Look at the pod the way you would at 3 a.m. · 0:');
  });
});
