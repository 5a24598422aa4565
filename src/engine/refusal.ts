// Decides whether an apply that should be refused was refused, and for the expected reason.
export interface Refusal {
  ok: boolean;
  message: string;
}

/** The API's refusal is the lesson: exit code non-zero, and its message naming the expected reason. */
export function refusalVerdict(result: { exitCode: number; stderr: string; stdout: string }, expected?: string): Refusal {
  const said = (result.stderr.trim() || result.stdout.trim()).split('\n').find((l) => l.trim() !== '') ?? '';
  if (result.exitCode === 0) return { ok: false, message: `expected the API to refuse it, but it was accepted: ${result.stdout.trim() || 'no output'}` };
  if (/connection to the server|was refused - did you specify|Unable to connect to the server/i.test(said)) {
    return { ok: false, message: `kubectl could not reach the cluster, so nothing was refused by the API: ${said}` };
  }
  if (expected !== undefined && !said.includes(expected) && !result.stderr.includes(expected)) {
    return { ok: false, message: `the API refused it, but not for the expected reason (${expected}): ${said}` };
  }
  return { ok: true, message: `refused by the API: ${said}` };
}
