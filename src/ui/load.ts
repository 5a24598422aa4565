// Every terminal UI is loaded through here, so it runs on React's production build. Without a
// NODE_ENV, React and its reconciler pick their development builds, which keep debug data for every
// element ever rendered: a lesson's heap grew from 22 to 99 MB over 100 steps, and each event took
// longer to draw. NODE_ENV is set only while the modules load (they read it once, then), so what
// kubelab starts afterwards (kubectl, the learner's shell) gets the environment it was given.
//
// A terminal UI also asks V8 to favour memory over speed (--optimize-for-size): a long lesson is a
// stream of small redraws, and with V8's defaults the process grew from 149 to 193 MB RSS between
// step 10 and step 100 of bench/lib/ui-load.mjs while the JS heap stayed near 24 MB (the growth was
// heap room V8 kept). With the flag RSS stays flat, its peak 115-126 MB in the bench runs so far
// (BENCHMARKS.md has the latest), but a step's CPU is higher: 166-214 ms for 100 lines of output in
// those runs, against 40-75 ms in the last table taken with V8's defaults (a different run). Set at
// run time, before ink and react load; kubelab's other commands never load a UI and keep V8's defaults.
import { setFlagsFromString } from 'node:v8';

let sized = false;

/** Imports UI modules; a NODE_ENV the person set is left as it is. */
export async function loadUi<T>(load: () => Promise<T>): Promise<T> {
  if (!sized) {
    setFlagsFromString('--optimize-for-size');
    sized = true;
  }
  if (process.env.NODE_ENV !== undefined) return load();
  process.env.NODE_ENV = 'production';
  try {
    return await load();
  } finally {
    delete process.env.NODE_ENV;
  }
}
