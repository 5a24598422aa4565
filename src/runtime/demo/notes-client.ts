// kubelab notes: follows a running demo over its local socket, reconnecting while none runs.
import { createConnection } from 'node:net';
import type { NotesMessage } from './notes-server.js';

export type NotesUpdate = { kind: 'waiting' } | { kind: 'message'; message: NotesMessage } | { kind: 'ended' };

/** Calls back with each update until the demo ends (resolves) or the signal fires. */
export function followDemo(path: string, onUpdate: (u: NotesUpdate) => void, signal: AbortSignal, retryMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    let connectedOnce = false;
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', stop, { once: true });
    const attempt = () => {
      if (signal.aborted) return;
      const socket = createConnection(path);
      let buffer = '';
      socket.setEncoding('utf8');
      socket.on('connect', () => (connectedOnce = true));
      socket.on('data', (chunk: string) => {
        buffer += chunk;
        let nl = buffer.indexOf('\n');
        while (nl >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          try {
            onUpdate({ kind: 'message', message: JSON.parse(line) as NotesMessage });
          } catch {
            // a torn line from a demo that died mid-write: the next one will do
          }
          nl = buffer.indexOf('\n');
        }
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (signal.aborted) return;
        if (connectedOnce) {
          onUpdate({ kind: 'ended' });
          signal.removeEventListener('abort', stop);
          resolve();
          return;
        }
        onUpdate({ kind: 'waiting' });
        timer = setTimeout(attempt, retryMs);
      });
      signal.addEventListener('abort', () => socket.destroy(), { once: true });
    };
    attempt();
  });
}
