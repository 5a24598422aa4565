// A learner at a plain prompt: lines from stdin (a terminal or a pipe), Tab fills in the suggestion.
import { createInterface } from 'node:readline';
import { Interrupted, LabError } from '../errors.js';
import type { CommandStep, Learner, QuestionStep } from '../runtime/context.js';

export interface PlainLearner extends Learner {
  confirm(question: string, defaultYes: boolean): Promise<boolean>;
  close(): void;
}

/** `options.signal`: the run's stop (Ctrl+C, SIGTERM, SIGHUP), which ends a wait at any prompt. */
export function plainLearner(input: NodeJS.ReadableStream & { isTTY?: boolean }, output: NodeJS.WritableStream, options: { keepDefault: boolean; demo: boolean; signal?: AbortSignal }): PlainLearner {
  let suggestion = '';
  const rl = createInterface({
    input,
    output,
    terminal: input.isTTY === true,
    completer: (line: string) => [suggestion.startsWith(line) ? [suggestion] : [], line],
  });
  const queued: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let closed = false;
  rl.on('line', (line) => (waiting.length > 0 ? waiting.shift()!(line) : queued.push(line)));
  const ended = () => {
    closed = true;
    while (waiting.length > 0) waiting.shift()!(undefined);
  };
  rl.on('close', ended);
  // A terminal that was closed fails readline's last settings (EIO): that is a hang-up, whichever
  // of the two the process hears of first, and the run stops as it does for SIGHUP.
  rl.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EIO') process.emit('SIGHUP', 'SIGHUP');
    ended();
  });

  /** The next line, or undefined when the input ended or the signal fired first. */
  function nextLine(signal?: AbortSignal): Promise<string | undefined> {
    if (queued.length > 0) return Promise.resolve(queued.shift());
    if (closed || signal?.aborted) return Promise.resolve(undefined);
    return new Promise<string | undefined>((resolve) => {
      const waiter = (line: string | undefined) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(line);
      };
      const onAbort = () => {
        const i = waiting.indexOf(waiter);
        if (i >= 0) waiting.splice(i, 1);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(waiter);
    });
  }

  async function ask(prompt: string, fill = ''): Promise<string> {
    rl.setPrompt(prompt);
    rl.prompt();
    if (fill !== '' && input.isTTY) rl.write(fill);
    const line = await nextLine(options.signal);
    if (options.signal?.aborted) throw new Interrupted();
    if (line === undefined) {
      throw new LabError('The input ended before the lesson did.', 'Run the lesson in a terminal, or unattended: kubelab run <scenario> --auto');
    }
    if (!input.isTTY) output.write(`${line}\n`);
    return line;
  }

  return {
    by: 'learner',
    async proceed() {
      await ask('Press Enter to go on ');
    },
    async command(step: CommandStep) {
      suggestion = step.suggest;
      output.write(`Type ${step.suggest} (Tab fills it in)\n`);
      return ask('$ ', options.demo ? step.suggest : '');
    },
    async answer(step: QuestionStep, attempt: number) {
      return ask(attempt === 1 ? 'answer> ' : 'try again> ');
    },
    async confirm(question: string, defaultYes: boolean) {
      const reply = (await ask(`${question} ${defaultYes ? '[Y/n]' : '[y/N]'} `)).trim().toLowerCase();
      return reply === '' ? defaultYes : reply.startsWith('y');
    },
    keepCluster() {
      return this.confirm('Keep the cluster for later?', options.keepDefault);
    },
    async exerciseLine(signal: AbortSignal) {
      suggestion = '';
      rl.setPrompt('exercise$ ');
      rl.prompt();
      const line = await nextLine(signal);
      if (line !== undefined && !input.isTTY) output.write(`${line}\n`);
      return line;
    },
    close: () => rl.close(),
  };
}
