// A kind/kubectl/docker call that failed; the runtime turns it into a failed step with its reason.
import type { ExecResult } from './exec.js';

export class CommandFailed extends Error {
  readonly result: ExecResult;
  constructor(what: string, result: ExecResult) {
    const detail = (result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`).split('\n').slice(-3).join(' ');
    super(`${what} failed${result.timedOut ? ' (timed out)' : ''}: ${detail}`);
    this.name = 'CommandFailed';
    this.result = result;
  }
}

export function ensureOk(what: string, result: ExecResult): ExecResult {
  if (result.exitCode !== 0 || result.timedOut) throw new CommandFailed(what, result);
  return result;
}
