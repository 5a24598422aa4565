// Installing a missing kind or kubectl: pinned URLs, the published checksum, only with consent.
// A local HTTP server stands in for the download sites.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { of, root, runCli, sandbox } from '../helpers/cli.js';

// What the server hands out as "kind" and "kubectl": working stand-ins, wrapped to run from anywhere.
const binary = (tool: string) => `#!/usr/bin/env node\nimport(${JSON.stringify(pathToFileURL(join(root, 'test', 'fixtures', 'lib', `${tool}.mjs`)).href)});\n`;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

let server: Server;
let base = '';
const requests: string[] = [];
let corrupt = false;
let cutHalfway = false;

beforeAll(async () => {
  const files: Record<string, string> = {
    '/v0.30.0/kind-linux-amd64': binary('kind'),
    '/v0.30.0/kind-linux-amd64.sha256sum': `${sha(binary('kind'))}  kind-linux-amd64\n`,
    '/release/v1.34.0/bin/linux/amd64/kubectl': binary('kubectl'),
    '/v1.34.0/bin/linux/amd64/kubectl.sha256': sha(binary('kubectl')),
  };
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = files[req.url ?? ''];
    if (body === undefined) return void res.writeHead(404).end('not found');
    if (cutHalfway && !req.url!.includes('sha256')) {
      // The connection drops halfway through the binary.
      res.writeHead(200, { 'content-length': String(body.length) });
      res.write(body.slice(0, body.length / 2));
      return void setTimeout(() => res.destroy(), 50);
    }
    res.writeHead(200).end(corrupt && !req.url!.includes('sha256') ? `${body}# tampered\n` : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const urls = () => ({ KUBELAB_KIND_DOWNLOAD_URL: base, KUBELAB_KUBECTL_DOWNLOAD_URL: base });

describe.runIf(process.platform === 'linux' && process.arch === 'x64')('installing tools', () => {
  it('doctor --install kind downloads the pinned release, checks its sha256 and uses it from kubelab\'s folder', async () => {
    corrupt = false;
    const box = sandbox(urls(), ['kubectl', 'docker']);
    const { code, stdout } = await runCli(box, ['doctor', '--install', 'kind']);
    const installed = join(box.home, 'bin', 'kind');
    expect(stdout).toContain(`Installed kind at ${installed} (sha256 verified).`);
    expect(stdout).toContain(`kind v0.30.0 (${installed})`);
    expect(code).toBe(0);
    expect(statSync(installed).mode & 0o111).not.toBe(0);
    expect(requests).toContain('/v0.30.0/kind-linux-amd64.sha256sum');
  });

  it('refuses a download that does not match its checksum and leaves nothing behind', async () => {
    corrupt = true;
    const box = sandbox(urls(), ['kubectl', 'docker']);
    const { code, stderr } = await runCli(box, ['doctor', '--install', 'kind']);
    expect(code).toBe(3);
    expect(stderr).toContain('does not match its checksum');
    expect(existsSync(join(box.home, 'bin')) ? readdirSync(join(box.home, 'bin')) : []).toEqual([]);
  });

  it('a download cut off halfway says so and leaves no file, half or whole', async () => {
    corrupt = false;
    cutHalfway = true;
    try {
      const box = sandbox(urls(), ['kubectl', 'docker']);
      const { code, stderr } = await runCli(box, ['doctor', '--install', 'kind']);
      expect(code).toBe(3);
      expect(stderr).toMatch(/The download of .*kind-linux-amd64 was cut off before it finished .*nothing was installed\./);
      expect(stderr).not.toContain('hit a bug');
      expect(existsSync(join(box.home, 'bin')) ? readdirSync(join(box.home, 'bin')) : []).toEqual([]);
    } finally {
      cutHalfway = false;
    }
  });

  it('kubectl comes from its own URL layout', async () => {
    corrupt = false;
    const box = sandbox(urls(), ['kind', 'docker']);
    const { code, stdout } = await runCli(box, ['doctor', '--install', 'kubectl']);
    expect(code).toBe(0);
    expect(stdout).toContain(`kubectl v1.34.1 (${join(box.home, 'bin', 'kubectl')})`);
    expect(requests).toContain('/v1.34.0/bin/linux/amd64/kubectl.sha256');
  });

  it('a run installs a missing kind only with --install-missing, then goes on with the lab', async () => {
    corrupt = false;
    const box = sandbox(urls(), ['kubectl', 'docker']);
    const { code, events } = await runCli(box, ['run', 'oom-killed', '--auto', '--json', '--install-missing']);
    expect(code).toBe(0);
    expect(of(events, 'notice').map((n) => n.text)).toContain(`Installed kind at ${join(box.home, 'bin', 'kind')} (sha256 verified)`);
    expect(of(events, 'run.end')[0]).toMatchObject({ ok: true });
  });
});
