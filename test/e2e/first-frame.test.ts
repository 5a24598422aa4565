// In a real terminal: the menu and a lesson show their first frame before ink loads, ink then
// draws over exactly those lines, and a stop (SIGTERM, a closed terminal) ends the menu too.
import { afterEach, describe, expect, it } from 'vitest';
import { sandbox } from '../helpers/cli.js';
import { hasScript, inTerminal } from '../helpers/pty.js';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

const MENU_FIRST = '\u001b[1mkubelab · pick a lab\u001b[22m\r\n\u001b[2mArrows to move, Enter to choose.';

describe.skipIf(!hasScript)('first frames in a terminal', () => {
  it('the menu: painted at once, taken over by ink in place (no second copy), and SIGTERM ends it with 143', async () => {
    const term = inTerminal(sandbox(), []);
    stop = term.kill;
    await term.waitFor('Pending: a pod that asks');
    expect(term.output().startsWith(MENU_FIRST), JSON.stringify(term.output().slice(0, 200))).toBe(true);
    // ink's first frame begins by erasing the seven painted lines, then draws the same menu.
    const handed = await term.waitFor('\r\u001b[7A\u001b[J');
    expect(handed.split('\r\u001b[7A\u001b[J')[1]).toContain('kubelab · pick a lab');
    expect(handed.split('kubelab · pick a lab')).toHaveLength(3);
    process.kill(term.cliPid(), 'SIGTERM');
    expect(await term.exited).toBe(143);
  });

  it('a lesson: the header first, then ink redraws it in place and the lesson goes on', async () => {
    const term = inTerminal(sandbox(), ['start', 'oom-killed']);
    stop = term.kill;
    await term.waitFor('Checking this machine');
    const out = term.output();
    expect(out.startsWith('\u001b[1mkubelab · OOMKilled: the kernel kills a container over its memory limit\u001b[22m\r\n\u001b[2mscenario oom-killed · learn · cluster kubelab\u001b[22m\r\n')).toBe(true);
    expect(out.split('\r\u001b[2A\u001b[J')).toHaveLength(2);
    process.kill(term.cliPid(), 'SIGTERM');
    expect(await term.exited).toBe(143);
  });
});
