// Drives a program in a real terminal (tmux): type keys, read the screen, wait for text.
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class Terminal {
  private constructor(private readonly socket: string, private readonly session: string) {}

  /** Runs command in a fresh terminal whose environment is exactly env (nothing inherited from the test runner). */
  static async start(command: string, dir: string, env: Record<string, string>): Promise<Terminal> {
    const socket = `kubelab-test-${process.pid}`;
    const conf = join(dir, 'tmux.conf');
    writeFileSync(conf, 'set -g history-limit 50000\n');
    const script = join(dir, 'terminal.sh');
    const assignments = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
    writeFileSync(script, `exec env -i ${assignments} bash -c ${quote(command)}\n`);
    await execa('tmux', ['-L', socket, '-f', conf, 'new-session', '-d', '-s', 'lab', '-x', '120', '-y', '50', `bash ${quote(script)}`]);
    return new Terminal(socket, 'lab');
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
