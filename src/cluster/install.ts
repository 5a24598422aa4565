// Installs a pinned kind or kubectl into kubelab's own bin folder, only when the person agrees,
// and only after the download's sha256 matches the published checksum file.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { Interrupted, LabError } from '../errors.js';
import { KIND_VERSION, KUBECTL_VERSION } from '../pins.js';


export interface Download {
  tool: 'kind' | 'kubectl';
  version: string;
  url: string;
  checksumUrl: string;
}

function target(): { os: string; cpu: string } {
  const os = platform();
  const cpu = arch() === 'x64' ? 'amd64' : arch();
  if ((os !== 'linux' && os !== 'darwin') || (cpu !== 'amd64' && cpu !== 'arm64')) {
    throw new LabError(`kubelab can't install tools for ${os}/${cpu}.`, 'Install kind and kubectl yourself: https://kind.sigs.k8s.io/docs/user/quick-start/');
  }
  return { os, cpu };
}

export function downloadFor(tool: 'kind' | 'kubectl', env: NodeJS.ProcessEnv = process.env): Download {
  const { os, cpu } = target();
  if (tool === 'kind') {
    const base = (env.KUBELAB_KIND_DOWNLOAD_URL ?? 'https://kind.sigs.k8s.io/dl').replace(/\/$/, '');
    const url = `${base}/${KIND_VERSION}/kind-${os}-${cpu}`;
    return { tool, version: KIND_VERSION, url, checksumUrl: `${url}.sha256sum` };
  }
  const base = (env.KUBELAB_KUBECTL_DOWNLOAD_URL ?? 'https://dl.k8s.io').replace(/\/$/, '');
  return {
    tool,
    version: KUBECTL_VERSION,
    url: `${base}/release/${KUBECTL_VERSION}/bin/${os}/${cpu}/kubectl`,
    checksumUrl: `${base}/${KUBECTL_VERSION}/bin/${os}/${cpu}/kubectl.sha256`,
  };
}

async function fetchBytes(url: string, signal?: AbortSignal): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    if (signal?.aborted) throw new Interrupted();
    throw new LabError(`Could not download ${url}: ${(error as Error).message}`, 'Check your network connection, or install the tool yourself and put it on PATH.');
  }
  if (!response.ok) throw new LabError(`Downloading ${url} failed: HTTP ${response.status}.`, 'Try again later, or install the tool yourself and put it on PATH.');
  try {
    // Nothing is written until the whole body is here and its checksum matches: a cut download leaves no file.
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (signal?.aborted) throw new Interrupted();
    throw new LabError(`The download of ${url} was cut off before it finished (${(error as Error).message}); nothing was installed.`, 'Try again; if it keeps failing, check your network or install the tool yourself.');
  }
}

/** Both published formats: "<hex>" (kubectl) and "<hex>  <file>" (kind). */
export function parseChecksum(text: string): string | undefined {
  const hex = text.trim().split(/\s+/)[0]?.toLowerCase();
  return hex && /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

export async function install(download: Download, binDir: string, signal?: AbortSignal): Promise<string> {
  const checksum = parseChecksum((await fetchBytes(download.checksumUrl, signal)).toString('utf8'));
  if (!checksum) throw new LabError(`The checksum file ${download.checksumUrl} does not hold a sha256.`, 'Nothing was installed. Install the tool yourself and put it on PATH.');
  const body = await fetchBytes(download.url, signal);
  const actual = createHash('sha256').update(body).digest('hex');
  if (actual !== checksum) {
    throw new LabError(`The download of ${download.tool} does not match its checksum (expected ${checksum}, got ${actual}).`, 'Nothing was installed. Try again; if it keeps failing, install the tool yourself.');
  }
  mkdirSync(binDir, { recursive: true });
  const final = join(binDir, download.tool);
  const partial = `${final}.partial-${process.pid}`;
  try {
    writeFileSync(partial, body);
    chmodSync(partial, 0o755);
    renameSync(partial, final);
  } finally {
    rmSync(partial, { force: true });
  }
  return final;
}
