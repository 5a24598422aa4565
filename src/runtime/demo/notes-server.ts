// The running demo tells the presenter's second screen where it is: a Unix socket under the
// runtime directory (only this user can reach it; no network port), one JSON line per change.
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { DemoPosition } from '../../engine/events.js';
import type { Scenario } from '../../scenario/load.js';
import type { Settings } from '../../settings.js';

/** What the presenter's view shows: the whole plan once, then where the demo is. */
export interface NotesMessage {
  scenario: string;
  title: string;
  steps: { id: string; title: string; kind: string; notes?: string; text?: string; ask?: string }[];
  position: DemoPosition;
}

export const notesSocket = (settings: Settings): string => join(settings.runtimeDir, `demo-${settings.clusterName}.sock`);

export class NotesServer {
  private server: Server | undefined;
  private readonly clients = new Set<Socket>();
  private last: NotesMessage | undefined;
  private readonly path: string;

  constructor(private readonly settings: Settings, private readonly scenario: Scenario) {
    this.path = notesSocket(settings);
  }

  /** Listens on the socket; a socket left by a demo that died is taken over, a live one is refused. */
  async listen(): Promise<void> {
    mkdirSync(this.settings.runtimeDir, { recursive: true, mode: 0o700 });
    if (await answering(this.path)) throw new Error(`another demo is already running for the cluster "${this.settings.clusterName}" (${this.path})`);
    rmSync(this.path, { force: true });
    const server = createServer((socket) => {
      this.clients.add(socket);
      socket.on('close', () => this.clients.delete(socket));
      socket.on('error', () => this.clients.delete(socket));
      if (this.last) socket.write(`${JSON.stringify(this.last)}\n`);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => resolve());
    });
    chmodSync(this.path, 0o600);
    this.server = server;
  }

  send(position: DemoPosition): void {
    const s = this.scenario;
    this.last = {
      scenario: s.id,
      title: s.title,
      steps: s.steps.map((step) => ({ id: step.id, title: step.title, kind: step.kind, notes: step.notes, text: step.text, ask: step.kind === 'question' ? step.ask : undefined })),
      position,
    };
    const line = `${JSON.stringify(this.last)}\n`;
    for (const client of this.clients) client.write(line);
  }

  close(): void {
    for (const client of this.clients) client.destroy();
    this.server?.close();
    rmSync(this.path, { force: true });
  }
}

/** True when something listens on the socket. */
export function answering(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
