// The kernel's own record of an OOM kill, parsed from the real v1 captures and the REFERENCE v2
// samples of test/helpers/cgroup.ts.
import { describe, expect, it } from 'vitest';
import { cgroupPath } from '../../src/cluster/docker-kernel.js';
import { keyValues, lastUsageLine, lastUsageNaming, MEMORY_FILES, memoryFacts, oomKillsNaming, parseCgroupFsType, parseGrepFiles, parseOomKills, uidForms } from '../../src/cluster/parse-cgroup.js';
import { dmesgUid, dockerId, dockerOom, podDir, podOom, podUid, V2_DIR, V2_GROUP_KILL, V2_UID, v1, v2Grep } from '../helpers/cgroup.js';

describe('which cgroup version the node mounts', () => {
  it('reads the real v1 answer (tmpfs) and the v2 one (cgroup2fs), and nothing else', () => {
    expect(parseCgroupFsType(v1('stat.txt'))).toBe(1);
    expect(parseCgroupFsType('cgroup2fs\n')).toBe(2);
    expect(parseCgroupFsType('')).toBeUndefined();
    expect(parseCgroupFsType('overlay\n')).toBeUndefined();
  });
});

describe('the files grep -H read (cgroup v1, real)', () => {
  const files = parseGrepFiles(v1('grep-pod.txt'), podDir, MEMORY_FILES[1]);

  it('keeps each file by name, with every line of it, and the pod dir is the one find found for its UID', () => {
    expect(podDir.endsWith(`pod${uidForms(podUid)[1]}.slice`)).toBe(true);
    expect(files.map((f) => f.name)).toEqual([...MEMORY_FILES[1]]);
    const control = files.find((f) => f.name === 'memory.oom_control')!;
    expect(control.path).toBe(`${podDir}/memory.oom_control`);
    expect(control.text.split('\n')).toHaveLength(3);
    expect([...keyValues(control.text).keys()]).toEqual(['oom_kill_disable', 'under_oom', 'oom_kill']);
  });

  it('ignores lines of another directory, and files it was not asked for', () => {
    expect(parseGrepFiles(v1('grep-pod.txt'), `${podDir}/cri-containerd-x.scope`, MEMORY_FILES[1])).toEqual([]);
    expect(parseGrepFiles(v1('grep-pod.txt'), podDir, ['memory.failcnt']).map((f) => f.name)).toEqual(['memory.failcnt']);
  });

  it('gives v1 facts: the 50Mi limit, no kill counted at pod level, the charges refused at the limit', () => {
    const facts = memoryFacts(1, files);
    expect(facts).toMatchObject({ limitBytes: 50 * 1024 * 1024, unlimited: false, oomKills: 0, underOom: 0, peakBytes: 50 * 1024 * 1024 });
    expect(facts.failcnt).toBe(Number(/memory\.failcnt:(\d+)/.exec(v1('grep-pod.txt'))![1]));
    expect(facts.failcnt).toBeGreaterThan(100);
  });

  it('reads v1\'s "no limit" (the largest page-aligned counter) as unlimited, not as a number of bytes', () => {
    const facts = memoryFacts(1, [{ name: 'memory.limit_in_bytes', path: '', text: '9223372036854771712' }]);
    expect(facts).toMatchObject({ limitBytes: undefined, unlimited: true });
  });
});

describe('the files on cgroup v2 (REFERENCE samples)', () => {
  it('gives the limit and the memory.events counters', () => {
    const facts = memoryFacts(2, parseGrepFiles(v2Grep('52428800'), V2_DIR, MEMORY_FILES[2]));
    expect(facts).toMatchObject({ limitBytes: 52428800, unlimited: false, atLimit: 37, ooms: 1, oomKills: 2, groupKills: 1, peakBytes: undefined });
  });

  it('reads "max" as no limit', () => {
    expect(memoryFacts(2, parseGrepFiles(v2Grep('max'), V2_DIR, MEMORY_FILES[2]))).toMatchObject({ limitBytes: undefined, unlimited: true });
  });
});

describe('the kills in the kernel log', () => {
  it('finds the real v1 kill of the pod by its UID: the summary, the victim, and no group kill', () => {
    const kills = parseOomKills(podOom, dmesgUid);
    expect(kills).toHaveLength(1);
    const [kill] = kills;
    expect(kill!.summary).toContain(`oom_memcg=/docker/`);
    expect(kill!.summary).toContain(`pod${uidForms(dmesgUid)[1]}.slice`);
    expect(kill).toMatchObject({ process: 'stress', group: false });
    expect(kill!.pid).toBe(Number(/Killed process (\d+) \(stress\)/.exec(podOom)![1]));
    expect(kill!.killed).toMatch(/Memory cgroup out of memory: Killed process \d+ \(stress\) total-vm:\d+kB/);
  });

  it('does not take another pod\'s kill, nor a plain container\'s, for this pod', () => {
    expect(parseOomKills(podOom, podUid)).toEqual([]);
    expect(parseOomKills(dockerOom, dmesgUid)).toEqual([]);
  });

  it('finds a plain docker container\'s kill by its cgroup (kubelab kernel, real v1)', () => {
    const kills = oomKillsNaming(dockerOom, [dockerId]);
    expect(kills).toHaveLength(1);
    expect(kills[0]!.summary).toContain(`task_memcg=/kubelab-kernel/${dockerId}`);
    expect(kills[0]!.process).toBe('stress');
  });

  it('sees the group kill of cgroup v2 (REFERENCE), even when the summary is cut short', () => {
    const [kill] = parseOomKills(V2_GROUP_KILL, V2_UID);
    expect(kill).toMatchObject({ group: true, process: undefined, pid: undefined });
    expect(kill!.killed).toContain('Killed process 11342 (python)');
  });

  it('a log of several pods keeps each kill with its own pod', () => {
    const both = `${podOom}${dockerOom}${podOom}`;
    expect(parseOomKills(both, dmesgUid)).toHaveLength(2);
    expect(oomKillsNaming(both, [dockerId])).toHaveLength(1);
  });
});

describe('the usage line before a kill', () => {
  const usageOf = (log: string) => /memory: usage \d+kB, limit \d+kB, failcnt \d+/.exec(log)![0];

  it('is the pod\'s own line in the real v1 capture, not the plain container\'s', () => {
    expect(lastUsageLine(podOom, dmesgUid)).toMatch(new RegExp(`^\\[\\s*[\\d.]+\\] ${usageOf(podOom)}$`));
    const mixed = `${podOom}${dockerOom}`;
    expect(lastUsageLine(mixed, dmesgUid)).toContain(usageOf(podOom));
    expect(lastUsageNaming(mixed, [dockerId])).toContain(usageOf(dockerOom));
    expect(lastUsageLine(dockerOom, dmesgUid)).toBeUndefined();
  });

  it('is found however long the memory.stat dump between them is (v2 prints some 60 lines)', () => {
    const lines = podOom.split('\n');
    const at = lines.findIndex((l) => l.includes('Memory cgroup stats for'));
    const longer = [...lines.slice(0, at + 1), ...Array.from({ length: 60 }, (_, i) => `[ 2896.5729${String(i).padStart(2, '0')}] stat_${i} 0`), ...lines.slice(at + 1)].join('\n');
    expect(lastUsageLine(longer, dmesgUid)).toContain(usageOf(podOom));
  });

  it('never lends one kill\'s usage line to the next kill', () => {
    const withoutUsage = podOom.split('\n').filter((l) => !l.includes('memory: usage')).join('\n');
    expect(lastUsageLine(`${dockerOom}${withoutUsage}`, dmesgUid)).toBeUndefined();
  });
});

describe('the cgroup of a process, from /proc/<pid>/cgroup', () => {
  // composed from the real cgroup of the capture's kubelab kernel container (cgroupfs driver, v1)
  const path = `/kubelab-kernel/${dockerId}`;
  const v1Proc = ['13:misc:/', '12:rdma:/', '11:hugetlb:' + path, '4:pids:' + path, '3:memory:' + path, '2:cpu,cpuacct:' + path, '1:name=systemd:' + path].join('\n');

  it('takes the memory controller\'s line on v1, the unified line on v2', () => {
    expect(cgroupPath(v1Proc, 1)).toBe(path);
    expect(cgroupPath('0::/kubelab.slice/kubelab-kernel.slice/docker-abc.scope\n', 2)).toBe('/kubelab.slice/kubelab-kernel.slice/docker-abc.scope');
  });

  it('a v1 host has no unified line, and a hybrid host\'s unified line is not the memory cgroup', () => {
    expect(cgroupPath(v1Proc, 2)).toBeUndefined();
    expect(cgroupPath(`${v1Proc}\n0::/system.slice/containerd.service`, 1)).toBe(path);
    expect(cgroupPath('', 1)).toBeUndefined();
  });
});

describe('pod UIDs in cgroup paths', () => {
  it('dashes for cgroupfs, underscores in systemd slices', () => {
    expect(uidForms(podUid)).toEqual([podUid, podUid.replace(/-/g, '_')]);
  });
});
