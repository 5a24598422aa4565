// The programs kubelab started through the exec door and that have not ended yet. A stopped run
// (Ctrl+C, SIGTERM, a closed terminal) signals them all at once, but a run's steps await only some
// of them (a preflight asks docker and kubectl side by side): kubelab waits here for the rest, so it
// never exits while a child it started is still ending. Kept apart from exec.ts so the entry can
// wait without loading execa.
/** How long a child may take to end after SIGTERM before the door kills it (SIGKILL). */
export const KILL_GRACE_MS = 2000;

const live = new Set<Promise<unknown>>();

/** Counts a started program until it ends (the promise settles either way). */
export function track(ended: Promise<unknown>): void {
  const settled = ended.then(() => undefined, () => undefined);
  live.add(settled);
  void settled.then(() => live.delete(settled));
}

/** Resolves once every tracked program has ended, or after `limitMs`, whichever is first. */
export async function childrenEnded(limitMs: number): Promise<void> {
  if (live.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, limitMs);
  });
  await Promise.race([Promise.all([...live]), limit]);
  clearTimeout(timer);
}
