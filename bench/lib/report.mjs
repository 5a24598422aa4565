// BENCHMARKS.md and the table printed after a run.
import { cpus } from 'node:os';

const ms = (v) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const times = (v) => (v === undefined || !Number.isFinite(v) ? '–' : `${v.toFixed(2)}×`);
const holds = (c) => (c.target === undefined ? '' : c.cpuRatio <= c.target && c.wallRatio <= c.target ? 'yes' : 'NO');

export function summaryTable(startup) {
  const rows = [
    '| case | runs | median CPU ms | median wall ms | CPU ratio | wall ratio | target | holds |',
    '|---|---|---|---|---|---|---|---|',
    ...startup.cases.map((c) => `| ${c.label} | ${c.runs} | ${ms(c.medianCpuMs)} | ${ms(c.medianWallMs)} | ${times(c.cpuRatio)} | ${times(c.wallRatio)} | ${c.target ? `≤ ${c.target}×` : c.baseline ? 'none' : 'baseline'} | ${holds(c)} |`),
  ];
  return rows.join('\n');
}

export function benchmarksMarkdown(result, argv) {
  const { startup } = result;
  return `# kubelab benchmarks

Written by \`node bench/run.mjs${argv.length ? ` ${argv.join(' ')}` : ''}\` (after \`npm run build\`); run it again to
reproduce. ${result.date.slice(0, 10)}, Node ${result.node}, ${cpus().length} CPUs, ${startup.rounds} paired rounds.

Only the ratios are the result: each round runs every case once, in a rotated order, and each
ratio is the median over the rounds of *case / that round's bare Node start*, so a busy machine
slows both sides of a pair alike. The absolute medians are there to read the ratios by; they
depend on the machine.

## Start-up

CPU is user + system time over all of the process's threads (getrusage, reported from inside it by
\`bench/lib/probe.cjs\`, preloaded into bare Node and kubelab alike). Wall is measured from outside,
from the spawn to the exit, or for a first frame to the moment the frame's text reaches the
terminal. The frame cases run in a 100x30 pseudo-terminal (util-linux \`script\`), against the
stand-in kind, kubectl and docker of \`test/fixtures/bin\` in a fresh temporary home each run, and
are compared with a bare Node printing one line in the same terminal; their CPU is counted up to
the write that holds the frame.

${summaryTable(startup)}
${startup.tty ? '' : '\n`script` was not found, so the first frames were not measured.\n'}
The first frames of the menu and of a lesson are painted from plain strings before ink and react
are loaded; ink then draws the same frame over them (the "drawn by ink" rows, which have no target:
that is when keys start to be read).
${result.ui ? uiSection(result.ui) : ''}${result.latency ? latencySection(result.latency) : ''}`;
}

const mb = (v) => `${v.toFixed(1)} MB`;

function uiSection(ui) {
  return `
## A lesson's UI over a long run

\`bench/lib/ui-load.mjs\`: ${ui.steps} steps and ${ui.lines} lines of kubectl output fed to the lesson's ink UI
(a stand-in 100x30 terminal), in a process of its own; memory after a full GC.

| | after step 10 | after step ${ui.steps} |
|---|---|---|
| JS heap used | ${mb(ui.at10.heapUsedMb)} | ${mb(ui.atEnd.heapUsedMb)} |
| RSS | ${mb(ui.at10.rssMb)} | ${mb(ui.atEnd.rssMb)} |

| | steps 1-10 | steps ${ui.steps - 9}-${ui.steps} | late / early |
|---|---|---|---|
| one event, emitted to drawn (median ms) | ${ui.earlyEventMs.toFixed(2)} | ${ui.lateEventMs.toFixed(2)} | ${(ui.lateEventMs / ui.earlyEventMs).toFixed(2)}× |
| CPU per step (median ms) | ${ui.earlyStepCpuMs.toFixed(1)} | ${ui.lateStepCpuMs.toFixed(1)} | ${(ui.lateStepCpuMs / ui.earlyStepCpuMs).toFixed(2)}× |

Peak RSS ${mb(ui.peakRssMb)}, ${ui.peakRssMb < 150 ? 'under' : 'over'} the issue's 150 MB, and ${mb(Math.abs(ui.atEnd.rssMb - ui.at10.rssMb))} ${ui.atEnd.rssMb >= ui.at10.rssMb ? 'more' : 'less'} after step ${ui.steps} than
after step 10. With ink, react and yoga loaded and nothing drawn yet the process holds ${mb(ui.loadedRssMb)};
the JS heap in use at the end is ${mb(ui.atEnd.heapUsedMb)}. The UI runs with V8's --optimize-for-size
(src/ui/load.ts): with V8's defaults the same run ended near 190 MB RSS, still growing.
`;
}

function latencySection(l) {
  return `
## Status-change latency on the stand-ins

From the stand-in store writing a pod (its object file's time) to kubelab's watch handing the change
on, ${l.samples} changes: median ${l.medianMs.toFixed(0)} ms, max ${l.maxMs.toFixed(0)} ms (the stand-ins' watch polls
every 20 ms). The real-cluster figure comes from \`test/real-cluster/05-speed.cluster.test.ts\`.
`;
}
