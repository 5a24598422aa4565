// The short version of the start-up bench (node bench/run.mjs) that CI runs with the fast tests: a
// few paired rounds, failing only when a ratio to a bare Node start regresses a long way. Never an
// absolute time. CPU is the steady measure; wall has looser limits, because the other test files
// load the machine, but it catches what CPU can not (waiting on a child or a timer before a frame).
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';
import { hasScript } from '../helpers/pty.js';

interface Case {
  name: string;
  runs: number;
  cpuRatio?: number;
  wallRatio?: number;
}

const LIMITS: Record<string, { cpu: number; wall: number }> = {
  version: { cpu: 3, wall: 5 },
  help: { cpu: 3, wall: 5 },
  list: { cpu: 3, wall: 5 },
  menu: { cpu: 5, wall: 8 },
  lesson: { cpu: 5, wall: 8 },
};

describe('start-up, against a bare Node start', () => {
  it('--version, --help, list and the first frames of the menu and a lesson stay near it', { timeout: 240_000 }, async () => {
    const only = Object.keys(LIMITS).filter((name) => hasScript || !['menu', 'lesson'].includes(name));
    // A learner's shell: no NODE_ENV, not CI (so the frames are the terminal UI's).
    const { NODE_ENV: _nodeEnv, CI: _ci, ...env } = process.env;
    const result = await execa(process.execPath, [join(root, 'bench', 'run.mjs'), '--runs', '5', '--only', only.join(','), '--json', '--no-write'], { env, extendEnv: false, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    const cases = (JSON.parse(result.stdout) as { startup: { cases: Case[] } }).startup.cases;
    console.log(`start-up ratios (CPU, wall): ${cases.filter((c) => c.cpuRatio !== undefined).map((c) => `${c.name} ${c.cpuRatio!.toFixed(2)} ${c.wallRatio!.toFixed(2)}`).join(', ')}`);
    for (const name of only) {
      const c = cases.find((x) => x.name === name)!;
      expect(c.runs).toBe(5);
      expect(c.cpuRatio, `${name}: CPU against bare Node`).toBeLessThan(LIMITS[name]!.cpu);
      expect(c.wallRatio, `${name}: wall against bare Node`).toBeLessThan(LIMITS[name]!.wall);
    }
  });
});
