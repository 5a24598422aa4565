import { describe, expect, it } from 'vitest';
import { parseDockerInfo, parseKindClusters, parseKindLine, parseKindVersion, parseKubectlVersion, minorOf } from '../../src/cluster/parse-tools.js';
import { parseChecksum } from '../../src/cluster/install.js';
import { data } from '../helpers/data.js';

describe('kind output', () => {
  it('classifies every line of a real non-terminal create', () => {
    const kinds = data('kind-create.txt').trimEnd().split('\n').map((l) => parseKindLine(l).kind);
    expect(kinds.filter((k) => k === 'start')).toHaveLength(7);
    expect(kinds.filter((k) => k === 'done')).toHaveLength(7);
    expect(parseKindLine(' • Preparing nodes 📦 📦   ...')).toEqual({ kind: 'start', text: 'Preparing nodes 📦 📦' });
  });

  it('finds the failed step and the error of a real failure', () => {
    const lines = data('kind-create-failed.txt').trimEnd().split('\n').map(parseKindLine);
    expect(lines.find((l) => l.kind === 'failed')?.text).toBe('Preparing nodes 📦 📦 📦');
    expect(lines.find((l) => l.kind === 'error')?.text).toMatch(/^failed to create cluster: could not find a log line/);
  });

  it('reads versions and cluster lists', () => {
    expect(parseKindVersion('kind v0.30.0 go1.24.6 linux/amd64\n')).toBe('v0.30.0');
    expect(parseKindClusters('kind\nkubelab\n')).toEqual(['kind', 'kubelab']);
    expect(parseKindClusters('')).toEqual([]);
  });
});

describe('kubectl and docker output', () => {
  it('reads client and server versions, in JSON and in text', () => {
    expect(parseKubectlVersion('{"clientVersion":{"gitVersion":"v1.35.3"},"serverVersion":{"gitVersion":"v1.30.14"}}')).toEqual({ client: 'v1.35.3', server: 'v1.30.14' });
    expect(parseKubectlVersion('Client Version: v1.35.3\nKustomize Version: v5.7.1\n')).toEqual({ client: 'v1.35.3', server: undefined });
    expect(minorOf('v1.30.14')).toBe(30);
  });

  it('reads docker info and notices a daemon that did not answer', () => {
    expect(parseDockerInfo('{"ServerVersion":"28.2.2","CgroupVersion":"1","MemTotal":1024,"NCPU":2,"Architecture":"x86_64"}')).toMatchObject({ serverVersion: '28.2.2', cgroupVersion: 1, cpus: 2 });
    expect(parseDockerInfo('')).toEqual({});
  });

  it('reads both published checksum formats', () => {
    const hex = 'a'.repeat(64);
    expect(parseChecksum(`${hex}  kind-linux-amd64\n`)).toBe(hex);
    expect(parseChecksum(hex)).toBe(hex);
    expect(parseChecksum('<html>not found</html>')).toBeUndefined();
  });
});
