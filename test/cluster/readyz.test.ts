// The direct readiness probe: which kubeconfigs it asks directly, and that every way of not getting
// a plain answer is "no" (kubectl is then asked, so it never decides a cluster is down by itself).
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { askReadyz, readyzTarget } from '../../src/cluster/readyz.js';

const ca = Buffer.from('-----BEGIN CERTIFICATE-----\nnot a real one\n-----END CERTIFICATE-----\n');

function kubeconfig(cluster: Record<string, unknown>, context = 'kind-lab'): string {
  return stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': context,
    clusters: [{ name: 'other', cluster: { server: 'https://10.0.0.9:6443', 'certificate-authority-data': ca.toString('base64') } }, { name: 'kind-lab', cluster }],
    contexts: [{ name: 'kind-lab', context: { cluster: 'kind-lab', user: 'kind-lab' } }, { name: 'other', context: { cluster: 'other', user: 'x' } }],
    users: [{ name: 'kind-lab', user: { token: 'secret' } }],
  });
}

describe('where the API server can be asked directly', () => {
  it('the context\'s own cluster, with its CA from the data or a file', () => {
    const target = readyzTarget(kubeconfig({ server: 'https://127.0.0.1:41234', 'certificate-authority-data': ca.toString('base64') }), 'kind-lab', {});
    expect(target?.url.href).toBe('https://127.0.0.1:41234/');
    expect(target?.ca?.equals(ca)).toBe(true);
    expect(target?.insecure).toBe(false);
    const file = join(mkdtempSync(join(tmpdir(), 'kubelab-ca-')), 'ca.crt');
    writeFileSync(file, ca);
    expect(readyzTarget(kubeconfig({ server: 'https://lab.example:6443', 'certificate-authority': file, 'tls-server-name': 'kubernetes' }), 'kind-lab', {})).toMatchObject({ servername: 'kubernetes' });
    expect(readyzTarget(kubeconfig({ server: 'https://127.0.0.1:41234', 'insecure-skip-tls-verify': true }), 'kind-lab', {})).toMatchObject({ insecure: true, ca: undefined });
  });

  it('left to kubectl: a proxy, plain http, no CA, a CA file that is not there, an unknown context, a file that is not YAML', () => {
    const good = { server: 'https://127.0.0.1:41234', 'certificate-authority-data': ca.toString('base64') };
    expect(readyzTarget(kubeconfig(good), 'kind-lab', { HTTPS_PROXY: 'http://proxy:3128' })).toBeUndefined();
    expect(readyzTarget(kubeconfig(good), 'kind-lab', { all_proxy: 'socks5://proxy:1080' })).toBeUndefined();
    expect(readyzTarget(kubeconfig({ ...good, 'proxy-url': 'http://proxy:3128' }), 'kind-lab', {})).toBeUndefined();
    expect(readyzTarget(kubeconfig({ ...good, server: 'http://127.0.0.1:8080' }), 'kind-lab', {})).toBeUndefined();
    expect(readyzTarget(kubeconfig({ server: 'https://127.0.0.1:41234' }), 'kind-lab', {})).toBeUndefined();
    expect(readyzTarget(kubeconfig({ server: 'https://127.0.0.1:41234', 'certificate-authority': '/nonexistent/ca.crt' }), 'kind-lab', {})).toBeUndefined();
    expect(readyzTarget(kubeconfig(good), 'kind-elsewhere', {})).toBeUndefined();
    expect(readyzTarget(kubeconfig({ ...good, server: 'not a url' }), 'kind-lab', {})).toBeUndefined();
    expect(readyzTarget(': [ not yaml', 'kind-lab', {})).toBeUndefined();
    expect(readyzTarget('', 'kind-lab', {})).toBeUndefined();
  });
});

describe('asking', () => {
  it('a refused connection, a server that never answers and one that is not TLS are all "no", each within the time given', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const notTls = createServer((socket) => socket.end('HTTP/1.1 200 OK\r\n\r\nok')).listen(0, '127.0.0.1');
    await once(notTls, 'listening');
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const closedPort = (closed.address() as AddressInfo).port;
    closed.close();
    const target = (port: number) => ({ url: new URL(`https://127.0.0.1:${port}`), ca, insecure: false });
    try {
      const started = Date.now();
      expect(await askReadyz(target(closedPort), 1000)).toBe(false);
      expect(await askReadyz(target((silent.address() as AddressInfo).port), 300)).toBe(false);
      expect(await askReadyz(target((notTls.address() as AddressInfo).port), 1000)).toBe(false);
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
      notTls.close();
    }
  });
});
