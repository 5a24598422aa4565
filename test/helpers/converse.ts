// A person at kubelab's plain prompt: each time kubelab waits for a line, the next reply is typed,
// and a reply can read the screen first (an answer kubelab showed a moment ago).
import { execa } from 'execa';
import { cliPath, jsonEvents, type Sandbox } from './cli.js';

/** A line to type, or one worked out from what is on the screen so far. */
export type Reply = string | ((screen: string) => string);

const PROMPT = /(?:answer> |try again> |\$ |Press Enter to go on |\[Y\/n\] |\[y\/N\] )$/;

/** Runs kubelab and types `replies` at its prompts, in order; once they run out, stdin closes. `before` runs first at the prompt it names (by index). */
export async function converse(box: Sandbox, args: string[], replies: Reply[], before: Record<number, (screen: string) => Promise<void>> = {}) {
  const child = execa(process.execPath, [cliPath, ...args], { env: box.env, extendEnv: false, reject: false, stdin: 'pipe', timeout: 90_000, cwd: box.dir });
  let screen = '';
  let answered = 0;
  let prompts = 0;
  let busy = Promise.resolve();
  child.stdout!.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    if (!PROMPT.test(screen) || screen.length === answered) return;
    answered = screen.length;
    const index = prompts++;
    const seen = screen;
    busy = busy.then(async () => {
      await before[index]?.(seen);
      const reply = replies[index];
      if (reply === undefined) child.stdin!.end();
      else child.stdin!.write(`${typeof reply === 'function' ? reply(seen) : reply}\n`);
    });
  });
  const result = await child;
  await busy;
  return { code: result.exitCode, stdout: screen, stderr: String(result.stderr), events: jsonEvents(screen), prompts };
}

/** The last value a kernel reading showed for one of `files` (memory.max, memory.limit_in_bytes, …), as the plain screen prints it. */
export function readingOnScreen(screen: string, ...files: string[]): string {
  const values = [...screen.matchAll(/^ {2}▶ (\S+(?: \S+)?) +(\S+)\n {6}\S/gm)].filter((m) => files.includes(m[1]!)).map((m) => m[2]!);
  if (values.length === 0) throw new Error(`no reading of ${files.join(' or ')} on the screen`);
  return values.at(-1)!;
}
