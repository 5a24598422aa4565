// The terminal itself closed under a lesson (not a SIGHUP sent by hand): kubelab runs in a pseudo
// terminal whose other end is closed at the learner's prompt. Node would abort on the way out when
// it can't restore a terminal that is gone; kubelab ends by SIGHUP instead, with its files whole.
// The pseudo terminal comes from Python's pty module; without python3 the test is skipped.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cliPath, liveStandIns, runCli, sandbox } from '../helpers/cli.js';
import { leftFiles } from '../helpers/run-until.js';

const python = await execa('python3', ['--version'], { reject: false }).then((r) => r.exitCode === 0, () => false);

// Starts argv in a pty, answers the first prompt, closes the terminal at the second, and prints how
// the process ended and everything it showed.
const PTY = `
import fcntl, json, os, pty, select, struct, sys, termios, time
argv, env, first, second = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3].encode(), sys.argv[4].encode()
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    os.execve(argv[0], argv, env)
out = b""
def until(text, seconds):
    global out
    end = time.time() + seconds
    while text not in out and time.time() < end:
        if select.select([fd], [], [], 0.1)[0]:
            out += os.read(fd, 65536)
until(first, 25)
os.write(fd, b"\\r")
until(second, 15)
os.close(fd)
_, status = os.waitpid(pid, 0)
print(json.dumps({"signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None, "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None, "reached": second in out}))
`;

describe.skipIf(!python)('the terminal closes at the prompt', () => {
  it.each([
    ['plain lines', ['--plain'], 'Press Enter to go on', 'Type kubectl get pod'],
    ['the terminal UI', [], 'Enter: next', 'Tab: fill in'],
  ])('%s: ended by SIGHUP, no abort, nothing left running or half-written, and a rerun picks up', async (_name, flags, first, second) => {
    const box = sandbox({ CI: 'false', TERM: 'xterm-256color' });
    const argv = [process.execPath, cliPath, 'start', 'oom-killed', ...flags];
    const run = await execa('python3', ['-c', PTY, JSON.stringify(argv), JSON.stringify(box.env), first, second], { reject: false, timeout: 55_000, cwd: box.dir });
    const ended = JSON.parse(String(run.stdout)) as { signal: number | null; code: number | null; reached: boolean };
    expect(ended.reached, `kubelab never showed "${second}"`).toBe(true);
    // SIGHUP is 1; an abort (6) is what Node does when it can't put a closed terminal back.
    expect(ended).toMatchObject({ signal: 1, code: null });
    expect(liveStandIns(box)).toEqual([]);
    const left = leftFiles(box);
    expect(left).toMatchObject({ locks: [], partial: [] });
    expect(left.progress).toMatchObject({ scenarios: { 'oom-killed': { lesson: { status: 'in-progress', stepIndex: 3 } } } });
    const again = await runCli(box, ['start', 'oom-killed', '--json'], `kubectl get pod oom-killed-pod\nkubectl describe pod oom-killed-pod\nOOMKilled\n137\nSIGKILL\n${50 * 1024 * 1024}\n\ny\n`);
    expect(again.code, again.stderr).toBe(0);
    expect(again.events.find((e) => e.type === 'resume')).toMatchObject({ step: 'get-pod' });
  });
});
