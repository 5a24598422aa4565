// kubelab notes: the presenter's view of the running demo, for a second terminal.
import { notesSocket } from '../runtime/demo/notes-server.js';
import { followDemo, type NotesUpdate } from '../runtime/demo/notes-client.js';
import type { CommandContext } from './context.js';
import { loadUi } from '../ui/load.js';
import { interactive } from './output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const path = notesSocket(ctx.settings);
  if (!interactive(ctx.cli)) {
    const { notesLine } = await loadUi(() => import('../ui/demo/notes-app.js'));
    let last = '';
    await followDemo(path, (u) => {
      const line = notesLine(u);
      if (line !== last) ctx.write(`${(last = line)}\n`);
    }, ctx.signal);
    return 0;
  }
  const [{ render }, { createElement }, { NotesApp }] = await loadUi(() => Promise.all([import('ink'), import('react'), import('../ui/demo/notes-app.js')]));
  const instance = render(createElement(NotesApp, { update: undefined }));
  await followDemo(path, (update: NotesUpdate) => instance.rerender(createElement(NotesApp, { update })), ctx.signal);
  instance.unmount();
  return 0;
}
