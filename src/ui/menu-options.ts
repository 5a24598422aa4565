// What the menu lists, in words: shared by the ink menu and the frame painted before ink loads.
import { progressLine, type LearnerProgress } from '../engine/learner-progress.js';
import type { ScenarioSummary } from '../scenario/summary.js';

export const MENU_TITLE = 'kubelab · pick a lab';
export const MENU_HELP = 'Arrows to move, Enter to choose. Each lab runs on a local kind cluster.';
/** As many labs as the menu shows at once (the rest scroll). */
export const MENU_VISIBLE = 5;

export function menuOptions(scenarios: ScenarioSummary[], progress: LearnerProgress): { label: string; value: string }[] {
  return [
    ...scenarios.map((s) => ({ label: `${s.title}${s.minutes ? `  (${s.minutes} min)` : ''}${s.preview ? '  preview' : ''}  · ${progressLine(progress.scenarios[s.id], s.stepCount)}`, value: s.id })),
    { label: 'Quit', value: '' },
  ];
}
