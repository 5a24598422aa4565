// Errors the person has to act on. Each carries a remedy: the command or change that fixes it.
export class LabError extends Error {
  readonly remedy: string;
  readonly exitCode: number;
  constructor(message: string, remedy: string, exitCode = 3) {
    super(message);
    this.name = 'LabError';
    this.remedy = remedy;
    this.exitCode = exitCode;
  }
}

export class UsageError extends LabError {
  constructor(message: string, remedy = 'Run kubelab --help to see the commands.') {
    super(message, remedy, 2);
    this.name = 'UsageError';
  }
}

export interface ScenarioProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

const MAX_SHOWN = 20;
const visible = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export class ScenarioError extends LabError {
  readonly problems: ScenarioProblem[];
  constructor(found: ScenarioProblem[]) {
    // A name from the file can hold escape sequences ("\e[2J" in a quoted key): shown, never obeyed.
    const problems = found.map((p) => ({ ...p, file: visible(p.file), message: visible(p.message) }));
    // A file can hold thousands of problems (one per nested bracket); the first ones are what to fix first.
    const lines = problems.slice(0, MAX_SHOWN).map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
    if (problems.length > MAX_SHOWN) lines.push(`… and ${problems.length - MAX_SHOWN} more`);
    super(`The scenario is not valid:\n${lines.join('\n')}`, 'Fix the lines above, then run the command again.', 2);
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

/** Thrown when the person pressed Ctrl+C: not a failure, the run just stops. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}
