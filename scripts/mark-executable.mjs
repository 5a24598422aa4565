// The bin entry must be executable after tsc writes it (tsc drops the mode bits).
import { chmodSync } from 'node:fs';
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
