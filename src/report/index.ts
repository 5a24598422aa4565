// Writes a run's report to the file the person named; the format follows its extension.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Emit, LabEvent } from '../engine/events.js';
import { buildReport } from './build.js';
import { reportJunit } from './junit.js';
import { reportMarkdown } from './markdown.js';

export function renderReport(file: string, events: LabEvent[], version: string): string {
  const report = buildReport(events, version);
  if (/\.xml$/i.test(file)) return reportJunit(report);
  if (/\.(md|markdown)$/i.test(file)) return reportMarkdown(report);
  return `${JSON.stringify(report, null, 2)}\n`;
}

export interface ReportSink {
  emit: Emit;
  /** Writes the report (atomically); returns its path. */
  write(): string;
}

/** Collects events as they pass, to write the report at the end (also after Ctrl+C or a failure). */
export function reportSink(file: string, version: string): ReportSink {
  const events: LabEvent[] = [];
  const path = resolve(file);
  return {
    emit: (event) => void events.push(event),
    write() {
      mkdirSync(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, renderReport(path, events, version));
      renameSync(tmp, path);
      return path;
    },
  };
}
