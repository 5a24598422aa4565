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

export class ScenarioError extends LabError {
  readonly problems: ScenarioProblem[];
  constructor(problems: ScenarioProblem[]) {
    const lines = problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
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
