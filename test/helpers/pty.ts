// The built CLI in a real pseudo-terminal (util-linux script), 100x30, against the stand-ins: what a
// person's terminal receives, byte for byte, and the CLI's own pid to signal it.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cliPath, type Sandbox } from './cli.js';

export const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

export function inTerminal(box: Sandbox, args: string[]) {
  const line = `stty rows 30 cols 100 2>/dev/null; exec ${[process.execPath, cliPath, ...args].map(quote).join(' ')}`;
  // A person's terminal: not CI, colours as the terminal says.
  const { CI: _ci, NO_COLOR: _nc, ...env } = box.env;
  const child = spawn('script', ['-qfec', line, '/dev/null'], { cwd: box.dir, env: { ...env, TERM: 'xterm-256color', PATH: `${env.PATH}:/usr/bin:/bin` }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    /** Waits for the terminal to have received `text`. */
    async waitFor(text: string, ms = 20_000): Promise<string> {
      const deadline = Date.now() + ms;
      while (!output.includes(text)) {
        if (Date.now() > deadline) throw new Error(`"${text}" not shown within ${ms} ms; the terminal got:\n${JSON.stringify(output.slice(-1500))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return output;
    },
    /** kubelab's pid: script's child, which exec'd node in place of the shell. */
    cliPid(): number {
      const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
      return children[0]!;
    },
    kill: () => child.kill('SIGKILL'),
  };
}
