// Generated scenario folders for the loader's property tests: oom-killed's files with one to three
// mutations each (unknown keys, wrong types, missing fields, paths that leave the folder, huge,
// binary and non-UTF-8 files, alias bombs, duplicate keys, deep nesting, random noise). Each
// mutation says what the loader must answer, when that is certain.
import fc from 'fast-check';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { lessonsDir, scenariosDir } from '../../src/scenario/paths.js';

type Path = (string | number)[];
type Data = Record<string, unknown>;
type File = 'scenario.yaml' | 'issue.yaml' | 'fix.yaml';

const source = join(scenariosDir(), 'oom-killed');
export const base: Data = parse(readFileSync(join(source, 'scenario.yaml'), 'utf8')) as Data;
const manifests: Record<string, string> = { 'issue.yaml': readFileSync(join(source, 'issue.yaml'), 'utf8'), 'fix.yaml': readFileSync(join(source, 'fix.yaml'), 'utf8') };

export type Mutation =
  | { kind: 'unknown-key'; at: Path; key: string }
  | { kind: 'wrong-type'; at: Path; value: unknown }
  | { kind: 'delete-key'; at: Path }
  | { kind: 'escape'; field: 'issue' | 'fix' | 'lesson'; how: Escape }
  | { kind: 'huge'; file: File | 'lesson'; bytes: number; sparse: boolean }
  | { kind: 'nul'; file: File; at: number }
  | { kind: 'bad-utf8'; file: File; at: number; bytes: readonly number[] }
  | { kind: 'alias-bomb'; file: 'scenario.yaml' | 'issue.yaml' }
  | { kind: 'unresolved-alias' }
  | { kind: 'duplicate-key'; key: 'id' | 'title' | 'lesson' | 'minutes' }
  | { kind: 'deep'; depth: number }
  | { kind: 'noise'; file: File; at: number; text: string; cut: number };

type Escape = 'dotdot' | 'nested-dotdot' | 'absolute' | 'link-outside' | 'replaced-by-link' | 'link-chain' | 'link-to-dir' | 'link-loop';

/** Every path in a value: to maps, lists and scalars. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  const here = at.length > 0 ? [at] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...at, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))];
  return here;
}
const allPaths = pathsOf(base);
const keyPaths = allPaths.filter((p) => typeof p.at(-1) === 'string');
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const get = (data: unknown, path: Path): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), data);
/** Strict objects an unknown key is reported in, as `unknown field "x"` at the key. */
const strictMaps: Path[] = [[], ['exercise'], ['exercise', 'brief'], ...(base.steps as unknown[]).map((_, i) => ['steps', i])];

const anyValue = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 6 }), fc.array(fc.integer(), { maxLength: 2 }), fc.dictionary(fc.constantFrom('a', 'b'), fc.integer(), { maxKeys: 2 }));
const file = fc.constantFrom<File>('scenario.yaml', 'issue.yaml', 'fix.yaml');
const offset = fc.nat({ max: 5000 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('unknown-key' as const), at: fc.constantFrom(...strictMaps), key: fc.tuple(fc.constantFrom('zz-colour', '__proto__', 'constructor', 'toString', 'Kind', 'steps '), fc.nat()).map(([k, n]) => (k === '__proto__' ? k : `${k.trim()}-${n}`)) }),
  fc.constantFrom(...allPaths).chain((at) => anyValue.filter((v) => typeOf(v) !== typeOf(get(base, at))).map((value) => ({ kind: 'wrong-type' as const, at, value }))),
  fc.record({ kind: fc.constant('delete-key' as const), at: fc.constantFrom(...keyPaths) }),
  fc.record({ kind: fc.constant('escape' as const), field: fc.constantFrom('issue' as const, 'fix' as const, 'lesson' as const), how: fc.constantFrom<Escape>('dotdot', 'nested-dotdot', 'absolute', 'link-outside', 'replaced-by-link', 'link-chain', 'link-to-dir', 'link-loop') }),
  fc.record({ kind: fc.constant('huge' as const), file: fc.constantFrom<File | 'lesson'>('scenario.yaml', 'issue.yaml', 'fix.yaml', 'lesson'), bytes: fc.integer({ min: 513 * 1024, max: 8 * 1024 * 1024 }), sparse: fc.boolean() })
    .map((m) => (m.sparse ? m : { ...m, bytes: Math.min(m.bytes, 2 * 1024 * 1024) })),
  fc.record({ kind: fc.constant('nul' as const), file, at: offset }),
  fc.record({ kind: fc.constant('bad-utf8' as const), file, at: offset, bytes: fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]) }),
  fc.record({ kind: fc.constant('alias-bomb' as const), file: fc.constantFrom('scenario.yaml' as const, 'issue.yaml' as const) }),
  fc.constant({ kind: 'unresolved-alias' as const }),
  fc.record({ kind: fc.constant('duplicate-key' as const), key: fc.constantFrom('id' as const, 'title' as const, 'lesson' as const, 'minutes' as const) }),
  fc.record({ kind: fc.constant('deep' as const), depth: fc.integer({ min: 500, max: 60_000 }) }),
  fc.record({ kind: fc.constant('noise' as const), file, at: offset, text: fc.string({ unit: 'binary', maxLength: 12 }), cut: fc.nat({ max: 40 }) }),
);

/** What the loader must answer for a folder: refuse it (and with what), or anything but a crash. */
export interface Expected {
  refused: boolean;
  /** Each must match one problem: its message, and its line when that is known. */
  problems: { message: RegExp; line?: number }[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const lineOf = (text: string, re: RegExp) => text.split('\n').findIndex((l) => re.test(l)) + 1;

/** Writes the folder for these mutations under `dir` (with `outside` a sibling holding files it must not reach). */
export function writeCase(dir: string, outside: string, list: Mutation[]): Expected {
  mkdirSync(dir, { recursive: true });
  const data = structuredClone(base);
  const files: Record<string, Buffer> = Object.fromEntries(Object.entries(manifests).map(([k, v]) => [k, Buffer.from(v)]));
  const after: (() => void)[] = [];
  const expected: Expected = { refused: false, problems: [] };
  const refuse = (message: RegExp, line?: number) => {
    expected.refused = true;
    expected.problems.push({ message, line });
  };
  const lines: { re: RegExp; message: RegExp }[] = [];

  for (const m of list) {
    switch (m.kind) {
      case 'unknown-key': {
        const target = get(data, m.at);
        if (!target || typeof target !== 'object' || Array.isArray(target)) break;
        Object.defineProperty(target, m.key, { value: 'x', enumerable: true, configurable: true, writable: true });
        lines.push({ re: new RegExp(`^\\s*(- )?${escapeRe(m.key)}: x$`), message: new RegExp(`^unknown field "${escapeRe(m.key)}"$`) });
        break;
      }
      case 'wrong-type': {
        const parent = get(data, m.at.slice(0, -1)) as Record<string | number, unknown> | undefined;
        if (parent && typeof parent === 'object' && m.at.at(-1)! in parent) {
          parent[m.at.at(-1)!] = m.value;
          refuse(/./);
        }
        break;
      }
      case 'delete-key': {
        const parent = get(data, m.at.slice(0, -1)) as Record<string, unknown> | undefined;
        if (parent && typeof parent === 'object') delete parent[m.at.at(-1) as string];
        break;
      }
      case 'escape': {
        const name = escapeInto(m, dir, outside, files, after);
        if (m.field === 'lesson') data.lesson = name;
        else if (data.manifests && typeof data.manifests === 'object') (data.manifests as Record<string, unknown>)[m.field] = name;
        else break;
        const why = m.how === 'link-loop' ? 'leads round in a circle' : m.how === 'link-to-dir' ? 'is not a file' : m.how.includes('dotdot') || m.how === 'absolute' ? 'no absolute paths, no \\.\\.' : 'leads outside its folder';
        refuse(new RegExp(`${escapeRe(name)}.*${why}`));
        break;
      }
      default:
        after.push(() => undefined);
    }
  }
  const text = Buffer.from(stringify(data, { aliasDuplicateObjects: false, lineWidth: 0 }));
  files['scenario.yaml'] = text;
  for (const { re, message } of lines) {
    const line = lineOf(text.toString(), re);
    refuse(message, line > 0 ? line : undefined);
  }
  for (const m of list) textMutation(m, files, refuse);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  for (const m of list) {
    if (m.kind !== 'huge') continue;
    const path = join(dir, m.file === 'lesson' ? 'oom-killed.md' : m.file);
    if (m.file === 'lesson') copyFileSync(join(lessonsDir(), 'oom-killed.md'), path);
    if (m.sparse) truncateSync(path, m.bytes);
    else writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from(`# ${'x'.repeat(78)}\n`.repeat(Math.ceil(m.bytes / 81)))]));
    refuse(new RegExp(`${m.file === 'lesson' ? 'oom-killed.md' : escapeRe(m.file)} is \\d+ KiB; kubelab reads files up to 512 KiB`));
  }
  for (const link of after) link();
  return expected;
}

/** Edits made to the bytes of a file: what a broken editor, a bad copy or an attacker leaves. */
function textMutation(m: Mutation, files: Record<string, Buffer>, refuse: (message: RegExp, line?: number) => void): void {
  const insert = (name: string, at: number, bytes: Buffer) => {
    const old = files[name]!;
    const i = Math.min(at, old.length);
    files[name] = Buffer.concat([old.subarray(0, i), bytes, old.subarray(i)]);
  };
  switch (m.kind) {
    case 'nul':
      insert(m.file, m.at, Buffer.from([0]));
      refuse(new RegExp(`${escapeRe(m.file)} is not a text file`));
      break;
    case 'bad-utf8':
      insert(m.file, m.at, Buffer.from(m.bytes));
      refuse(new RegExp(`${escapeRe(m.file)} is not UTF-8 text`));
      break;
    case 'alias-bomb': {
      const levels = Array.from({ length: 8 }, (_, i) => `  l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`);
      const bomb = `${m.file === 'scenario.yaml' ? 'zz-bomb' : '---\nbomb'}:\n  l0: &l0 [lol, lol, lol]\n${levels.join('\n')}\n`;
      files[m.file] = Buffer.concat([files[m.file]!, Buffer.from(bomb)]);
      refuse(/alias/);
      break;
    }
    case 'unresolved-alias':
      files['scenario.yaml'] = Buffer.concat([files['scenario.yaml']!, Buffer.from('zz-alias: *nowhere\n')]);
      refuse(/alias \*nowhere has no anchor/, files['scenario.yaml']!.toString().split('\n').length - 1);
      break;
    case 'duplicate-key': {
      const value = { id: 'oom-killed', title: 'again', lesson: 'oom-killed.md', minutes: '3' }[m.key];
      files['scenario.yaml'] = Buffer.concat([files['scenario.yaml']!, Buffer.from(`${m.key}: ${value}\n`)]);
      refuse(/Map keys must be unique/, files['scenario.yaml']!.toString().split('\n').length - 1);
      break;
    }
    case 'deep':
      files['scenario.yaml'] = Buffer.concat([files['scenario.yaml']!, Buffer.from(`zz-deep: ${'['.repeat(m.depth)}${']'.repeat(m.depth)}\n`)]);
      refuse(/./);
      break;
    case 'noise': {
      const old = files[m.file]!;
      const i = Math.min(m.at, old.length);
      files[m.file] = Buffer.concat([old.subarray(0, i), Buffer.from(m.text), old.subarray(Math.min(old.length, i + m.cut))]);
      break;
    }
    default:
  }
}

/** The name a scenario gives to reach outside its folder, and the links that make it lead there. */
function escapeInto(m: Extract<Mutation, { kind: 'escape' }>, dir: string, outside: string, files: Record<string, Buffer>, after: (() => void)[]): string {
  const lesson = m.field === 'lesson';
  const target = join(outside, lesson ? 'oom-killed.md' : 'issue.yaml');
  const own = lesson ? 'oom-killed.md' : `${m.field}.yaml`;
  const ext = lesson ? 'md' : 'yaml';
  switch (m.how) {
    case 'dotdot': return `../outside/${lesson ? 'oom-killed.md' : 'issue.yaml'}`;
    case 'nested-dotdot': return `sub/../../outside/${lesson ? 'oom-killed.md' : 'issue.yaml'}`;
    case 'absolute': return target;
    case 'link-outside':
      after.push(() => symlinkSync(target, join(dir, `elsewhere.${ext}`)));
      return `elsewhere.${ext}`;
    case 'replaced-by-link':
      delete files[own];
      after.push(() => symlinkSync(target, join(dir, own)));
      return own;
    case 'link-chain':
      after.push(() => {
        symlinkSync(target, join(dir, `hop.${ext}`));
        symlinkSync(`hop.${ext}`, join(dir, `first.${ext}`));
      });
      return `first.${ext}`;
    case 'link-to-dir':
      after.push(() => {
        mkdirSync(join(dir, 'sub'), { recursive: true });
        symlinkSync('sub', join(dir, `folder.${ext}`));
      });
      return `folder.${ext}`;
    case 'link-loop':
      after.push(() => symlinkSync(`loop.${ext}`, join(dir, `loop.${ext}`)));
      return `loop.${ext}`;
  }
}

/** The folder beside the generated ones that they must never reach: a valid manifest and lesson. */
export function writeOutside(outside: string): void {
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'issue.yaml'), manifests['issue.yaml']!);
  copyFileSync(join(lessonsDir(), 'oom-killed.md'), join(outside, 'oom-killed.md'));
}
