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
const INTERACTIVE = new Set(['edit', 'attach', 'proxy', 'port-forward', 'exec', 'debug', 'run', 'cp']);

/** Parses a learner's line into kubectl's arguments (without the leading "kubectl"). */
export function parseKubectlLine(line: string): Parsed {
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
  const verb = args.find((a) => !a.startsWith('-'));
  if (verb && INTERACTIVE.has(verb)) {
    return { ok: false, message: `kubectl ${verb} needs an interactive terminal of its own; run it in another terminal with the lab's kubeconfig (kubelab shows how at the end).` };
  }
  if (args.some((a) => a === '-it' || a === '-i' || a === '-t' || a === '--stdin' || a === '--tty')) {
    return { ok: false, message: 'Interactive flags (-i, -t) are not available inside kubelab.' };
  }
  if (args.some((a) => a === '-w' || a === '--watch' || a === '--watch-only' || (a === '-f' && verb === 'logs') || a === '--follow')) {
    return { ok: false, message: 'A watch or follow never ends on its own, and kubelab already follows the pod for you. Leave out -w / -f.' };
  }
  return { ok: true, argv: args };
}

const RESOURCE_ALIASES: Record<string, string> = { po: 'pods', pod: 'pods', pods: 'pods', ev: 'events', event: 'events', events: 'events', no: 'nodes', node: 'nodes', nodes: 'nodes' };

export interface CommandExpectation {
  verb: string;
  resource?: string;
  name?: string;
}

// Flags whose value is the next word, so the value is not read as a resource or a name.
const VALUE_FLAGS = new Set(['-o', '--output', '-n', '--namespace', '-l', '--selector', '--field-selector', '-c', '--container', '--tail', '--since', '--sort-by', '--request-timeout']);

/** True when kubectl's arguments do what the step asks for, in any of kubectl's spellings. */
export function commandMatches(args: string[], expect: CommandExpectation): boolean {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) {
      if (VALUE_FLAGS.has(a)) i++;
      continue;
    }
    words.push(a);
  }
  const [verb, ...rest] = words;
  if (verb !== expect.verb) return false;
  if (expect.verb === 'logs') return expect.name === undefined || rest.some((w) => w === expect.name || w === `pod/${expect.name}`);
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
  const lower = resource.toLowerCase();
  return RESOURCE_ALIASES[lower] ?? lower;
}
