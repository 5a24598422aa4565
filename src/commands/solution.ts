// kubelab solution <scenario>: the reference fix and its diff, once the hints are read (or with --yes).
import { hintsLeft, solutionEvent } from '../runtime/exercise/help.js';
import { readExercise, updateExercise } from '../runtime/exercise/record.js';
import type { CommandContext } from './context.js';
import { progressStore } from './store.js';
import { exerciseScenario } from './exercise.js';
import { output } from './output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const scenario = exerciseScenario(ctx.cli.scenario!);
  const store = progressStore(ctx);
  const left = hintsLeft(scenario, readExercise(store, scenario.id));
  if (left > 0 && !ctx.cli.yes) {
    ctx.write(`The solution comes after the hints: ${left} of ${scenario.exercise!.hints.length} are still unread. Next hint: kubelab hint ${scenario.id}\nTo see the solution now anyway (the exercise then scores at most 50): kubelab solution ${scenario.id} --yes\n`);
    return 1;
  }
  updateExercise(store, scenario.id, (r) => ({ ...r, solutionSeen: true }));
  output(ctx).emit(solutionEvent(scenario));
  await store.flush();
  return 0;
}
