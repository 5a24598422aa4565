// Generated prompt lines through the prompt parser, in a lesson, an exercise and a class: it never
// throws, and a line it lets through runs kubectl only, against the lab only. The check of what
// it lets through reads the words the way kubectl's flag parser (pflag) does, independently of
// the parser's own code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LINE, parseKubectlLine, splitWords, verbOf, type LineRules } from '../../src/engine/command-line.js';

const CLASS_NS = 'learner-07';
const MODES: Record<string, LineRules> = { lesson: {}, exercise: { write: true }, class: { write: true, namespace: CLASS_NS } };

const verbs = fc.constantFrom('get', 'describe', 'logs', 'exec', 'explain', 'top', 'events', 'apply', 'delete', 'create', 'patch', 'scale', 'set', 'run',
  'edit', 'attach', 'port-forward', 'proxy', 'cp', 'debug', 'config', 'plugin', 'drain', 'auth', 'frobnicate', 'version');
const plain = fc.constantFrom('pods', 'pod/oom-killed-pod', 'oom-killed-pod', 'deploy/web', 'svc', 'nodes', '-o', 'wide', '-ojson', '-o=yaml',
  '--previous', '-p', '-f', 'issue.yaml', '-fissue.yaml', '-l', 'app=web', '--tail=5', '--', '-c', 'stress', '-n', CLASS_NS, `--namespace=${CLASS_NS}`,
  'cat', '/etc/resolv.conf', '--request-timeout=5s', '-v=9', '--replicas=2', '-p', '{"spec":{}}', 'jsonpath={.status.phase}');
const escapes = fc.constantFrom('--kubeconfig', '--kubeconfig=/tmp/other', '--context=prod', '--context', 'prod', '--server=https://evil.invalid:6443',
  '-s', 'https://evil.invalid', '-shttps://evil.invalid', '-As', '-wshttps://x', '-s=https://x', '-ts', '--token=abc', '--as=system:admin',
  '--as-group=system:masters', '--as-uid=0', '--user=me', '--cluster=prod', '--insecure-skip-tls-verify', '--client-key=/k', '--username=u',
  '-n', 'kube-system', '--namespace=other', '-nother', '-n=other', '-An', '-A', '--all-namespaces', '--all-namespaces=1', '--all-namespaces=false',
  '-it', '-ti', '-i', '-w', '-Aw', '--watch', '--watch=true', '--follow', '-f', '--stdin', '--tty=t');
const shell = fc.constantFrom(';', '&&', '||', '|', '>', '>>', '<', '&', '2>&1', '$(whoami)', '`id`', '$HOME', '${KUBECONFIG}', 'a|b', 'x;y', '>out',
  'KUBECONFIG=/tmp/k', '"$(id)"', "'$(id)'", '\\|', '\\;');
const quotes = fc.constantFrom("'a b'", '"a b"', "'unclosed", '"unclosed', '"a\\"b"', "'it''s'", '\\ ', '\\', '""', "''", '"\\$HOME"', "kube'ctl'");
const control = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\x7f', '\x1b[31m', '\x1b]0;title\x07', '\x1b[2J', '\u202e', '\u0085', '\u2028', '\x9b'),
);
const unicode = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('－－kubeconfig', '—server=x', 'pöd', '🐳', '\u00a0', 'ｋｕｂｅｃｔｌ'));
const anything = fc.string({ unit: 'binary', maxLength: 16 });
const long = fc.constantFrom(100_000, MAX_LINE, MAX_LINE + 1, 20_000).chain((n) => fc.constantFrom('a', 'x ', '-s', "'", '\\').map((s) => s.repeat(Math.ceil(n / s.length)).slice(0, n)));
const token = fc.oneof(
  { arbitrary: plain, weight: 120 }, { arbitrary: verbs, weight: 60 }, { arbitrary: escapes, weight: 60 }, { arbitrary: shell, weight: 40 },
  { arbitrary: quotes, weight: 40 }, { arbitrary: control, weight: 20 }, { arbitrary: unicode, weight: 20 }, { arbitrary: anything, weight: 20 },
  { arbitrary: long, weight: 1 },
);
const program = fc.oneof(
  { arbitrary: fc.constant('kubectl'), weight: 8 },
  { arbitrary: fc.constantFrom('sh -c', 'bash', 'ls', 'KUBECONFIG=/x kubectl', 'sudo kubectl', 'kubectl.exe', '/usr/bin/kubectl', '', '"kubectl"', 'kubectl;'), weight: 2 },
);
const separator = fc.constantFrom(' ', ' ', ' ', '  ', '\t', '');
const line = fc.tuple(program, verbs, fc.array(fc.tuple(separator, token), { maxLength: 8 }))
  .map(([p, v, rest]) => `${p} ${v}${rest.map(([s, t]) => `${s}${t}`).join('')}`);

// What kubectl's flag parser reads; independent of the parser under test.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e]/;
const LONG_ESCAPES = new Set(['--kubeconfig', '--context', '--cluster', '--user', '--server', '--token', '--as', '--as-group', '--as-uid', '--username', '--password', '--client-key', '--client-certificate', '--certificate-authority', '--insecure-skip-tls-verify', '--tls-server-name']);
const WRITES = new Set(['apply', 'delete', 'create', 'replace', 'patch', 'scale', 'set', 'label', 'annotate', 'rollout', 'taint', 'run', 'expose', 'cordon', 'uncordon', 'edit', 'drain']);
const TRUE = /^(1|t|T|true|TRUE|True)$/;

/** The shorthands a single-dash word switches on before one that takes a value (-As: A and s; -owide: none). */
function switchesOf(word: string, verb: string | undefined): { on: string[]; valued?: [string, string] } {
  if (!/^-[^-]/.test(word)) return { on: [] };
  const takesValue = new Set(['o', 'n', 'l', 'c', 'L', 'k', 'v', ...(verb === 'logs' ? [] : ['f', 'p'])]);
  const on: string[] = [];
  for (let i = 1; i < word.length && word[i] !== '='; i++) {
    if (takesValue.has(word[i]!)) return { on, valued: [word[i]!, word.slice(i + 1).replace(/^=/, '')] };
    on.push(word[i]!);
  }
  return { on };
}

/** Why running `kubectl <argv>` under these rules would be wrong, or undefined when it is fine. */
function wrongWith(argv: string[], rules: LineRules): string | undefined {
  const end = argv.indexOf('--');
  const own = end < 0 ? argv : argv.slice(0, end);
  const verb = verbOf(argv);
  for (const [i, word] of own.entries()) {
    if (CONTROL.test(word)) return `control character in ${JSON.stringify(word)}`;
    const [name, value] = [word.split('=')[0]!, word.includes('=') ? word.slice(word.indexOf('=') + 1) : undefined];
    const { on, valued } = switchesOf(word, verb);
    if (LONG_ESCAPES.has(name) || on.includes('s')) return `context escape ${word}`;
    if (on.some((c) => 'itw'.includes(c)) || (verb === 'logs' && on.includes('f'))) return `interactive or endless ${word}`;
    if (['--watch', '--follow', '--stdin', '--tty', '--watch-only'].includes(name) && (value === undefined || TRUE.test(value))) return `interactive or endless ${word}`;
    if (rules.namespace === undefined) continue;
    if (on.includes('A') || (name === '--all-namespaces' && (value === undefined || TRUE.test(value)))) return `all namespaces ${word}`;
    const ns = name === '--namespace' ? value ?? own[i + 1] : valued?.[0] === 'n' ? valued[1] || own[i + 1] : undefined;
    if ((name === '--namespace' || valued?.[0] === 'n') && ns !== rules.namespace) return `another namespace ${word} ${ns}`;
  }
  if (!rules.write && verb !== undefined && WRITES.has(verb)) return `write verb ${verb} in a lesson`;
  return undefined;
}

describe('generated prompt lines', () => {
  it('never crash; what runs is kubectl, against the lab, within the rules; every refusal says why', () => {
    let lines = 0;
    let allowed = 0;
    fc.assert(fc.property(line, (typed) => {
      lines++;
      for (const [mode, rules] of Object.entries(MODES)) {
        const parsed = parseKubectlLine(typed, rules);
        if (!parsed.ok) {
          expect(parsed.message, mode).toMatch(/\S/);
          expect(CONTROL.test(parsed.message), `${mode}: ${JSON.stringify(parsed.message)}`).toBe(false);
          expect(parsed.message.length, mode).toBeLessThan(400);
          continue;
        }
        allowed++;
        expect(typed.length).toBeLessThanOrEqual(MAX_LINE);
        const words = splitWords(typed.trim());
        expect(words).toEqual({ ok: true, argv: ['kubectl', ...parsed.argv] });
        expect(wrongWith(parsed.argv, rules), `${mode}: ${JSON.stringify(typed)}`).toBeUndefined();
      }
    }), { numRuns: 3000 });
    expect(allowed).toBeGreaterThan(0);
    console.log(`prompt fuzz: ${lines} generated lines, each parsed as a lesson, an exercise and a class line (${allowed} allowed, ${lines * 3 - allowed} refused, 0 crashes)`);
  });
});
