// Last: kubelab down removes the lab cluster and leaves nothing of it in kind or Docker.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cli, cluster, env } from './helpers.js';

describe('the end', () => {
  it('kubelab down removes the cluster', async () => {
    const result = await cli(['down'], { timeout: 5 * 60_000 });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(result.stdout).toContain(`Deleted the lab cluster "${cluster}"`);
    const clusters = await execa('kind', ['get', 'clusters'], { env, extendEnv: false, reject: false });
    expect(clusters.stdout.split('\n')).not.toContain(cluster);
    const containers = await execa('docker', ['ps', '-a', '--filter', `label=io.x-k8s.kind.cluster=${cluster}`, '--format', '{{.Names}}'], { env, extendEnv: false });
    expect(containers.stdout.trim()).toBe('');
  });
});
