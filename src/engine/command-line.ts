// Turns what the learner typed into an argv, without a shell, and decides whether kubelab runs it.
export type Parsed =
  | { ok: true; argv: string[] }
  | { ok: false; message: string };

const SHELL_ONLY = /^(\||\|\||&&|;|>|>>|<|&|2>|2>&1)$/;

/** Splits a line the way a shell would split words: quotes group, backslash escapes. */
export function splitWords(line: string): Parsed {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      if ((c === '$' && line[i + 1] === '(') || c === '`') {
        return { ok: false, message: 'Command substitution needs a shell, and kubelab runs kubectl without one. Type the command on its own.' };
      }
      word += c;
      inWord = true;
    }
  }
  if (quote) return { ok: false, message: `A ${quote} quote is not closed.` };
  if (inWord) words.push(word);
  return { ok: true, argv: words };
}

const ESCAPES = new Set(['--kubeconfig', '--context', '--cluster', '--user', '--server', '-s', '--token', '--as', '--as-group']);
const NEEDS_TERMINAL = new Set(['attach', 'proxy', 'port-forward', 'debug', 'cp']);
const READ = new Set(['get', 'describe', 'logs', 'top', 'events', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info', 'exec', 'auth', 'diff']);
const WRITE = new Set(['apply', 'delete', 'create', 'replace', 'patch', 'scale', 'set', 'label', 'annotate', 'rollout', 'taint', 'run', 'expose', 'cordon', 'uncordon']);

export interface LineRules {
  /** An exercise also takes the verbs that change the cluster. */
  write?: boolean;
  /** In a class, the learner's namespace: every command stays in it. */
  namespace?: string;
}

/** Parses a learner's line into kubectl's arguments (without the leading "kubectl"). */
export function parseKubectlLine(line: string, rules: LineRules = {}): Parsed {
  const split = splitWords(line.trim());
  if (!split.ok) return split;
  const [program, ...args] = split.argv;
  if (program === undefined) return { ok: false, message: 'Type a kubectl command, for example the one shown above.' };
  if (program !== 'kubectl') {
    return { ok: false, message: `Only kubectl runs here, and "${program}" is not kubectl. Start the line with kubectl.` };
  }
  const shellWord = args.find((a) => SHELL_ONLY.test(a));
  if (shellWord) {
    return { ok: false, message: `"${shellWord}" is shell syntax. kubelab runs one kubectl command with no shell: leave out pipes and redirects.` };
  }
  const escape = args.find((a) => ESCAPES.has(a.split('=')[0]!));
  if (escape) {
    return { ok: false, message: `${escape.split('=')[0]} is set by kubelab so that every command reaches the lab cluster and never your own contexts. Leave it out.` };
  }
  if (rules.namespace !== undefined) {
    const other = namespaceGiven(args);
    if (other === '*') return { ok: false, message: `In this class your work stays in your namespace ${rules.namespace}; leave out -A / --all-namespaces.` };
    if (other !== undefined && other !== rules.namespace) return { ok: false, message: `In this class your work stays in your namespace ${rules.namespace}; kubelab already scopes every command to it. Leave out -n ${other}.` };
  }
  const verb = verbOf(args);
  if (verb === 'edit') {
    return { ok: false, message: rules.write
      ? 'kubectl edit opens an editor, which kubelab\'s prompt has none of. Edit the file in your workspace with your own editor, then: kubectl apply -f <file>'
      : 'kubectl edit needs a terminal and an editor of its own; this lesson only reads the cluster.' };
  }
  if (verb && NEEDS_TERMINAL.has(verb)) {
    return { ok: false, message: `kubectl ${verb} needs an interactive terminal of its own; run it in another terminal with the lab's kubeconfig (kubelab shell opens one).` };
  }
  if (args.some((a) => a === '-it' || a === '-ti' || a === '-i' || a === '-t' || a === '--stdin' || a === '--tty' || a === '--stdin=true' || a === '--tty=true')) {
    return { ok: false, message: 'Interactive flags (-i, -t) need a terminal of their own: use kubelab shell for those, or run the command without them.' };
  }
  if (args.some((a) => a === '-w' || a === '--watch' || a === '--watch-only' || (a === '-f' && verb === 'logs') || a === '--follow')) {
    return { ok: false, message: 'A watch or follow never ends on its own, and kubelab already follows the pod for you. Leave out -w / -f.' };
  }
  if (verb && WRITE.has(verb) && !rules.write) {
    return { ok: false, message: `kubectl ${verb} changes the cluster, and this lesson only reads it (kubelab makes the changes itself). To fix things yourself: kubelab exercise <scenario>.` };
  }
  if (verb && !READ.has(verb) && !WRITE.has(verb)) {
    return { ok: false, message: `kubelab does not run kubectl ${verb} here. It runs ${[...READ].slice(0, 6).join(', ')}${rules.write ? `, and to change things ${[...WRITE].slice(0, 7).join(', ')}` : ''}.` };
  }
  return { ok: true, argv: args };
}

const RESOURCE_ALIASES: Record<string, string> = {
  po: 'pods', pod: 'pods', ev: 'events', event: 'events', no: 'nodes', node: 'nodes', svc: 'services', service: 'services',
  ep: 'endpoints', endpoint: 'endpoints', pvc: 'persistentvolumeclaims', persistentvolumeclaim: 'persistentvolumeclaims',
  pv: 'persistentvolumes', persistentvolume: 'persistentvolumes', deploy: 'deployments', deployment: 'deployments',
  rs: 'replicasets', replicaset: 'replicasets', sc: 'storageclasses', storageclass: 'storageclasses', ns: 'namespaces', namespace: 'namespaces',
};

export interface CommandExpectation {
  verb: string;
  resource?: string;
  name?: string;
  flags?: string[];
}

// Flags whose value is the next word, so the value is not read as a resource or a name.
const VALUE_FLAGS = new Set(['-o', '--output', '-n', '--namespace', '-l', '--selector', '--field-selector', '-c', '--container', '--tail', '--since', '--sort-by', '--request-timeout', '-f', '--filename', '-p', '--patch', '--type', '--replicas', '--for', '--timeout', '--image']);
// -p is --patch for kubectl patch but --previous for logs, which takes no value.
const valueFlag = (flag: string, verb: string | undefined) => VALUE_FLAGS.has(flag) && !(flag === '-p' && verb === 'logs');

/** The words of a command that are not flags or flag values: the verb, then resource and names. */
function words(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (!a.includes('=') && valueFlag(a, out[0])) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** The namespace a command names: '*' for all of them, undefined when it names none. */
function namespaceGiven(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-A' || a === '--all-namespaces' || a === '--all-namespaces=true') return '*';
    if (a === '-n' || a === '--namespace') return args[i + 1] ?? '';
    const m = /^(?:--namespace=|-n=?)(.+)$/.exec(a);
    if (m) return m[1]!;
  }
  return undefined;
}

/** The kubectl verb of an argument list (get, describe, apply...). */
export const verbOf = (args: string[]): string | undefined => words(args)[0];

const FLAG_ALIASES: Record<string, string> = { '-p': '--previous', '-A': '--all-namespaces' };

/** True when kubectl's arguments do what the step asks for, in any of kubectl's spellings. */
export function commandMatches(args: string[], expect: CommandExpectation): boolean {
  const [verb, ...rest] = words(args);
  if (verb !== expect.verb) return false;
  const given = new Set(args.filter((a) => a.startsWith('-')).map((a) => FLAG_ALIASES[a.split('=')[0]!] ?? a.split('=')[0]!));
  if ((expect.flags ?? []).some((f) => !given.has(FLAG_ALIASES[f] ?? f))) return false;
  if (expect.verb === 'logs' || expect.verb === 'exec') return expect.name === undefined || rest.some((w) => w === expect.name || w === `pod/${expect.name}`);
  const names: string[] = [];
  let resource: string | undefined;
  for (const w of rest) {
    const slash = w.indexOf('/');
    if (slash > 0) {
      resource = resource ?? normalise(w.slice(0, slash));
      names.push(w.slice(slash + 1));
    } else if (resource === undefined) {
      resource = normalise(w);
    } else {
      names.push(w);
    }
  }
  if (expect.resource !== undefined && resource !== normalise(expect.resource)) return false;
  if (expect.name === undefined) return true;
  // "kubectl get pods" and "kubectl describe pods" show every pod, this one included.
  return names.length === 0 || names.includes(expect.name);
}

function normalise(resource: string): string {
  const lower = resource.toLowerCase().split(',')[0]!;
  return RESOURCE_ALIASES[lower] ?? lower;
}
