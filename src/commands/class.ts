// kubelab class create|delete|status|report <class>: a class on one shared cluster, from the
// instructor's seat (their admin kubeconfig).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Admin } from '../class/admin.js';
import { boardSummary, passed } from '../class/board.js';
import { createClass, deleteClass } from '../class/create.js';
import { followClass } from '../class/follow.js';
import { classReport, renderClassReport } from '../class/report.js';
import { UsageError } from '../errors.js';
import { allScenarios, resolveScenario } from '../scenario/catalog.js';
import type { CommandContext } from './context.js';
import { confirmed } from './ask.js';
import { loadUi } from '../ui/load.js';
import { interactive } from './output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const [action, klass] = ctx.cli.rest as [string, string];
  const admin = new Admin(ctx.settings, ctx.signal);
  const say = (line: string) => ctx.write(`${line}\n`);
  switch (action) {
    case 'create': {
      const out = ctx.cli.out ?? `${klass}-kubeconfigs`;
      const created = await createClass(admin, klass, ctx.cli.learners!, out, ctx.cli.duration ?? '8h', say);
      if (ctx.cli.json) created.forEach((c) => ctx.write(`${JSON.stringify(c)}\n`));
      else {
        say(`Class ${klass}: ${created.length} learners, each in their own namespace. Hand out one kubeconfig each (tokens expire ${created[0]?.expires}):`);
        for (const c of created) say(`  ${c.learner}  ${c.namespace}  ${c.kubeconfig}`);
        say(`Learners run: kubelab start oom-killed --kubeconfig ${created[0]?.kubeconfig ?? '<their file>'}\nThe board: kubelab class status ${klass} --kubeconfig ${ctx.cli.kubeconfig}`);
      }
      return 0;
    }
    case 'delete': {
      if (!(await confirmed(ctx, `Delete the class ${klass}: every learner namespace and what is in it?`))) return 1;
      const n = await deleteClass(admin, klass, say);
      if (n > 0) say(`Deleted the class ${klass} (${n} namespaces).`);
      return 0;
    }
    case 'status':
    case 'report':
      return board(ctx, admin, action, klass);
    default:
      throw new UsageError(`Unknown class action ${action}.`);
  }
}

async function board(ctx: CommandContext, admin: Admin, action: 'status' | 'report', klass: string): Promise<number> {
  const scenarios = new Map(allScenarios().map((s) => [s.id, s]));
  const focus = ctx.cli.scenario ? resolveScenario(ctx.cli.scenario).id : undefined;
  const stuck = ctx.cli.stuck ?? 5;
  let changed: () => void = () => undefined;
  const watch = await followClass(admin, klass, scenarios, stuck, focus, () => changed());
  try {
    if (action === 'report') {
      const report = classReport(klass, watch.rows());
      const path = resolve(ctx.cli.report!);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.tmp`, renderClassReport(path, report));
      renameSync(`${path}.tmp`, path);
      ctx.write(`${report.passed} of ${report.learners} learners passed. Report written to ${path}\n`);
      return 0;
    }
    if (ctx.cli.json) {
      // One line per change of the board, until stopped: for scripts and for measuring it.
      let last = '';
      const print = () => {
        const rows = watch.rows();
        const line = JSON.stringify({ class: klass, at: Date.now(), counts: boardSummary(rows), passed: rows.filter(passed).length, rows: rows.map((r) => ({ ...r, idleMinutes: undefined })) });
        if (line.replace(/"at":\d+,/, '') !== last.replace(/"at":\d+,/, '')) ctx.write(`${(last = line)}\n`);
      };
      changed = print;
      print();
      // A stable window that elapses changes the board with no word from the API.
      const tick = setInterval(print, 1000);
      await new Promise<void>((r) => ctx.signal.addEventListener('abort', () => r(), { once: true }));
      clearInterval(tick);
      return 0;
    }
    if (!interactive(ctx.cli)) {
      const [{ renderToString }, { createElement }, { Board }] = await loadUi(() => Promise.all([import('ink'), import('react'), import('../ui/class/board.js')]));
      ctx.write(`${renderToString(createElement(Board, { klass, rows: watch.rows(), updated: Date.now(), columns: process.stdout.columns ?? 120 }), { columns: process.stdout.columns ?? 120 })}\n`);
      return 0;
    }
    const [{ render }, { createElement }, { Board }] = await loadUi(() => Promise.all([import('ink'), import('react'), import('../ui/class/board.js')]));
    const draw = () => createElement(Board, { klass, rows: watch.rows(), updated: Date.now(), columns: process.stdout.columns ?? 120 });
    const instance = render(draw());
    let timer: NodeJS.Timeout | undefined;
    changed = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        instance.rerender(draw());
      }, 150);
    };
    // the idle minutes, and stable windows that elapse with no word from the API
    const tick = setInterval(() => instance.rerender(draw()), 2000);
    await new Promise<void>((r) => ctx.signal.addEventListener('abort', () => r(), { once: true }));
    clearInterval(tick);
    clearTimeout(timer);
    instance.unmount();
    return 0;
  } finally {
    watch.stop();
  }
}
