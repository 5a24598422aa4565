// Turns what the learner typed into an argv, without a shell, and decides whether kubelab runs it.
export type Parsed =
  | { ok: true; argv: string[] }
  | { ok: false; message: string };

const SHELL_ONLY = /^(\||\|\||&&|;|>|>>|<|&|2>|2>&1)$/;

const SUBSTITUTION = 'Command substitution needs a shell, and kubelab runs kubectl without one. Type the command on its own.';
const shellSyntax = (op: string) => `"${op}" is shell syntax. kubelab runs one kubectl command with no shell: leave out pipes, redirects, ; and &.`;

/** What a shell would do with the character at i (outside single quotes) that kubelab can't: a refusal, or undefined. */
function needsShell(line: string, i: number, quoted: boolean): string | undefined {
  const c = line[i]!;
  const next = line[i + 1] ?? '';
  if ((c === '$' && next === '(') || c === '`') return SUBSTITUTION;
  if (c === '$' && /[A-Za-z_{]/.test(next)) {
    const name = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/.exec(line.slice(i))?.[0] ?? '$';
    return `${name} is a shell variable, and kubelab runs kubectl without a shell, so nothing would replace it. Type its value instead.`;
  }
  if (!quoted && '|;&<>'.includes(c)) return shellSyntax(/^(\|\||&&|>>|[|;&<>])/.exec(line.slice(i))![0]);
  return undefined;
}

/** Splits a line the way a shell would split words: quotes group, backslash escapes; what needs a shell is refused. */
export function splitWords(line: string): Parsed {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      const refused = quote === '"' ? needsShell(line, i, true) : undefined;
      if (refused) return { ok: false, message: refused };
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
      const refused = needsShell(line, i, false);
      if (refused) return { ok: false, message: refused };
      word += c;
      inWord = true;
    }
  }
  if (quote) return { ok: false, message: `A ${quote} quote is not closed.` };
  if (inWord) words.push(word);
  return { ok: true, argv: words };
}

// kubectl's flags that choose another cluster, identity or credentials than the lab's.
const ESCAPES = new Set([
  '--kubeconfig', '--context', '--cluster', '--user', '--server', '-s', '--token', '--as', '--as-group', '--as-uid', '--username', '--password',
  '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--insecure-skip-tls-verify',
]);
/** The longest line the prompt takes: far more than any kubectl command, far less than the system's limit on one argument. */
export const MAX_LINE = 8192;
// C0 and C1 control characters, DEL, and the marks that reorder or break what the screen shows
// (bidirectional overrides, line separators); a tab is a space between words.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
// Shorthands that always take a value: what follows them in a cluster such as -owide is that value.
const VALUE_SHORTHANDS = new Set(['o', 'n', 'l', 'c', 'L', 'k', 'v']);
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
  if (line.length > MAX_LINE) return { ok: false, message: `That line is ${line.length} characters long; kubelab's prompt takes lines up to ${MAX_LINE}. Put long content in a file and use kubectl apply -f <file>.` };
  const control = CONTROL.exec(line);
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return { ok: false, message: `The line holds a control character (${code}, at column ${control.index + 1}), which a kubectl command never needs. Type it again without it.` };
  }
  const split = splitWords(line.trim());
  if (!split.ok) return split;
  const [program, ...args] = split.argv;
  if (program === undefined) return { ok: false, message: 'Type a kubectl command, for example the one shown above.' };
  if (program !== 'kubectl') {
    return { ok: false, message: `Only kubectl runs here, and "${shown(program)}" is not kubectl. Start the line with kubectl.` };
  }
  const shellWord = args.find((a) => SHELL_ONLY.test(a));
  if (shellWord) return { ok: false, message: shellSyntax(shellWord) };
  const verb = verbOf(args);
  const escape = kubectlWords(args).map((a) => escapingFlag(a, verb)).find((f) => f !== undefined);
  if (escape) {
    return { ok: false, message: `${escape} is set by kubelab so that every command reaches the lab cluster and never your own contexts. Leave it out.` };
  }
  if (rules.namespace !== undefined) {
    // kubectl takes the last of several -n flags; any one of them outside the class is refused.
    const given = namespacesGiven(args, verb);
    const other = given.includes('*') ? '*' : given.find((ns) => ns !== rules.namespace);
    if (other === '*') return { ok: false, message: `In this class your work stays in your namespace ${rules.namespace}; leave out -A / --all-namespaces.` };
    if (other !== undefined && other !== rules.namespace) return { ok: false, message: `In this class your work stays in your namespace ${rules.namespace}; kubelab already scopes every command to it. Leave out -n ${other}.` };
  }
  if (verb === 'edit') {
    return { ok: false, message: rules.write
      ? 'kubectl edit opens an editor, which kubelab\'s prompt has none of. Edit the file in your workspace with your own editor, then: kubectl apply -f <file>'
      : 'kubectl edit needs a terminal and an editor of its own; this lesson only reads the cluster.' };
  }
  if (verb && NEEDS_TERMINAL.has(verb)) {
    return { ok: false, message: `kubectl ${shown(verb)} needs an interactive terminal of its own; run it in another terminal with the lab's kubeconfig (kubelab shell opens one).` };
  }
  const own = kubectlWords(args);
  const switched = (c: string) => own.some((a) => shorthands(a, verb).switches.includes(c));
  if (switched('i') || switched('t') || own.some((a) => /^--(stdin|tty)(=(1|t|true|T|TRUE|True))?$/.test(a))) {
    return { ok: false, message: 'Interactive flags (-i, -t) need a terminal of their own: use kubelab shell for those, or run the command without them.' };
  }
  if (switched('w') || (switched('f') && verb === 'logs') || own.some((a) => /^--(watch|watch-only|follow)(=(1|t|true|T|TRUE|True))?$/.test(a))) {
    return { ok: false, message: 'A watch or follow never ends on its own, and kubelab already follows the pod for you. Leave out -w / -f.' };
  }
  if (verb && WRITE.has(verb) && !rules.write) {
    return { ok: false, message: `kubectl ${shown(verb)} changes the cluster, and this lesson only reads it (kubelab makes the changes itself). To fix things yourself: kubelab exercise <scenario>.` };
  }
  if (verb && !READ.has(verb) && !WRITE.has(verb)) {
    return { ok: false, message: `kubelab does not run kubectl ${shown(verb)} here. It runs ${[...READ].slice(0, 6).join(', ')}${rules.write ? `, and to change things ${[...WRITE].slice(0, 7).join(', ')}` : ''}.` };
  }
  return { ok: true, argv: args };
}

/** kubectl's own arguments: what comes after -- goes to the container's command (exec, run), not to kubectl. */
function kubectlWords(args: string[]): string[] {
  const end = args.indexOf('--');
  return end < 0 ? args : args.slice(0, end);
}

/** A word as a message quotes it: long ones shortened, so a refusal stays readable. */
const shown = (word: string): string => (word.length > 40 ? `${word.slice(0, 39)}…` : word);

/** A cluster of shorthands as pflag reads it (-As, -owide, -n=x): switches until one that takes a value, which takes the rest. */
function shorthands(word: string, verb: string | undefined): { switches: string[]; valued?: { flag: string; value?: string } } {
  const switches: string[] = [];
  if (!/^-[^-]/.test(word)) return { switches };
  for (let i = 1; i < word.length; i++) {
    const c = word[i]!;
    // -f and -p are switches for kubectl logs (--follow, --previous), and take a file or a patch elsewhere.
    if (VALUE_SHORTHANDS.has(c) || ((c === 'f' || c === 'p') && verb !== 'logs')) {
      const rest = word.slice(i + 1).replace(/^=/, '');
      return { switches, valued: { flag: c, value: rest === '' ? undefined : rest } };
    }
    if (c === '=') break;
    switches.push(c);
  }
  return { switches };
}

/** The context-escaping flag a word sets, in any of pflag's spellings (--server=x, -s x, -sx, -As x), or undefined. */
function escapingFlag(word: string, verb: string | undefined): string | undefined {
  const name = word.split('=')[0]!;
  if (ESCAPES.has(name)) return name;
  return shorthands(word, verb).switches.includes('s') ? '-s (--server)' : undefined;
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

/** Every namespace a command names, '*' for all of them. */
function namespacesGiven(args: string[], verb: string | undefined): string[] {
  const given: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    // --all-namespaces takes pflag's spellings of true (=1, =t, =True...); =false is the default.
    if (a === '--all-namespaces' || (a.startsWith('--all-namespaces=') && !/^--all-namespaces=(0|f|false|F|FALSE|False)$/.test(a))) given.push('*');
    else if (a === '--namespace') given.push(args[i + 1] ?? '');
    else if (a.startsWith('--namespace=')) given.push(a.slice('--namespace='.length));
    else {
      const { switches, valued } = shorthands(a, verb);
      if (switches.includes('A')) given.push('*');
      if (valued?.flag === 'n') given.push(valued.value ?? args[i + 1] ?? '');
    }
  }
  return given;
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
