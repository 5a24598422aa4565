// The learner's progress file under the XDG state directory: read tolerantly, written atomically
// (a temporary file renamed over the old one), versioned so a newer kubelab's file is never clobbered.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { emptyLearnerProgress, PROGRESS_SCHEMA_VERSION, type LearnerProgress } from '../engine/learner-progress.js';
import { LabError } from '../errors.js';

/** Somewhere else the progress is kept too (a class's namespace); writes there may lag and are flushed at the end. */
export interface ProgressMirror {
  write(progress: LearnerProgress): void;
  flush(): Promise<void>;
}

export class ProgressStore {
  readonly file: string;
  constructor(stateDir: string, private readonly mirror?: ProgressMirror) {
    this.file = join(stateDir, 'progress.json');
  }

  /** Waits until the mirror (if any) holds the last write. */
  flush(): Promise<void> {
    return this.mirror?.flush() ?? Promise.resolve();
  }

  read(): LearnerProgress {
    if (!existsSync(this.file)) return emptyLearnerProgress();
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      // A damaged file (another program wrote into it): keep a copy, start again.
      const kept = `${this.file}.damaged-${Date.now()}`;
      renameSync(this.file, kept);
      return emptyLearnerProgress();
    }
    const version = (parsed as { schemaVersion?: unknown }).schemaVersion;
    if (typeof version !== 'number' || typeof (parsed as { scenarios?: unknown }).scenarios !== 'object') return emptyLearnerProgress();
    if (version > PROGRESS_SCHEMA_VERSION) {
      throw new LabError(`Your progress file ${this.file} was written by a newer kubelab (format ${version}).`, 'Update kubelab, or move that file away to start a fresh record.');
    }
    return parsed as LearnerProgress;
  }

  write(progress: LearnerProgress): void {
    mkdirSync(join(this.file, '..'), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, `${JSON.stringify(progress, null, 2)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.file);
    } finally {
      rmSync(tmp, { force: true });
    }
    this.mirror?.write(progress);
  }

  update(change: (progress: LearnerProgress) => LearnerProgress): LearnerProgress {
    const next = change(this.read());
    this.write(next);
    return next;
  }
}
