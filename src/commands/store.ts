// The learner's progress store for a command: always the file under the XDG state directory, and
// in a class also the ConfigMap in their namespace.
import { findTools } from '../cluster/tools.js';
import { configMapMirror } from '../progress/configmap-mirror.js';
import { ProgressStore } from '../progress/store.js';
import type { CommandContext } from './context.js';

export function progressStore(ctx: CommandContext): ProgressStore {
  const { settings } = ctx;
  const kubectl = settings.mode === 'existing' ? findTools(settings.binDir).kubectl : undefined;
  const mirror = kubectl ? configMapMirror(settings, kubectl, (message) => process.stderr.write(`! ${message}\n`)) : undefined;
  return new ProgressStore(settings.stateDir, mirror);
}
