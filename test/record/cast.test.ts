// The asciicast v2 writer: the header, one valid event per line, markers, monotonic times, escapes;
// the stdout tee; a recording finished after Ctrl+C.
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/engine/events.js';
import { Cast, type CastEvent } from '../../src/record/cast.js';
import { startRecording } from '../../src/record/recording.js';
import { teeWrites } from '../../src/record/tee.js';

/** A clock that moves only when told to. */
function manualClock(start = 1000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms), set: (ms: number) => void (now = ms) };
}

function parse(text: string): { header: Record<string, unknown>; events: CastEvent[] } {
  expect(text.endsWith('\n')).toBe(true);
  const [first, ...rest] = text.slice(0, -1).split('\n');
  return { header: JSON.parse(first!), events: rest.map((l) => JSON.parse(l) as CastEvent) };
}

/** A stand-in terminal (or pipe) to record, with the WriteStream fields the recorder reads. */
function fakeStdout(tty?: { columns: number; rows: number }) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number; rows?: number };
  if (tty) Object.assign(stream, { isTTY: true, ...tty });
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream: stream as unknown as NodeJS.WriteStream, seen: () => Buffer.concat(chunks).toString('utf8') };
}

const step = (index: number, title: string): LabEvent => ({ type: 'step.start', step: `s${index}`, kind: 'read', index, total: 13, title, at: 1 });

describe('Cast (asciicast v2)', () => {
  it('writes the header on the first line, then one [seconds, type, data] event per line', () => {
    const clock = manualClock();
    const cast = new Cast(clock.now);
    clock.advance(250);
    cast.output('hello\n');
    clock.advance(1250);
    cast.marker('4/13 Look at the pod');
    cast.resize(80, 24);
    const { header, events } = parse(cast.render({ version: 2, width: 100, height: 30, timestamp: 1_700_000_000, title: 'kubelab', env: { TERM: 'xterm-256color' } }));
    expect(header).toEqual({ version: 2, width: 100, height: 30, timestamp: 1_700_000_000, title: 'kubelab', env: { TERM: 'xterm-256color' }, duration: 1.5 });
    expect(events).toEqual([[0.25, 'o', 'hello\r\n'], [1.5, 'm', '4/13 Look at the pod'], [1.5, 'r', '80x24']]);
  });

  it('turns each bare \\n into \\r\\n, as a terminal would, and leaves \\r\\n alone', () => {
    const cast = new Cast(manualClock().now);
    cast.output('a\nb\r\nc\rd\n\n');
    expect(cast.events[0]![2]).toBe('a\r\nb\r\nc\rd\r\n\r\n');
  });

  it('keeps times monotonic and relative to the start, to the microsecond, even when the clock steps back', () => {
    const clock = manualClock(5000);
    const cast = new Cast(clock.now);
    clock.set(5000.0004);
    cast.output('a');
    clock.set(5002.5);
    cast.output('b');
    clock.set(5001);
    cast.output('c');
    clock.set(5003.0000004);
    cast.marker('m');
    expect(cast.events.map((e) => e[0])).toEqual([0, 0.0025, 0.0025, 0.003]);
  });

  it('any text survives the trip through the file: escapes, quotes, backslashes, line separators, emoji', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 8 }), (chunks) => {
      const cast = new Cast(manualClock().now);
      for (const c of chunks) cast.output(c);
      cast.marker('1/2 "quoted" \\ \u2028');
      const text = cast.render({ version: 2, width: 100, height: 30, timestamp: 0 });
      const lines = text.slice(0, -1).split('\n');
      expect(lines).toHaveLength(1 + chunks.filter((c) => c !== '').length + 1);
      // Nothing a line-splitting reader could take for a break, and no raw control characters.
      for (const l of lines) expect(l).not.toMatch(/[\u0000-\u001f\u2028\u2029]/);
      const { events } = parse(text);
      expect(events.filter((e) => e[1] === 'o').map((e) => e[2])).toEqual(chunks.filter((c) => c !== '').map((c) => c.replace(/(?<!\r)\n/g, '\r\n')));
      expect(events.at(-1)).toEqual([0, 'm', '1/2 "quoted" \\ \u2028']);
    }));
  });

  it('escapes ink\'s escape sequences as JSON \\u001b', () => {
    const cast = new Cast(manualClock().now);
    cast.output('\u001b[2K\u001b[1A\u001b[G✓ done');
    expect(cast.render({ version: 2, width: 100, height: 30, timestamp: 0 }).split('\n')[1]).toBe('[0,"o","\\u001b[2K\\u001b[1A\\u001b[G✓ done"]');
  });
});

describe('teeWrites', () => {
  it('sees strings and buffers (a character split across two buffers included), passes every write through, and puts write back', () => {
    const { stream, seen } = fakeStdout();
    const inherited = stream.write;
    const got: string[] = [];
    const restore = teeWrites(stream, (t) => got.push(t));
    expect(Object.prototype.hasOwnProperty.call(stream, 'write')).toBe(true);
    const euro = Buffer.from('€', 'utf8');
    stream.write('plain ');
    stream.write(euro.subarray(0, 1));
    stream.write(euro.subarray(1));
    let called = false;
    stream.write(' done', () => (called = true));
    stream.write(Buffer.from('6869', 'hex').toString('hex'), 'hex');
    restore();
    stream.write('after');
    expect(got.join('')).toBe('plain € donehi');
    expect(seen()).toBe('plain € donehiafter');
    expect(Object.prototype.hasOwnProperty.call(stream, 'write')).toBe(false);
    expect(stream.write).toBe(inherited);
    return new Promise<void>((r) => setImmediate(() => (expect(called).toBe(true), r())));
  });

  it('leaves a write it did not install alone, and a failing listener never breaks the output', () => {
    const { stream, seen } = fakeStdout();
    const restore = teeWrites(stream, () => {
      throw new Error('boom');
    });
    stream.write('still shown');
    const later = (() => true) as typeof stream.write;
    stream.write = later;
    restore();
    expect(stream.write).toBe(later);
    expect(seen()).toBe('still shown');
  });
});

describe('startRecording', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'kubelab-cast-'));

  it('after Ctrl+C: the file holds what was shown up to the stop, a marker per step and the report, written atomically', () => {
    const folder = dir();
    const file = join(folder, 'sub', 'lab.cast');
    const clock = manualClock();
    const { stream } = fakeStdout();
    const said: string[] = [];
    const recording = startRecording({ file, version: '9.9.9', stream, env: { SHELL: '/bin/zsh', TERM: 'xterm-256color' }, clock: clock.now, said: (p) => said.push(p) });
    const emit = (e: LabEvent) => {
      recording.emit(e);
      stream.write(`${e.type}\n`);
    };
    emit({ type: 'run.start', scenario: 'oom-killed', title: 'OOMKilled', mode: 'auto', cluster: 'kubelab', at: 1000 });
    clock.advance(500);
    emit(step(0, 'Read the broken manifest'));
    clock.advance(500);
    emit(step(3, 'Look at the pod'));
    clock.advance(500);
    emit({ type: 'interrupted', clusterState: 'The cluster is still running.', at: 2500 });
    expect(existsSync(file)).toBe(false);
    expect(recording.finish()).toBe(file);
    expect(recording.finish()).toBe(file);
    expect(said).toEqual([file]);
    expect(readdirSync(join(folder, 'sub'))).toEqual(['lab.cast']);

    const { header, events } = parse(readFileSync(file, 'utf8'));
    expect(header).toMatchObject({ version: 2, width: 100, height: 30, title: 'kubelab · OOMKilled', env: { SHELL: '/bin/zsh', TERM: 'xterm-256color' }, duration: 1.5 });
    expect(typeof header.timestamp).toBe('number');
    expect((header.kubelab as { report: Record<string, unknown> }).report).toMatchObject({ scenario: 'oom-killed', kubelab: '9.9.9', outcome: 'interrupted', ok: false });
    expect(events.filter((e) => e[1] === 'm')).toEqual([[0.5, 'm', '1/13 Read the broken manifest'], [1, 'm', '4/13 Look at the pod']]);
    expect(events.filter((e) => e[1] === 'o').map((e) => e[2]).join('')).toBe('run.start\r\nstep.start\r\nstep.start\r\ninterrupted\r\n');
    // The marker comes before what the step shows.
    expect(events.findIndex((e) => e[1] === 'm')).toBeLessThan(events.findIndex((e) => e[2] === 'step.start\r\n'));
    // Capture stopped with the recording.
    stream.write('after\n');
    expect(parse(readFileSync(file, 'utf8')).events.some((e) => e[2].includes('after'))).toBe(false);
  });

  it('takes the size from a terminal and follows it when it is resized', () => {
    const file = join(dir(), 'tty.cast');
    const { stream } = fakeStdout({ columns: 120, rows: 40 });
    const recording = startRecording({ file, version: '0', stream, env: {}, clock: manualClock().now });
    Object.assign(stream, { columns: 90, rows: 20 });
    stream.emit('resize');
    recording.finish();
    const { header, events } = parse(readFileSync(file, 'utf8'));
    expect(header).toMatchObject({ width: 120, height: 40, env: {} });
    expect(events).toContainEqual([0, 'r', '90x20']);
  });

  it('refuses at the start a file it could never write', () => {
    const folder = dir();
    const { stream } = fakeStdout();
    expect(() => startRecording({ file: join(folder, 'missing', '\u0000bad.cast'), version: '0', stream })).toThrow(/can't write the recording/);
    expect(Object.prototype.hasOwnProperty.call(stream, 'write')).toBe(false);
  });
});
