// Command-line parsing: node's own parseArgs, strict, so an unknown flag is an error with a remedy.
// Each command names the flags it takes and how many positional arguments; nothing else is loaded here.
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

export type Command =
  | 'menu' | 'start' | 'exercise' | 'run' | 'check' | 'hint' | 'solution' | 'skip' | 'progress' | 'reset'
  | 'shell' | 'env' | 'kernel' | 'test' | 'validate' | 'new' | 'demo' | 'notes' | 'handout' | 'class' | 'doctor' | 'list' | 'down' | 'help' | 'version';

export interface Cli {
  command: Command;
  scenario?: string;
  /** Positional words after the command that are not the scenario (reserved for commands that take more). */
  rest: string[];
  auto: boolean;
  json: boolean;
  plain: boolean;
  demo: boolean;
  keep?: boolean;
  installMissing: boolean;
  install?: 'kind' | 'kubectl';
  image?: string;
  kindConfig?: string;
  cluster?: string;
  report?: string;
  detach: boolean;
  workdir?: string;
  all: boolean;
  yes: boolean;
  shell?: string;
  fresh: boolean;
  /** demo: get everything ready (cluster, images) and stop. */
  prepare: boolean;
  /** demo: characters per second, or 'key' (one key per character). */
  typing?: number | 'key';
  /** demo, start, run: an asciicast v2 recording. */
  record?: string;
  /** handout: where the Markdown goes (default: stdout); class create: where the kubeconfigs go. */
  out?: string;
  /** An existing cluster (a class): its kubeconfig file and context. */
  kubeconfig?: string;
  context?: string;
  /** class create: how many learners, and how long their tokens live. */
  learners?: number;
  duration?: string;
  /** class status: minutes without progress before a learner counts as stuck. */
  stuck?: number;
  /** test: scenarios played at once, each in a namespace of its own. */
  parallel?: number;
  /** kernel: set memory.oom.group=1 on the container, as kubelet does on cgroup v2. */
  oomGroup: boolean;
}

const options = {
  auto: { type: 'boolean' },
  json: { type: 'boolean' },
  plain: { type: 'boolean' },
  demo: { type: 'boolean' },
  keep: { type: 'boolean' },
  down: { type: 'boolean' },
  'install-missing': { type: 'boolean' },
  install: { type: 'string' },
  image: { type: 'string' },
  'kind-config': { type: 'string' },
  cluster: { type: 'string' },
  report: { type: 'string' },
  detach: { type: 'boolean' },
  workdir: { type: 'string' },
  all: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  shell: { type: 'string' },
  fresh: { type: 'boolean' },
  prepare: { type: 'boolean' },
  typing: { type: 'string' },
  record: { type: 'string' },
  out: { type: 'string', short: 'o' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  learners: { type: 'string' },
  duration: { type: 'string' },
  stuck: { type: 'string' },
  parallel: { type: 'string' },
  'oom-group': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const CLUSTER = ['image', 'kind-config', 'cluster', 'kubeconfig', 'context'];
const EXISTING = ['cluster', 'kubeconfig', 'context'];

interface CommandSpec {
  flags: readonly string[];
  /** 'required': one scenario; 'optional': zero or one; 'many': any number (in rest); 'none': no positional words. */
  scenario: 'required' | 'optional' | 'many' | 'none';
  example?: string;
  /** What the positional word is, when it is not a scenario. */
  needs?: string;
}

const COMMANDS: Record<Command, CommandSpec> = {
  menu: { flags: ['plain', ...CLUSTER], scenario: 'none' },
  start: { flags: ['json', 'plain', 'demo', 'report', 'record', 'install-missing', 'fresh', ...CLUSTER], scenario: 'optional' },
  exercise: { flags: ['json', 'plain', 'detach', 'workdir', 'report', 'install-missing', 'fresh', ...CLUSTER], scenario: 'required', example: 'kubelab exercise oom-killed' },
  run: { flags: ['auto', 'json', 'plain', 'keep', 'down', 'report', 'record', 'install-missing', ...CLUSTER], scenario: 'required', example: 'kubelab run oom-killed --auto' },
  check: { flags: ['json', 'plain', 'report', ...EXISTING], scenario: 'required', example: 'kubelab check oom-killed' },
  hint: { flags: ['plain'], scenario: 'required', example: 'kubelab hint oom-killed' },
  solution: { flags: ['plain', 'yes'], scenario: 'required', example: 'kubelab solution oom-killed' },
  skip: { flags: ['plain', 'yes', 'workdir', ...EXISTING], scenario: 'required', example: 'kubelab skip oom-killed' },
  progress: { flags: ['json', 'plain'], scenario: 'none' },
  reset: { flags: ['all', 'yes', 'plain', 'workdir', ...EXISTING], scenario: 'optional', example: 'kubelab reset oom-killed' },
  shell: { flags: [...EXISTING], scenario: 'none' },
  env: { flags: ['shell', ...EXISTING], scenario: 'none' },
  kernel: { flags: ['json', 'plain', 'oom-group'], scenario: 'required', example: 'kubelab kernel oom-killed' },
  test: { flags: ['all', 'json', 'plain', 'report', 'parallel', 'install-missing', ...CLUSTER], scenario: 'many', example: 'kubelab test oom-killed' },
  validate: { flags: ['json', 'plain'], scenario: 'required', example: 'kubelab validate ./my-scenario' },
  new: { flags: ['plain'], scenario: 'required', example: 'kubelab new my-scenario' },
  demo: { flags: ['prepare', 'typing', 'record', 'plain', 'report', 'install-missing', ...CLUSTER], scenario: 'required', example: 'kubelab demo oom-killed' },
  notes: { flags: ['plain', 'cluster'], scenario: 'none' },
  doctor: { flags: ['json', 'plain', 'install', 'image', 'cluster'], scenario: 'none' },
  list: { flags: ['json', 'plain'], scenario: 'none' },
  down: { flags: ['cluster', 'plain'], scenario: 'none' },
  class: { flags: ['learners', 'out', 'duration', 'stuck', 'report', 'json', 'plain', 'yes', 'kubeconfig', 'context'], scenario: 'many', example: 'kubelab class create workshop --learners 30 --kubeconfig admin.kubeconfig' },
  handout: { flags: ['out'], scenario: 'required', example: 'kubelab handout lab.cast -o handout.md', needs: 'a recording (.cast) or a JSON report' },
  help: { flags: [], scenario: 'none' },
  version: { flags: [], scenario: 'none' },
};

export function parseCli(argv: string[]): Cli {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
  const { values, positionals } = parsed;
  if (values.version) return base('version');
  if (values.help) return base('help');
  const [first, ...rest] = positionals;
  if (first !== undefined && (!(first in COMMANDS) || first === 'menu')) throw new UsageError(`Unknown command "${first}".`);
  const command = (first ?? 'menu') as Command;
  const spec = COMMANDS[command];
  for (const flag of Object.keys(values)) {
    if (!spec.flags.includes(flag)) throw new UsageError(`--${flag} does not go with ${command === 'menu' ? 'the menu' : `kubelab ${command}`}.`, `See kubelab --help for what ${command} takes.`);
  }
  const takes = spec.scenario === 'none' ? 0 : spec.scenario === 'many' ? Infinity : 1;
  if (rest.length > takes) throw new UsageError(`Too many arguments: ${rest.slice(takes).join(' ')}.`);
  // class status|report <class> [scenario]: the scenario to grade every learner on.
  const scenario = command === 'class' ? rest[2] : spec.scenario === 'many' ? undefined : rest[0] ?? (command === 'start' ? 'oom-killed' : undefined);
  if (command === 'test' && (rest.length === 0) === (values.all !== true)) {
    throw new UsageError('kubelab test takes scenarios or --all.', 'For example: kubelab test oom-killed crashloopbackoff, or kubelab test --all');
  }
  if (command === 'class') classArgs(rest, values);
  if (command === 'reset' && (scenario === undefined) === (values.all !== true)) {
    throw new UsageError('kubelab reset takes a scenario or --all.', 'For example: kubelab reset oom-killed, or kubelab reset --all');
  }
  if (spec.scenario === 'required' && scenario === undefined) {
    throw new UsageError(`kubelab ${command} needs ${spec.needs ?? 'a scenario'}, e.g. ${spec.example}.`, spec.needs ? 'See kubelab --help.' : 'kubelab list shows the scenarios.');
  }
  if (command === 'run' && !values.auto) {
    throw new UsageError('kubelab run is the unattended mode and needs --auto.', `For the lesson with you at the keyboard: kubelab start ${scenario}`);
  }
  if (values.keep && values.down) throw new UsageError('--keep and --down contradict each other; pick one.');
  if (values.install !== undefined && values.install !== 'kind' && values.install !== 'kubectl') {
    throw new UsageError(`--install takes kind or kubectl, not "${values.install}".`);
  }
  if (values.record !== undefined && !/\.cast$/i.test(values.record)) {
    throw new UsageError(`--record ${values.record}: a recording is an asciicast file.`, 'Name it with .cast, e.g. --record demo.cast (play it with asciinema play demo.cast).');
  }
  const typing = values.typing === undefined || values.typing === 'key' ? values.typing : Number(values.typing);
  if (typeof typing === 'number' && !(Number.isFinite(typing) && typing > 0 && typing <= 1000)) {
    throw new UsageError(`--typing ${values.typing}: give characters per second (e.g. 15) or key.`, 'key types one character per key you press; a number types by itself at that speed.');
  }
  if (values.parallel !== undefined && !(Number.isInteger(Number(values.parallel)) && Number(values.parallel) >= 1 && Number(values.parallel) <= 16)) {
    throw new UsageError(`--parallel ${values.parallel}: give how many scenarios play at once, 1 to 16.`);
  }
  if (values.report !== undefined && !/\.(json|md|markdown|xml)$/i.test(values.report)) {
    throw new UsageError(`--report ${values.report}: the report's format follows its extension, and this one has none kubelab writes.`, 'Use a file ending in .json, .md or .xml (JUnit).');
  }
  return {
    ...base(command),
    scenario,
    rest: spec.scenario === 'many' ? rest : [],
    auto: values.auto === true,
    json: values.json === true,
    plain: values.plain === true,
    demo: values.demo === true,
    keep: values.keep ? true : values.down ? false : undefined,
    installMissing: values['install-missing'] === true,
    install: values.install as Cli['install'],
    image: values.image,
    kindConfig: values['kind-config'],
    cluster: values.cluster,
    report: values.report,
    detach: values.detach === true,
    workdir: values.workdir,
    all: values.all === true,
    yes: values.yes === true,
    shell: values.shell,
    fresh: values.fresh === true,
    prepare: values.prepare === true,
    typing: typing as Cli['typing'],
    record: values.record,
    out: values.out,
    kubeconfig: values.kubeconfig,
    context: values.context,
    learners: values.learners === undefined ? undefined : Number(values.learners),
    duration: values.duration,
    stuck: values.stuck === undefined ? undefined : Number(values.stuck),
    parallel: values.parallel === undefined ? undefined : Number(values.parallel),
    oomGroup: values['oom-group'] === true,
  };
}

const CLASS_ACTIONS = ['create', 'delete', 'status', 'report'];

/** kubelab class <create|delete|status|report> <class>, with the flags each needs. */
function classArgs(rest: string[], values: { learners?: string; kubeconfig?: string; report?: string; stuck?: string; duration?: string }): void {
  const [action, name, ...more] = rest;
  const usage = 'kubelab class create <class> --learners N --kubeconfig <admin kubeconfig> [--out <dir>] [--duration 8h] · delete <class> · status <class> [scenario] · report <class> [scenario] --report <file>';
  if (action === undefined || !CLASS_ACTIONS.includes(action)) throw new UsageError(`kubelab class takes ${CLASS_ACTIONS.join(', ')}${action ? `, not "${action}"` : ''}.`, usage);
  if (name === undefined || !/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/.test(name)) {
    throw new UsageError(`kubelab class ${action} needs a class name of lowercase letters, digits and dashes (at most 32)${name ? `, not "${name}"` : ''}.`, usage);
  }
  const scenarioAllowed = action === 'status' || action === 'report' ? 1 : 0;
  if (more.length > scenarioAllowed) throw new UsageError(`Too many arguments: ${more.slice(scenarioAllowed).join(' ')}.`, usage);
  if (values.kubeconfig === undefined) throw new UsageError(`kubelab class ${action} works with the instructor's credentials: give --kubeconfig <admin kubeconfig>.`, usage);
  if (action === 'create') {
    const n = Number(values.learners);
    if (values.learners === undefined || !Number.isInteger(n) || n < 1 || n > 200) throw new UsageError('kubelab class create needs --learners N (1 to 200).', usage);
    if (values.duration !== undefined && !/^\d+[smh]$/.test(values.duration)) throw new UsageError(`--duration ${values.duration}: write it like 90m or 8h.`, usage);
  }
  if (action === 'report' && values.report === undefined) throw new UsageError('kubelab class report needs --report <file> (.json, .md or .xml).', usage);
  if (values.stuck !== undefined && !(Number(values.stuck) > 0)) throw new UsageError(`--stuck ${values.stuck}: give minutes, e.g. --stuck 5.`, usage);
}

function base(command: Command): Cli {
  return { command, rest: [], auto: false, json: false, plain: false, demo: false, installMissing: false, detach: false, all: false, yes: false, fresh: false, prepare: false, oomGroup: false };
}

export const HELP = `kubelab: Kubernetes troubleshooting labs on a local kind cluster

Learn
  kubelab                       pick a lab from the menu (lesson or exercise)
  kubelab start [scenario]      the guided lesson (default: oom-killed); resumes where you stopped
  kubelab exercise <scenario>   fix it yourself: kubelab breaks it, you repair it, it grades live
  kubelab check <scenario>      grade the lab cluster as it is now; exit 0 when fixed, 1 when not
  kubelab hint <scenario>       the next hint for an exercise
  kubelab solution <scenario>   the fix and its diff (after the hints)
  kubelab skip <scenario>       apply the fix for you; the exercise counts as skipped
  kubelab progress              what you have done so far
  kubelab reset <scenario>|--all  start a scenario over (asks first)

Your own terminal
  kubelab shell                 your $SHELL with kubectl pointed at the lab cluster only
  kubelab env                   the line that points kubectl at the lab (bash/zsh, fish, PowerShell)

Run and maintain
  kubelab run <scenario> --auto run it unattended: kubelab does each step itself
  kubelab test <scenario…>|--all  self-test: each lesson unattended, each exercise with its fix

Show it to a room
  kubelab demo <scenario>       presenter mode: a large layout, live objects, commands typed for you
  kubelab demo --prepare <s>    get the cluster and every image ready before the room is
  kubelab notes                 the presenter's view of the running demo, in a second terminal
  kubelab handout <file>        a Markdown handout from a recording (.cast) or a JSON report

A class on a shared cluster
  kubelab class create <class> --learners N --kubeconfig <admin>   a namespace, limited rights and a kubeconfig per learner
  kubelab class status <class> --kubeconfig <admin>   the live board: learners × steps, stuck, hints
  kubelab class report <class> --kubeconfig <admin> --report <file>
  kubelab class delete <class> --kubeconfig <admin>   removes all of it
  (learners: kubelab start|exercise <scenario> --kubeconfig learner-07.kubeconfig)

Write your own
  kubelab new <id>              a new scenario folder that validates, to edit
  kubelab validate <dir>        check a scenario folder without a cluster
  kubelab kernel <scenario>     the same OOM kill under plain docker run, no Kubernetes;
                                --oom-group sets memory.oom.group as kubelet does (cgroup v2)
  kubelab doctor                check Docker, kind, kubectl, memory and CPU
  kubelab list                  list the scenarios
  kubelab down                  delete the lab cluster

A scenario is an id from kubelab list or a path to a scenario folder.

Options
  --image <image>         kind node image (env KUBELAB_NODE_IMAGE)
  --kind-config <file>    kind cluster config (env KUBELAB_KIND_CONFIG)
  --cluster <name>        lab cluster name (env KUBELAB_CLUSTER; default kubelab)
  --plain                 plain lines instead of the terminal UI (also when not a terminal)
  --demo                  start: speaker notes, and each command typed in for you to run
  --typing <cps>|key      demo: typing speed in characters per second, or one key per character
  --record <file.cast>    demo, start, run: record the terminal as an asciicast (with a marker per step)
  -o, --out <file>        handout: write the Markdown there instead of to stdout; class create: the folder for kubeconfigs
  --kubeconfig <file>     use an existing cluster (a class's) instead of kind; with --context <name>
  --json                  run, check, doctor, list, progress: one JSON object per line
  --report <file>         start, exercise, run, check, test: write a report (.json, .md or .xml JUnit)
  --all                   test: every scenario in kubelab list; reset: every scenario
  --parallel <n>          test: play n scenarios at once, each in a namespace of its own
  --detach                exercise: set the broken state up, print the brief, and return
  --workdir <dir>         exercise: where your copy of the manifests goes (default ~/kubelab-exercises)
  --fresh                 start, exercise: begin again instead of resuming
  --keep | --down         run: keep (default) or delete the cluster at the end
  --install-missing       allow downloading a missing kind or kubectl into kubelab's folder
  --install <tool>        doctor: download kind or kubectl (pinned, sha256 checked)
  --shell <name>          env: bash, zsh, fish or powershell (default: from $SHELL)
  -y, --yes               reset, skip, solution: don't ask first
  -h, --help              this help
  -v, --version           kubelab's version and the kind/kubectl versions it downloads

kubelab keeps its kubeconfig and downloads in ~/.kubelab (env KUBELAB_HOME), your progress under
$XDG_STATE_HOME/kubelab (default ~/.local/state/kubelab), and never reads or changes your own
kubeconfig. NO_COLOR turns colour off.
`;
