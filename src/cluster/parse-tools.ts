// Pure parsers for the version and info outputs of docker, kind and kubectl.
export interface DockerInfo {
  serverVersion?: string;
  cgroupVersion?: number;
  cgroupDriver?: string;
  memTotal?: number;
  cpus?: number;
  arch?: string;
  os?: string;
}

export function parseDockerInfo(stdout: string): DockerInfo {
  try {
    const info = JSON.parse(stdout.trim()) as Record<string, unknown>;
    const cg = info.CgroupVersion;
    return {
      serverVersion: typeof info.ServerVersion === 'string' ? info.ServerVersion : undefined,
      cgroupVersion: cg === '1' || cg === 1 ? 1 : cg === '2' || cg === 2 ? 2 : undefined,
      cgroupDriver: typeof info.CgroupDriver === 'string' ? info.CgroupDriver : undefined,
      memTotal: typeof info.MemTotal === 'number' ? info.MemTotal : undefined,
      cpus: typeof info.NCPU === 'number' ? info.NCPU : undefined,
      arch: typeof info.Architecture === 'string' ? info.Architecture : undefined,
      os: typeof info.OperatingSystem === 'string' ? info.OperatingSystem : undefined,
    };
  } catch {
    return {};
  }
}

/** "kind v0.30.0 go1.24.6 linux/amd64" -> "v0.30.0" */
export function parseKindVersion(stdout: string): string | undefined {
  return /\bkind (v\d+\.\d+\.\d+\S*)/.exec(stdout)?.[1];
}

/** kubectl version -o json -> client and (when reachable) server gitVersion. */
export function parseKubectlVersion(stdout: string): { client?: string; server?: string } {
  try {
    const v = JSON.parse(stdout) as { clientVersion?: { gitVersion?: string }; serverVersion?: { gitVersion?: string } };
    return { client: v.clientVersion?.gitVersion, server: v.serverVersion?.gitVersion };
  } catch {
    const client = /Client Version:\s*(v\S+)/.exec(stdout)?.[1];
    const server = /Server Version:\s*(v\S+)/.exec(stdout)?.[1];
    return { client, server };
  }
}

export function minorOf(version: string | undefined): number | undefined {
  const m = /^v?1\.(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
}

export type KindLine =
  | { kind: 'start' | 'done' | 'failed'; text: string }
  | { kind: 'error' | 'info'; text: string };

/** Classifies one line of kind's stderr (its non-terminal status form). */
export function parseKindLine(line: string): KindLine {
  const start = /^ • (.*?)\s+\.\.\.\s*$/.exec(line);
  if (start) return { kind: 'start', text: start[1]! };
  if (line.startsWith(' ✓ ')) return { kind: 'done', text: line.slice(3).trim() };
  if (line.startsWith(' ✗ ')) return { kind: 'failed', text: line.slice(3).trim() };
  if (line.startsWith('ERROR: ')) return { kind: 'error', text: line.slice(7) };
  return { kind: 'info', text: line };
}

/** kind's `get clusters` prints names on stdout, or "No kind clusters found." on stderr. */
export function parseKindClusters(stdout: string): string[] {
  return stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('No kind clusters'));
}
