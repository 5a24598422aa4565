// The first frames kubelab paints before ink loads: the menu, and a lesson's header. Each is the
// same text ink draws first (test/ui/first-frame.test.tsx holds them to that).
import type { RunMode } from '../engine/events.js';
import type { LearnerProgress } from '../engine/learner-progress.js';
import { formatEvent } from '../plain/format.js';
import type { Paint } from '../plain/paint.js';
import type { ScenarioSummary } from '../scenario/summary.js';
import { MENU_HELP, MENU_TITLE, MENU_VISIBLE, menuOptions } from './menu-options.js';

const sgr = (on: boolean, open: number, close: number) => (text: string) => (on ? `\u001b[${open}m${text}\u001b[${close}m` : text);

/** The menu as ink first draws it: title, help, and the first labs with the pointer on the first. */
export function menuFrame(scenarios: ScenarioSummary[], progress: LearnerProgress, color: boolean, pointer: string): string[] {
  const bold = sgr(color, 1, 22);
  const dim = sgr(color, 2, 22);
  const blue = sgr(color, 34, 39);
  const options = menuOptions(scenarios, progress).slice(0, MENU_VISIBLE);
  return [bold(MENU_TITLE), dim(MENU_HELP), ...options.map((o, i) => (i === 0 ? `${blue(pointer)} ${blue(o.label)}` : `  ${o.label}`))];
}

/** A lesson's first lines: the run's header, as the lesson's first event shows it. */
export function lessonFrame(s: ScenarioSummary, mode: RunMode, cluster: string, paint: Paint): string[] {
  return formatEvent({ type: 'run.start', scenario: s.id, title: s.title, mode, cluster }, paint);
}
