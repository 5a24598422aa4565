// asciinema itself, to check recordings with: installed once from its package registry into a
// virtualenv under node_modules/.cache (so `npm ci` starts it over), shared by every test file.
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './cli.js';

const cache = join(root, 'node_modules', '.cache', 'kubelab-tests');
const venv = join(cache, 'asciinema-venv');
// Run as `python -m asciinema`: a venv's scripts name its old path, its python finds its new one.
const python = join(venv, 'bin', 'python');
const installed = join(venv, 'installed');

let installing: Promise<string> | undefined;

/** The venv's python, to run `python -m asciinema`; installed first if this machine has not got it in the cache yet. */
export function asciinema(): Promise<string> {
  installing ??= install();
  return installing;
}

async function install(): Promise<string> {
  if (existsSync(installed)) return python;
  mkdirSync(cache, { recursive: true });
  // Built aside and renamed into place, so two test files installing at once can't see half a venv.
  const aside = mkdtempSync(join(cache, 'venv-'));
  try {
    const made = await execa('python3', ['-m', 'venv', aside], { reject: false });
    if (made.exitCode !== 0) {
      throw new Error(`The recording tests check casts with asciinema, and python3 -m venv failed to make a place for it:\n${made.stderr || made.message}\nInstall python3 with its venv module (Debian: apt-get install python3-venv).`);
    }
    const pip = await execa(join(aside, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', 'asciinema'], { reject: false, timeout: 120_000 });
    if (pip.exitCode !== 0) {
      throw new Error(`The recording tests check casts with asciinema, and pip could not install it (can pip reach its package registry from here?):\n${pip.stderr || pip.message}`);
    }
    writeFileSync(join(aside, 'installed'), '');
    try {
      renameSync(aside, venv);
    } catch (error) {
      // Another test file got there first; theirs is as good.
      if (!existsSync(installed)) throw error;
    }
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
  return python;
}

/** What asciinema prints when asked to print the recording (`asciinema cat`): the output, without timing. */
export async function asciinemaCat(file: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const result = await execa(await asciinema(), ['-m', 'asciinema', 'cat', file], { reject: false, stdin: 'ignore', env: { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
