// The one decision between the terminal UI and plain lines, kept apart so a command can make it
// before it loads either.
import type { Cli } from '../args.js';

/** CI the way ink itself decides it (a set CI or CONTINUOUS_INTEGRATION, unless 0 or false). */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  return ['CI', 'CONTINUOUS_INTEGRATION'].some((key) => key in env && env[key] !== '0' && env[key] !== 'false');
}

export function interactive(cli: Cli): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true && !inCi(process.env) && !cli.plain && !cli.json && !cli.auto;
}
