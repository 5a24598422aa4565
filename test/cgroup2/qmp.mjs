// Saves a running cgroup v2 guest to a file through QEMU's machine protocol (QMP), and resumes it
// from there, so that a test boot starts where the guest stood (its kind cluster up) instead of
// booting and creating the cluster again. The guest's disks are left as they were at that moment;
// the caller keeps them unchanged.
//
//   node test/cgroup2/qmp.mjs save <qmp socket> <state file>   pause, write the state (zstd), quit
//   node test/cgroup2/qmp.mjs resume <qmp socket>              once the state is read back, run on
//
// Exits non-zero with QEMU's own message when any step fails. The state file appears under its name
// only once it is whole (the caller waits for it).
import { createConnection } from 'node:net';

const [verb, socket, stateFile] = process.argv.slice(2);
if (!((verb === 'save' && socket && stateFile) || (verb === 'resume' && socket))) {
  console.error('usage: node qmp.mjs save <qmp socket> <state file> | resume <qmp socket>');
  process.exit(2);
}

const conn = createConnection(socket);
let buffer = '';
const waiting = [];
conn.on('data', (chunk) => {
  buffer += chunk.toString();
  let nl;
  while ((nl = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, nl).trim();
    buffer = buffer.slice(nl + 1);
    if (!line) continue;
    const message = JSON.parse(line);
    // Asynchronous events (STOP, MIGRATION, ...) are not answers.
    if (message.event) continue;
    waiting.shift()?.(message);
  }
});
let quitting = false;
conn.on('error', (error) => {
  // QEMU closes the socket as it quits: that is the end asked for, not a failure.
  if (quitting) return;
  console.error(`QMP: ${error.message}`);
  process.exit(1);
});

/** Sends one command and resolves with its answer; the greeting counts as the first answer. */
const next = () => new Promise((resolve) => waiting.push(resolve));
async function execute(command, args) {
  const answer = next();
  conn.write(`${JSON.stringify(args ? { execute: command, arguments: args } : { execute: command })}\n`);
  const message = await answer;
  if (message.error) throw new Error(`${command}: ${message.error.desc}`);
  return message.return;
}

/** A paused guest comes back paused: it runs on once the whole state has been read in. */
async function resume() {
  for (;;) {
    const { status } = await execute('query-status');
    if (status === 'running') return;
    if (status === 'paused' || status === 'postmigrate' || status === 'prelaunch') break;
    if (status !== 'inmigrate') throw new Error(`the guest is ${status}, not resuming`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await execute('cont');
  console.log('resumed the saved guest');
}

async function save() {
  await execute('stop');
  // Compressed as it is written (RAM compresses about five to one); whole or not at all.
  await execute('migrate', { uri: `exec:zstd -q -3 -T0 > '${stateFile}.tmp' && mv '${stateFile}.tmp' '${stateFile}'` });
  for (;;) {
    const status = await execute('query-migrate');
    if (status.status === 'completed') break;
    if (status.status === 'failed' || status.status === 'cancelled') throw new Error(`migration ${status.status}: ${status['error-desc'] ?? ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  quitting = true;
  await Promise.race([execute('quit').catch(() => undefined), new Promise((r) => conn.once('close', r))]);
  console.log(`saved the guest to ${stateFile}`);
}

try {
  await next();
  await execute('qmp_capabilities');
  await (verb === 'save' ? save() : resume());
  conn.end();
} catch (error) {
  console.error(`QMP: ${error.message}`);
  process.exit(1);
}
