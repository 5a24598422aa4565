// kubelab hint <scenario>: the next hint of the exercise, one tier further each time.
import { nextHint } from '../runtime/exercise/help.js';
import { readExercise, updateExercise } from '../runtime/exercise/record.js';
import type { CommandContext } from './context.js';
import { progressStore } from './store.js';
import { exerciseScenario } from './exercise.js';
import { output } from './output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const scenario = exerciseScenario(ctx.cli.scenario!);
  const store = progressStore(ctx);
  const { event, record } = nextHint(scenario, readExercise(store, scenario.id));
  updateExercise(store, scenario.id, () => record);
  output(ctx).emit(event);
  await store.flush();
  if (event.tier === event.of) ctx.write(`That was the last hint. The fix itself: kubelab solution ${scenario.id}\n`);
  else ctx.write(`Another one: kubelab hint ${scenario.id}\n`);
  return 0;
}
