// Runs one measured process and returns its wall time (seen from here) and CPU time (reported by
// the probe from inside it). Two shapes: a command that runs to its end, and a terminal UI whose
// first frame is awaited in a pseudo-terminal (util-linux script) and then stopped.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const probe = fileURLToPath(new URL('./probe.cjs', import.meta.url));

function probeLine(file, pid) {
  const lines = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const line = lines.find((l) => pid === undefined || l.pid === pid) ?? lines[0];
  if (!line) throw new Error('the measured process did not report its CPU time');
  return line;
}

/** node -r probe ARGS, to its exit. */
export function measureExit(box, args, cwd) {
  const out = join(box.dir, `probe-${process.hrtime.bigint()}.jsonl`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-r', probe, ...args], { cwd, env: { ...box.env, KUBELAB_BENCH_OUT: out }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { wallMs, cpuMs: probeLine(out, result.pid).cpuUs / 1000, stdout: result.stdout };
}

function stop(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // It has ended already.
  }
}

const quote = (word) => `'${word.replaceAll("'", "'\\''")}'`;

const count = (text, mark) => text.split(mark).length - 1;

/** node -r probe ARGS in a 100x30 pseudo-terminal, until its output shows `mark` for the `nth` time; then it is stopped (SIGTERM) and awaited. */
export function measureFrame(box, args, mark, cwd, nth = 1, timeoutMs = 30_000) {
  const out = join(box.dir, `probe-${process.hrtime.bigint()}.jsonl`);
  const line = `stty rows 30 cols 100 2>/dev/null; exec ${[process.execPath, '-r', probe, ...args].map(quote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('script', ['-qfec', line, '/dev/null'], { cwd, env: { ...box.env, KUBELAB_BENCH_OUT: out, KUBELAB_BENCH_MARK: mark, KUBELAB_BENCH_NTH: String(nth) }, stdio: ['pipe', 'pipe', 'pipe'] });
    let seen = '';
    let wallMs;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no "${mark}" (${nth}) within ${timeoutMs} ms from node ${args.join(' ')}; output:\n${seen.slice(-2000)}`));
    }, timeoutMs);
    child.stdout.on('data', (data) => {
      if (wallMs !== undefined) return;
      seen += data.toString('utf8');
      if (count(seen, mark) < nth) return;
      wallMs = performance.now() - started;
      const { pid, cpuUs } = probeLine(out);
      stop(pid, 'SIGTERM');
      // A kubelab that does not stop on SIGTERM is a bug, but it must not hang the bench.
      const hard = setTimeout(() => stop(pid, 'SIGKILL'), 5000);
      child.on('close', () => {
        clearTimeout(timer);
        clearTimeout(hard);
        resolve({ wallMs, cpuMs: cpuUs / 1000 });
      });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Whether this machine has the pseudo-terminal the frame cases need. */
export function hasScript() {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}
