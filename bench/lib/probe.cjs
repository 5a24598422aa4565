// Preloaded (node -r) into each process the bench measures. It reports the process's own CPU time
// (user + system over all its threads, from getrusage) once: at the write to stdout that holds
// KUBELAB_BENCH_MARK for the KUBELAB_BENCH_NTH time (default the first) when that is set (a frame),
// else when the process exits. CommonJS and
// Node built-ins only, so it costs the bare start and kubelab the same.
'use strict';
const { appendFileSync } = require('node:fs');

const out = process.env.KUBELAB_BENCH_OUT;
const mark = process.env.KUBELAB_BENCH_MARK;
const nth = Number(process.env.KUBELAB_BENCH_NTH ?? '1');
// kubelab's own children (the stand-ins) are not measured and must not report.
delete process.env.KUBELAB_BENCH_OUT;
delete process.env.KUBELAB_BENCH_MARK;
delete process.env.KUBELAB_BENCH_NTH;

let reported = false;
function report(at) {
  if (reported || !out) return;
  reported = true;
  const usage = process.resourceUsage();
  const line = { pid: process.pid, at, cpuUs: usage.userCPUTime + usage.systemCPUTime, maxRssKb: usage.maxRSS, wallEpochMs: Date.now() };
  appendFileSync(out, `${JSON.stringify(line)}\n`);
}

if (mark) {
  const stream = process.stdout;
  const write = stream.write;
  let seen = 0;
  stream.write = function markedWrite(chunk, ...rest) {
    if (!reported && String(chunk).includes(mark) && ++seen === nth) report('mark');
    return write.call(this, chunk, ...rest);
  };
}
process.on('exit', () => report('exit'));
