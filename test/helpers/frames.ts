// Waits for a rendered frame to satisfy a condition: polls on the event loop, never a fixed sleep.
export async function waitForFrame(lastFrame: () => string | undefined, ok: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (ok(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`no frame matched within ${timeoutMs} ms; last frame:\n${frame}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Gives an ink-testing-library render a terminal of this size (it starts at 100 columns); call before anything is drawn. */
export function resizeTo(app: { stdout: NodeJS.EventEmitter }, columns: number, rows: number): void {
  Object.defineProperty(app.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(app.stdout, 'rows', { value: rows, configurable: true });
  app.stdout.emit('resize');
}
