// Drives a program in a real terminal (tmux): type keys, read the screen, wait for text.
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class Terminal {
  private constructor(private readonly socket: string, private readonly session: string, private readonly dir = '', private readonly env: Record<string, string> = {}) {}

  /** A second window of the same terminal server (a presenter's other screen), same size and environment. */
  async window(name: string, command: string): Promise<Terminal> {
    const script = join(this.dir, `terminal-${name}.sh`);
    const assignments = Object.entries(this.env).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
    writeFileSync(script, `exec env -i ${assignments} bash -c ${quote(command)}\n`);
    await execa('tmux', ['-L', this.socket, 'new-window', '-d', '-t', this.session.split(':')[0]!, '-n', name, `bash ${quote(script)}`]);
    return new Terminal(this.socket, `${this.session.split(':')[0]!}:${name}`, this.dir, this.env);
  }

  /** Runs command in a fresh terminal whose environment is exactly env (nothing inherited from the test runner). */
  static async start(command: string, dir: string, env: Record<string, string>, size = { columns: 120, rows: 50 }): Promise<Terminal> {
    const socket = `kubelab-test-${process.pid}`;
    const conf = join(dir, 'tmux.conf');
    writeFileSync(conf, 'set -g history-limit 50000\n');
    const script = join(dir, 'terminal.sh');
    const assignments = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
    writeFileSync(script, `exec env -i ${assignments} bash -c ${quote(command)}\n`);
    await execa('tmux', ['-L', socket, '-f', conf, 'new-session', '-d', '-s', 'lab', '-x', String(size.columns), '-y', String(size.rows), `bash ${quote(script)}`]);
    return new Terminal(socket, 'lab', dir, env);
  }

  async screen(): Promise<string> {
    const { stdout } = await execa('tmux', ['-L', this.socket, 'capture-pane', '-p', '-J', '-S', '-50000', '-t', this.session]);
    return stdout;
  }

  async type(text: string): Promise<void> {
    await execa('tmux', ['-L', this.socket, 'send-keys', '-t', this.session, '-l', text]);
  }

  async press(key: string): Promise<void> {
    await execa('tmux', ['-L', this.socket, 'send-keys', '-t', this.session, key]);
  }

  /** Waits until the screen matches, polling every 250 ms; returns the screen. */
  async waitFor(pattern: RegExp | string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = await this.screen();
      if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${String(pattern)} within ${timeoutMs / 1000}s; screen:\n${screen.split('\n').slice(-40).join('\n')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async close(): Promise<void> {
    await execa('tmux', ['-L', this.socket, 'kill-server'], { reject: false });
  }
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
