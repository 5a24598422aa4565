// The machine check behind `kubelab doctor` and every start: Docker, kind, kubectl, memory, CPU.
import { arch, freemem, platform, totalmem } from 'node:os';
import type { PreflightItem } from '../engine/events.js';
import type { Settings } from '../settings.js';
import { dockerInfo } from './docker.js';
import { run } from './exec.js';
import { parseKindVersion, parseKubectlVersion, type DockerInfo } from './parse-tools.js';
import { findTools, type Tools } from './tools.js';
import { knownVersion, rememberVersion } from './tool-versions.js';
import { KIND_VERSION, KUBECTL_VERSION } from '../pins.js';

export interface PreflightResult {
  items: PreflightItem[];
  tools: Tools;
  docker: DockerInfo;
  ok: boolean;
}

const GiB = 1024 ** 3;

function dockerFix(error: string): string {
  if (/permission denied/i.test(error)) return 'Add yourself to the docker group: sudo usermod -aG docker $USER, then log out and in again.';
  if (platform() === 'darwin') return 'Start Docker Desktop (open -a Docker) and wait until it says it is running.';
  return 'Start the Docker daemon: sudo systemctl start docker (or start Docker Desktop).';
}

async function dockerItemFor(tools: Tools, signal?: AbortSignal): Promise<{ item: PreflightItem; info: DockerInfo }> {
  if (!tools.docker) return { info: {}, item: { name: 'docker', ok: false, level: 'problem', detail: 'docker is not installed (not on PATH)', fix: 'Install Docker Engine or Docker Desktop: https://docs.docker.com/get-docker/' } };
  const probe = await dockerInfo(tools.docker, signal);
  return {
    info: probe.info,
    item: probe.ok
      ? { name: 'docker', ok: true, level: 'ok', detail: `Docker ${probe.info.serverVersion} reachable, cgroup v${probe.info.cgroupVersion ?? '?'}` }
      : { name: 'docker', ok: false, level: 'problem', detail: `the Docker daemon is not reachable: ${probe.error}`, fix: dockerFix(probe.error ?? '') },
  };
}

async function kindItemFor(tools: Tools, settings: Settings, signal?: AbortSignal): Promise<PreflightItem> {
  if (!tools.kind) return { name: 'kind', ok: false, level: 'problem', detail: 'kind is not installed', fix: `kubelab can install kind ${KIND_VERSION} into ${settings.binDir}: kubelab doctor --install kind` };
  const known = knownVersion(settings.home, 'kind', tools.kind);
  const result = known ? undefined : await run(tools.kind, ['version'], { timeoutMs: 30_000, signal });
  const version = known ?? parseKindVersion(result!.stdout);
  if (version && !known) rememberVersion(settings.home, 'kind', tools.kind, version);
  return version
    ? { name: 'kind', ok: true, level: 'ok', detail: `kind ${version} (${tools.kind})` }
    : { name: 'kind', ok: false, level: 'problem', detail: `${tools.kind} did not report a version: ${result?.stderr.trim() || result?.stdout.trim()}`, fix: 'Reinstall kind: kubelab doctor --install kind' };
}

async function kubectlItemFor(tools: Tools, settings: Settings, signal?: AbortSignal): Promise<PreflightItem> {
  if (!tools.kubectl) return { name: 'kubectl', ok: false, level: 'problem', detail: 'kubectl is not installed', fix: `kubelab can install kubectl ${KUBECTL_VERSION} into ${settings.binDir}: kubelab doctor --install kubectl` };
  const known = knownVersion(settings.home, 'kubectl', tools.kubectl);
  const version = known ?? parseKubectlVersion((await run(tools.kubectl, ['version', '--client', '-o', 'json'], { timeoutMs: 30_000, signal })).stdout).client;
  if (version && !known) rememberVersion(settings.home, 'kubectl', tools.kubectl, version);
  return version
    ? { name: 'kubectl', ok: true, level: 'ok', detail: `kubectl ${version} (${tools.kubectl})` }
    : { name: 'kubectl', ok: false, level: 'problem', detail: `${tools.kubectl} did not report a version`, fix: 'Reinstall kubectl: kubelab doctor --install kubectl' };
}

export async function preflight(settings: Settings, signal?: AbortSignal): Promise<PreflightResult> {
  const tools = findTools(settings.binDir);
  // Three programs that do not depend on each other: asked at once, reported in this order.
  const [dockerProbe, kindItem, kubectlItem] = await Promise.all([dockerItemFor(tools, signal), kindItemFor(tools, settings, signal), kubectlItemFor(tools, settings, signal)]);
  const docker = dockerProbe.info;
  const items: PreflightItem[] = [dockerProbe.item, kindItem, kubectlItem];

  const free = freemem();
  // A daemon that does not answer reports a total of 0: it says nothing about memory.
  const dockerMem = docker.serverVersion && docker.memTotal ? docker.memTotal : undefined;
  const memDetail = `${(free / GiB).toFixed(1)} GiB free of ${(totalmem() / GiB).toFixed(1)} GiB${dockerMem ? `, Docker may use ${(dockerMem / GiB).toFixed(1)} GiB` : ''}`;
  if (dockerMem !== undefined && dockerMem < 1.5 * GiB) {
    items.push({ name: 'memory', ok: false, level: 'warn', detail: memDetail, fix: 'A one-node kind cluster needs about 1.5 GiB, more than Docker may use: give Docker Desktop more memory (Settings → Resources).' });
  } else if (free < 1 * GiB) {
    items.push({ name: 'memory', ok: false, level: 'warn', detail: memDetail, fix: 'A one-node kind cluster needs about 1.5 GiB: close other programs first.' });
  } else {
    items.push({ name: 'memory', ok: true, level: 'ok', detail: memDetail });
  }

  const cpu = arch();
  if (cpu === 'x64') items.push({ name: 'arch', ok: true, level: 'ok', detail: 'x86_64 (amd64)' });
  else if (cpu === 'arm64') items.push({ name: 'arch', ok: true, level: 'warn', detail: 'arm64: kind runs natively; the polinux/stress image may not publish arm64', fix: 'If the pull fails with "no matching manifest", run Docker with amd64 emulation (Docker Desktop: Rosetta).' });
  else items.push({ name: 'arch', ok: false, level: 'problem', detail: `${cpu} is not supported by kind's node images`, fix: 'Use an amd64 or arm64 machine.' });

  return { items, tools, docker, ok: items.every((i) => i.level !== 'problem') };
}
