// kubelab demo from the built CLI against the stand-ins: --prepare readies the cluster and the
// images; without a terminal the demo says what to use instead.
import { describe, expect, it } from 'vitest';
import { calls, runCli, sandbox, start } from '../helpers/cli.js';

describe('kubelab demo', () => {
  it('--prepare: the doctor\'s checks, the cluster, every image pulled onto the node, then "ready"', async () => {
    const box = sandbox();
    const { code, events, stdout } = await runCli(box, ['demo', 'oom-killed', '--prepare', '--plain']);
    expect(code).toBe(0);
    expect(stdout).toContain('Checking this machine');
    expect(stdout).toContain('polinux/stress is on the node');
    expect(stdout).toMatch(/Ready: the cluster "kubelab" is up and every image is on the node\. Start with: kubelab demo oom-killed/);
    const pulls = calls(box).filter((c) => c.tool === 'docker' && c.argv[0] === 'exec');
    expect(pulls.map((c) => c.argv.slice(1))).toEqual([['kubelab-control-plane', 'crictl', 'pull', 'polinux/stress']]);
    expect(events).toEqual([]);
  });

  it('needs a terminal, and says what to run instead', async () => {
    const box = sandbox();
    const { code, stderr } = await runCli(box, ['demo', 'oom-killed']);
    expect(code).toBe(2);
    expect(stderr).toContain('kubelab demo needs a terminal');
    expect(stderr).toContain('kubelab run oom-killed --auto');
  });

  it('refuses a typing speed that makes no sense', async () => {
    const box = sandbox();
    const { code, stderr } = await runCli(box, ['demo', 'oom-killed', '--typing', 'fast']);
    expect(code).toBe(2);
    expect(stderr).toContain('give characters per second (e.g. 15) or key');
  });

  it('kubelab notes with no demo running says it waits for one, and stops on Ctrl+C', async () => {
    const box = sandbox();
    const child = start(box, ['notes']);
    let out = '';
    await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve();
    }));
    child.kill('SIGINT');
    const result = await child;
    expect(out).toBe('waiting for kubelab demo to start…\n');
    expect(result.exitCode).toBe(0);
  });
});
