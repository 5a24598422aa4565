// What the start-up bench measures, and against which bare Node start each case is compared.
export const STARTUP_CASES = [
  { name: 'bare', label: 'node -e 0', shape: 'exit', args: () => ['-e', '0'] },
  { name: 'version', label: 'kubelab --version', shape: 'exit', args: (cli) => [cli, '--version'], baseline: 'bare', target: 2 },
  { name: 'help', label: 'kubelab --help', shape: 'exit', args: (cli) => [cli, '--help'], baseline: 'bare', target: 2 },
  { name: 'list', label: 'kubelab list', shape: 'exit', args: (cli) => [cli, 'list'], baseline: 'bare', target: 2 },
  // The frame cases run in a pseudo-terminal; their baseline is a bare Node that prints one line there.
  { name: 'bare-tty', label: 'node -e (one line) in a terminal', shape: 'frame', args: () => ['-e', "process.stdout.write('bench ' + 'ready\\n')"], mark: 'bench ready' },
  { name: 'menu', label: 'kubelab: the menu\'s first frame', shape: 'frame', args: (cli) => [cli], mark: 'pick a lab', baseline: 'bare-tty', target: 3 },
  { name: 'lesson', label: 'kubelab start oom-killed: the first frame', shape: 'frame', args: (cli) => [cli, 'start', 'oom-killed'], mark: 'scenario oom-killed', baseline: 'bare-tty', target: 3 },
  // For the record, no target: when ink has loaded and drawn the same frame over the painted one.
  { name: 'menu-ink', label: 'kubelab: the menu, drawn by ink', shape: 'frame', args: (cli) => [cli], mark: 'pick a lab', nth: 2, baseline: 'bare-tty' },
  { name: 'lesson-ink', label: 'kubelab start oom-killed: the header, drawn by ink', shape: 'frame', args: (cli) => [cli, 'start', 'oom-killed'], mark: 'scenario oom-killed', nth: 2, baseline: 'bare-tty' },
];
