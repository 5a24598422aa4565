// What every command gets from the entry point: the parsed flags, settings, the cancel signal and
// stdout. Commands load what they need themselves, so a quick command stays quick.
import type { Cli } from '../args.js';
import type { Paint } from '../plain/paint.js';
import type { Settings } from '../settings.js';

export interface CommandContext {
  cli: Cli;
  settings: Settings;
  signal: AbortSignal;
  write(text: string): void;
  paint: Paint;
  version: string;
}

export type CommandRun = (ctx: CommandContext) => Promise<number>;
