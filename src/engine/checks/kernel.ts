// Checks on the pod's memory cgroup as the node's kernel holds it: the limit Kubernetes wrote there,
// and the kills the OOM killer counted.
import { killCount, quantityBytes } from '../kernel.js';
import type { CheckContext, CheckDefs, CheckResult } from './result.js';

const POD = ['pod'] as const;
const FILES = { 1: { limit: 'memory.limit_in_bytes', kills: 'oom_kill in memory.oom_control' }, 2: { limit: 'memory.max', kills: 'oom_kill in memory.events' } } as const;

function unread(ctx: CheckContext): CheckResult | undefined {
  if (ctx.kernel?.podCgroup !== undefined) return undefined;
  return { ok: false, message: 'kubelab could not find the pod\'s memory cgroup on the node', lookAt: 'docker exec <node> find /sys/fs/cgroup -name "*pod<uid>*"' };
}

export const kernelChecks: CheckDefs<'kernelLimit' | 'oomKills'> = {
  kernelLimit: {
    kinds: POD,
    describe: (c) => `the kernel holds the pod to ${c.equals} (${quantityBytes(c.equals) ?? '?'} bytes)`,
    evaluate: (c, ctx) => {
      const missing = unread(ctx);
      if (missing) return missing;
      const k = ctx.kernel!;
      const want = quantityBytes(c.equals);
      const file = FILES[k.cgroupVersion].limit;
      const got = k.limitBytes !== undefined ? `${k.limitBytes}` : k.unlimited ? 'no limit' : 'nothing readable';
      const ok = want !== undefined && k.limitBytes === want;
      return ok ? { ok, message: `${file} is ${want} (${c.equals}): yes` } : { ok, message: `expected ${file} ${want ?? c.equals} (${c.equals}), got ${got}`, lookAt: `${file} in ${k.podCgroup}` };
    },
  },
  oomKills: {
    kinds: POD,
    describe: (c) => `the kernel counted at least ${c.atLeast} OOM kill${c.atLeast === 1 ? '' : 's'}`,
    evaluate: (c, ctx) => {
      const missing = unread(ctx);
      if (missing) return missing;
      const k = ctx.kernel!;
      const file = FILES[k.cgroupVersion].kills;
      const count = killCount(k) ?? 0;
      const ok = count >= c.atLeast;
      const plural = (n: number) => `${n} OOM kill${n === 1 ? '' : 's'}`;
      const from = k.oomKills === undefined || (k.cgroupVersion === 1 && k.kills.length > (k.oomKills ?? 0)) ? 'the kernel log' : file;
      if (ok) return { ok, message: `${plural(count)} counted (${from}): yes` };
      // cgroup v1 counts a kill only in the cgroup it happened in, gone with the container: without the log there is nothing to count
      const blind = k.cgroupVersion === 1 && !k.dmesg.readable ? `: cgroup v1 keeps no count in the pod's cgroup and the kernel log can't be read here (${k.dmesg.error ?? 'dmesg refused'})` : ` (${file})`;
      return { ok, message: `expected at least ${plural(c.atLeast)}, got ${count}${blind}`, lookAt: `${file} in ${k.podCgroup}` };
    },
  },
};
