// The start-up bench: every case once per round, in a rotated order, each in a fresh sandbox; the
// ratios are taken per round against that round's bare Node start.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { STARTUP_CASES } from './cases.mjs';
import { hasScript, measureExit, measureFrame } from './measure.mjs';
import { dropSandbox, makeSandbox } from './sandbox.mjs';
import { median, pairedRatio, roundOrder } from './stats.mjs';

export async function runStartup({ root, rounds, only, log = () => {} }) {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build first');
  const tty = hasScript();
  const wanted = STARTUP_CASES.filter((c) => (only === undefined || only.includes(c.name) || STARTUP_CASES.some((o) => only.includes(o.name) && o.baseline === c.name)) && (c.shape === 'exit' || tty));
  const samples = Object.fromEntries(wanted.map((c) => [c.name, { cpuMs: [], wallMs: [] }]));
  // One untimed pass first: the page cache and the compile cache are as warm for the first round as for the last.
  for (const round of [-1, ...Array.from({ length: rounds }, (_, i) => i)]) {
    for (const name of roundOrder(wanted.map((c) => c.name), Math.max(round, 0))) {
      const c = wanted.find((w) => w.name === name);
      const box = makeSandbox(root);
      try {
        const result = c.shape === 'exit' ? measureExit(box, c.args(cli), box.dir) : await measureFrame(box, c.args(cli), c.mark, box.dir, c.nth);
        if (round >= 0) {
          samples[name].cpuMs.push(result.cpuMs);
          samples[name].wallMs.push(result.wallMs);
        }
      } finally {
        await dropSandbox(box);
      }
    }
    if (round >= 0) log(`round ${round + 1}/${rounds}`);
  }
  const cases = wanted.map((c) => {
    const s = samples[c.name];
    const base = c.baseline ? samples[c.baseline] : undefined;
    return {
      name: c.name,
      label: c.label,
      baseline: c.baseline,
      target: c.target,
      runs: s.cpuMs.length,
      medianCpuMs: median(s.cpuMs),
      medianWallMs: median(s.wallMs),
      cpuRatio: base ? pairedRatio(s.cpuMs, base.cpuMs) : undefined,
      wallRatio: base ? pairedRatio(s.wallMs, base.wallMs) : undefined,
    };
  });
  return { rounds, tty, cases };
}
