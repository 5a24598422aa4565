// A kind/kubectl/docker call that failed. Inside a lab it becomes a failed step with its reason;
// if it reaches the top, the person reads what failed and where to look.
import { LabError } from '../errors.js';
import type { ExecResult } from './exec.js';

export class CommandFailed extends LabError {
  readonly result: ExecResult;
  constructor(what: string, result: ExecResult, remedy = 'Check Docker and the lab cluster: kubelab doctor, and docker ps for the node container.') {
    const detail = (result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`).split('\n').slice(-3).join(' ');
    super(`${what} failed${result.timedOut ? ' (timed out)' : ''}: ${detail}`, remedy);
    this.name = 'CommandFailed';
    this.result = result;
  }
}

export function ensureOk(what: string, result: ExecResult): ExecResult {
  if (result.exitCode !== 0 || result.timedOut) throw new CommandFailed(what, result);
  return result;
}
