// The API server's readiness endpoint asked over HTTPS, without starting kubectl. Every start of
// kubectl costs about 0.2 s of CPU (measured: `kubectl version --client` as much as a get), and the
// probe behind every wait asks every five seconds: by that cost twenty learners of a class on one
// machine would spend most of a core on probes (estimated, not measured). /readyz needs no credentials on a kubeadm-built API server
// (kind's): anonymous requests may read it. Only a plain answer counts: anything else, and every
// setup this does not handle (a proxy, an exec plugin's cluster, a file it can't read), is left
// to kubectl, as before.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { parse } from '../vendor/yaml.js';

export interface ReadyzTarget {
  url: URL;
  ca?: Buffer;
  insecure: boolean;
  servername?: string;
}

type Env = Record<string, string | undefined>;

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const named = (list: unknown, name: string): Record<string, unknown> | undefined =>
  Array.isArray(list) ? record(list.map(record).find((entry) => entry?.name === name)) : undefined;

/** Where the context's API server answers, when it can be asked directly (https, no proxy). */
export function readyzTarget(kubeconfigText: string, context: string, env: Env = process.env): ReadyzTarget | undefined {
  if (PROXY_VARS.some((name) => (env[name] ?? '') !== '')) return undefined;
  let config: Record<string, unknown> | undefined;
  try {
    config = record(parse(kubeconfigText));
  } catch {
    return undefined;
  }
  const clusterName = record(named(config?.contexts, context)?.context)?.cluster;
  if (typeof clusterName !== 'string') return undefined;
  const cluster = record(named(config?.clusters, clusterName)?.cluster);
  const server = cluster?.server;
  if (typeof server !== 'string' || cluster?.['proxy-url'] !== undefined) return undefined;
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:') return undefined;
  const insecure = cluster?.['insecure-skip-tls-verify'] === true;
  const caData = cluster?.['certificate-authority-data'];
  let ca: Buffer | undefined;
  if (typeof caData === 'string') ca = Buffer.from(caData, 'base64');
  else if (typeof cluster?.['certificate-authority'] === 'string') {
    try {
      ca = readFileSync(cluster['certificate-authority']);
    } catch {
      return undefined;
    }
  }
  if (!ca && !insecure) return undefined;
  const servername = typeof cluster?.['tls-server-name'] === 'string' ? cluster['tls-server-name'] : undefined;
  return { url, ca, insecure, servername };
}

/** True only when the API server answered /readyz with 200 within the time given. */
export function askReadyz(target: ReadyzTarget, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const path = `${target.url.pathname.replace(/\/$/, '')}/readyz`;
    const req = request({
      host: target.url.hostname, port: target.url.port || 443, path, method: 'GET', ca: target.ca, rejectUnauthorized: !target.insecure,
      servername: target.servername, timeout: timeoutMs, agent: false, headers: { accept: 'text/plain' },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
