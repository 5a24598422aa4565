// kubelab the way a user meets it from npm: pack the repository, install the tarball into an empty
// prefix, and run the installed command. The package carries what it needs and nothing of the tests.
import { execa } from 'execa';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';

describe('the npm package', () => {
  it('packs with dist/ built, installs into an empty prefix, and runs --version, list and doctor', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-pack-'));
    // A clean checkout: no dist/ (pack must build it), and the other tests' dist/ left alone.
    const clone = join(dir, 'clone');
    const skip = new Set(['node_modules', 'dist', '.git']);
    cpSync(root, clone, { recursive: true, filter: (src) => !skip.has(basename(src)) || dirname(src) !== root.replace(/\/$/, '') });
    symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
    expect(existsSync(join(clone, 'dist'))).toBe(false);
    const pack = await execa('npm', ['pack', '--json', '--pack-destination', dir], { cwd: clone, env: { ...process.env, CI: 'true' } });
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('dist/scenario-index.json');
    expect(files).toContain('scenarios/oom-killed/scenario.yaml');
    expect(files).toContain('lessons/oom-killed.md');
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/'))).toEqual([]);
    const prefix = join(dir, 'prefix');
    await execa('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(dir, info!.filename)], { env: { ...process.env, CI: 'true' } });
    const bin = join(prefix, 'bin', 'kubelab');
    expect(existsSync(bin)).toBe(true);
    // A new user's shell: the installed bin and node on PATH, nothing of this repository, no Docker yet.
    const nodeOnly = join(dir, 'node-bin');
    mkdirSync(nodeOnly);
    symlinkSync(process.execPath, join(nodeOnly, 'node'));
    const env = { PATH: `${join(prefix, 'bin')}:${nodeOnly}`, HOME: join(dir, 'home'), NO_COLOR: '1', CI: 'true' };
    const run = (...args: string[]) => execa(bin, args, { env, extendEnv: false, reject: false, cwd: dir });
    const version = await run('--version');
    expect(version.exitCode).toBe(0);
    expect(version.stdout).toMatch(/^kubelab \d+\.\d+\.\d+\ndownloads, when missing: kind v\d+\.\d+\.\d+, kubectl v\d+\.\d+\.\d+$/);
    const list = await run('list');
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/^oom-killed\s+OOMKilled/m);
    const doctor = await run('doctor');
    expect(doctor.stdout).toContain('Checking this machine');
    expect(doctor.stdout).toMatch(/docker\s+docker is not installed/);
    expect(doctor.stdout).toMatch(/kind\s+kind is not installed\n\s+fix: kubelab can install kind v\d+\.\d+\.\d+ into .*: kubelab doctor --install kind/);
    expect(doctor.exitCode).toBe(3);
    expect(readdirSync(join(prefix, 'lib', 'node_modules', 'kubelab'))).not.toContain('test');
  });
});
