// Every terminal UI is loaded through here, so it runs on React's production build. Without a
// NODE_ENV, React and its reconciler pick their development builds, which keep debug data for every
// element ever rendered: a lesson's heap grew from 22 to 99 MB over 100 steps, and each event took
// longer to draw. NODE_ENV is set only while the modules load (they read it once, then), so what
// kubelab starts afterwards (kubectl, the learner's shell) gets the environment it was given.

/** Imports UI modules; a NODE_ENV the person set is left as it is. */
export async function loadUi<T>(load: () => Promise<T>): Promise<T> {
  if (process.env.NODE_ENV !== undefined) return load();
  process.env.NODE_ENV = 'production';
  try {
    return await load();
  } finally {
    delete process.env.NODE_ENV;
  }
}
