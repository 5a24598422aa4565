// A learner at a plain prompt: lines from stdin (a terminal or a pipe), Tab fills in the suggestion.
import { createInterface } from 'node:readline';
import { LabError } from '../errors.js';
import type { CommandStep, Learner, QuestionStep } from '../runtime/context.js';

export interface PlainLearner extends Learner {
  confirm(question: string, defaultYes: boolean): Promise<boolean>;
  close(): void;
}

export function plainLearner(input: NodeJS.ReadableStream & { isTTY?: boolean }, output: NodeJS.WritableStream, options: { keepDefault: boolean; demo: boolean }): PlainLearner {
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
  rl.on('close', () => {
    closed = true;
    while (waiting.length > 0) waiting.shift()!(undefined);
  });

  async function ask(prompt: string, fill = ''): Promise<string> {
    rl.setPrompt(prompt);
    rl.prompt();
    if (fill !== '' && input.isTTY) rl.write(fill);
    const line = queued.length > 0 ? queued.shift() : closed ? undefined : await new Promise<string | undefined>((r) => waiting.push(r));
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
    close: () => rl.close(),
  };
}
