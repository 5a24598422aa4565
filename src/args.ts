// Command-line parsing: node's own parseArgs, strict, so an unknown flag is an error with a remedy.
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

export type Command = 'menu' | 'start' | 'run' | 'check' | 'doctor' | 'list' | 'down' | 'help' | 'version';

export interface Cli {
  command: Command;
  scenario?: string;
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
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const ALLOWED: Record<Command, readonly string[]> = {
  menu: ['plain', 'image', 'kind-config', 'cluster'],
  start: ['plain', 'demo', 'image', 'kind-config', 'cluster', 'install-missing'],
  run: ['auto', 'json', 'plain', 'keep', 'down', 'image', 'kind-config', 'cluster', 'install-missing'],
  check: ['json', 'plain', 'cluster'],
  doctor: ['json', 'plain', 'install', 'image', 'cluster'],
  list: ['json', 'plain'],
  down: ['cluster', 'plain'],
  help: [],
  version: [],
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
  const command = (first ?? 'menu') as Command;
  if (!(command in ALLOWED) || command === 'menu') {
    if (first !== undefined) throw new UsageError(`Unknown command "${first}".`);
  }
  for (const flag of Object.keys(values)) {
    if (!ALLOWED[command].includes(flag)) throw new UsageError(`--${flag} does not go with ${command === 'menu' ? 'the menu' : `kubelab ${command}`}.`, `See kubelab --help for what ${command} takes.`);
  }
  const takes = command === 'start' || command === 'run' || command === 'check' ? 1 : 0;
  if (rest.length > takes) throw new UsageError(`Too many arguments: ${rest.slice(takes).join(' ')}.`);
  const scenario = rest[0] ?? (command === 'start' ? 'oom-killed' : undefined);
  if ((command === 'run' || command === 'check') && scenario === undefined) {
    throw new UsageError(`kubelab ${command} needs a scenario, e.g. kubelab ${command} oom-killed${command === 'run' ? ' --auto' : ''}.`);
  }
  if (command === 'run' && !values.auto) {
    throw new UsageError('kubelab run is the unattended mode and needs --auto.', `For the lesson with you at the keyboard: kubelab start ${scenario}`);
  }
  if (values.keep && values.down) throw new UsageError('--keep and --down contradict each other; pick one.');
  if (values.install !== undefined && values.install !== 'kind' && values.install !== 'kubectl') {
    throw new UsageError(`--install takes kind or kubectl, not "${values.install}".`);
  }
  return {
    command,
    scenario,
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
  };
}

function base(command: Command): Cli {
  return { command, auto: false, json: false, plain: false, demo: false, installMissing: false };
}

export const HELP = `kubelab: Kubernetes troubleshooting labs on a local kind cluster

Usage
  kubelab                       pick a scenario from the menu
  kubelab start [scenario]      the interactive lesson (default: oom-killed)
  kubelab run <scenario> --auto run it unattended: kubelab does each step itself
  kubelab check <scenario>      grade the lab cluster as it is now; changes nothing
  kubelab doctor                check Docker, kind, kubectl, memory and CPU
  kubelab list                  list the scenarios
  kubelab down                  delete the lab cluster

A scenario is an id from kubelab list or a path to a scenario folder.

Options
  --image <image>         kind node image (env KUBELAB_NODE_IMAGE)
  --kind-config <file>    kind cluster config (env KUBELAB_KIND_CONFIG)
  --cluster <name>        lab cluster name (env KUBELAB_CLUSTER; default kubelab)
  --plain                 plain lines instead of the terminal UI (also when not a terminal)
  --demo                  start: presenter mode, with speaker notes and commands typed for you
  --json                  run, check, doctor, list: one JSON event per line
  --keep | --down         run: keep (default) or delete the cluster at the end
  --install-missing       allow downloading a missing kind or kubectl into kubelab's folder
  --install <tool>        doctor: download kind or kubectl (pinned, sha256 checked)
  -h, --help              this help
  -v, --version           kubelab's version

kubelab keeps its kubeconfig and downloads in ~/.kubelab (env KUBELAB_HOME) and never reads or
changes your own kubeconfig. NO_COLOR turns colour off.
`;
