import { describe, expect, it } from 'vitest';
import { commandMatches, parseKubectlLine, splitWords } from '../../src/engine/command-line.js';

const args = (line: string) => {
  const p = parseKubectlLine(line);
  if (!p.ok) throw new Error(p.message);
  return p.argv;
};

describe('splitting a typed line without a shell', () => {
  it('keeps quoted words together', () => {
    expect(splitWords(`kubectl get pod -o 'jsonpath={.status.phase}'`)).toEqual({ ok: true, argv: ['kubectl', 'get', 'pod', '-o', 'jsonpath={.status.phase}'] });
    expect(splitWords('a "b c" d\\ e')).toEqual({ ok: true, argv: ['a', 'b c', 'd e'] });
    expect(splitWords('kubectl get "pod')).toEqual({ ok: false, message: 'A " quote is not closed.' });
  });
});

describe('what runs at the prompt', () => {
  it('accepts kubectl only, with a clear message otherwise', () => {
    expect(parseKubectlLine('ls -la')).toEqual({ ok: false, message: 'Only kubectl runs here, and "ls" is not kubectl. Start the line with kubectl.' });
    expect(parseKubectlLine('   ')).toMatchObject({ ok: false });
  });

  it('refuses shell syntax, context escapes and interactive commands', () => {
    expect(parseKubectlLine('kubectl describe pod x | grep Reason')).toMatchObject({ ok: false, message: expect.stringContaining('shell syntax') });
    expect(parseKubectlLine('kubectl get pods $(whoami)')).toMatchObject({ ok: false });
    expect(parseKubectlLine('kubectl --context prod get pods')).toMatchObject({ ok: false, message: expect.stringContaining('never your own contexts') });
    expect(parseKubectlLine('kubectl get pods --kubeconfig=/x')).toMatchObject({ ok: false });
    expect(parseKubectlLine('kubectl edit pod x')).toMatchObject({ ok: false });
    expect(parseKubectlLine('kubectl logs -it x')).toMatchObject({ ok: false });
    expect(parseKubectlLine('kubectl get pods -w')).toMatchObject({ ok: false, message: expect.stringContaining('never ends') });
    expect(parseKubectlLine('kubectl logs -f oom-killed-pod')).toMatchObject({ ok: false });
    expect(parseKubectlLine('kubectl exec -it x -- sh')).toMatchObject({ ok: false, message: expect.stringContaining('kubelab shell') });
  });

  it('a lesson only reads; an exercise also takes the verbs a fix needs, still only kubectl', () => {
    expect(parseKubectlLine('kubectl apply -f fix.yaml')).toMatchObject({ ok: false, message: expect.stringContaining('kubelab exercise') });
    expect(parseKubectlLine('kubectl delete pod x')).toMatchObject({ ok: false });
    expect(parseKubectlLine('kubectl exec dns-pod -- cat /etc/resolv.conf')).toEqual({ ok: true, argv: ['exec', 'dns-pod', '--', 'cat', '/etc/resolv.conf'] });
    for (const line of ['kubectl apply -f issue.yaml', 'kubectl delete pod oom-killed-pod', 'kubectl create -f x.yaml', 'kubectl replace --force -f x.yaml',
      'kubectl patch deploy web -p {"spec":{}}', 'kubectl scale deploy web --replicas=2', 'kubectl set image deploy/web web=nginx', 'kubectl -n default apply -f x.yaml']) {
      expect(parseKubectlLine(line, { write: true }), line).toMatchObject({ ok: true });
    }
    expect(parseKubectlLine('kubectl edit pod x', { write: true })).toMatchObject({ ok: false, message: expect.stringContaining('your own editor') });
    expect(parseKubectlLine('kubectl apply -f x.yaml --context prod', { write: true })).toMatchObject({ ok: false });
    expect(parseKubectlLine('kubectl frobnicate x', { write: true })).toMatchObject({ ok: false, message: expect.stringContaining('does not run kubectl frobnicate') });
  });
});

describe('does the command do what the step asks', () => {
  const get = { verb: 'get', resource: 'pods', name: 'oom-killed-pod' };
  it('accepts kubectl\'s spellings', () => {
    for (const line of ['kubectl get pod oom-killed-pod', 'kubectl get po oom-killed-pod -o wide', 'kubectl get pods', 'kubectl get pod/oom-killed-pod', 'kubectl -n default get pods oom-killed-pod']) {
      expect(commandMatches(args(line), get), line).toBe(true);
    }
  });
  it('rejects other commands and other pods', () => {
    for (const line of ['kubectl describe pod oom-killed-pod', 'kubectl get pod other', 'kubectl get nodes', 'kubectl get']) {
      expect(commandMatches(args(line), get), line).toBe(false);
    }
  });
  it('does not read a flag\'s value as a name', () => {
    expect(commandMatches(args('kubectl describe -n default pod oom-killed-pod'), { verb: 'describe', resource: 'pods', name: 'oom-killed-pod' })).toBe(true);
    expect(commandMatches(args('kubectl describe pods -l app=oom-killed-pod'), { verb: 'describe', resource: 'pods', name: 'oom-killed-pod' })).toBe(true);
  });
});

describe('hostile lines, one example per kind (the generated ones are in command-line-fuzz.test.ts)', () => {
  const refused = (line: string, rules = {}) => {
    const p = parseKubectlLine(line, rules);
    if (p.ok) throw new Error(`${JSON.stringify(line)} was let through as ${JSON.stringify(p.argv)}`);
    return p.message;
  };

  it('quotes: balanced ones group, an open one is named', () => {
    expect(args(`kubectl get pods -l 'app in (web, api)'`)).toEqual(['get', 'pods', '-l', 'app in (web, api)']);
    expect(args('kubectl get pods -o "jsonpath={.items[*].metadata.name}"')).toEqual(['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(refused("kubectl get pod 'oom")).toBe("A ' quote is not closed.");
  });

  it('control characters and escape sequences are refused with where they are', () => {
    expect(refused('kubectl get pods\u0000')).toBe('The line holds a control character (U+0000, at column 17), which a kubectl command never needs. Type it again without it.');
    expect(refused('kubectl get \u001b[2Jpods')).toContain('U+001B, at column 13');
    expect(refused('kubectl get pods \u202e sdop')).toContain('U+202E');
    expect(args('kubectl\tget\tpods')).toEqual(['get', 'pods']);
  });

  it('a very long line is refused without quoting it back', () => {
    const message = refused(`kubectl get pods ${'x'.repeat(100_000)}`);
    expect(message).toMatch(/^That line is 100017 characters long; kubelab's prompt takes lines up to 8192\./);
    expect(refused(`${'k'.repeat(500)} get pods`).length).toBeLessThan(200);
  });

  it('shell operators, glued or apart, substitutions and variables need a shell', () => {
    for (const line of ['kubectl get pods; rm -rf ~', 'kubectl get pods && id', 'kubectl get pods|grep x', 'kubectl get pods >out', 'kubectl get pods < in', 'kubectl get pods &']) {
      expect(refused(line), line).toMatch(/^"(;|&&|\||>|<|&)" is shell syntax\./);
    }
    expect(refused('kubectl get pods "$(id)"')).toContain('Command substitution needs a shell');
    expect(refused('kubectl get pods `id`')).toContain('Command substitution needs a shell');
    expect(refused('kubectl get pods -n $NS')).toBe('$NS is a shell variable, and kubelab runs kubectl without a shell, so nothing would replace it. Type its value instead.');
    expect(args(`kubectl get pods -o 'jsonpath={.a}|$x'`)).toEqual(['get', 'pods', '-o', 'jsonpath={.a}|$x']);
    expect(args('kubectl get pods a\\|b')).toEqual(['get', 'pods', 'a|b']);
  });

  it('context escapes in every spelling kubectl reads', () => {
    for (const line of ['kubectl get pods --server=https://x', 'kubectl get pods -s https://x', 'kubectl get pods -shttps://x', 'kubectl get pods -As https://x',
      'kubectl get pods --token abc', 'kubectl get pods --as=system:admin', 'kubectl get pods --as-uid=0', 'kubectl get pods --insecure-skip-tls-verify',
      'kubectl --kubeconfig /tmp/k get pods', 'kubectl get pods --client-key=/k']) {
      expect(refused(line, { write: true }), line).toMatch(/is set by kubelab so that every command reaches the lab cluster/);
    }
    expect(refused('KUBECONFIG=/tmp/k kubectl get pods')).toMatch(/^Only kubectl runs here, and "KUBECONFIG=\/tmp\/k" is not kubectl/);
    // -o takes the rest of its cluster as its value, -f a file (not for logs, where it is --follow): no -s in them.
    expect(args('kubectl get pods -ojsonpath={.spec}')).toEqual(['get', 'pods', '-ojsonpath={.spec}']);
    expect(parseKubectlLine('kubectl apply -fissue.yaml', { write: true })).toEqual({ ok: true, argv: ['apply', '-fissue.yaml'] });
    // After -- the words are the container's command, not kubectl's.
    expect(args('kubectl exec web -- ls -s /')).toEqual(['exec', 'web', '--', 'ls', '-s', '/']);
  });

  it('in a class, other namespaces in any spelling', () => {
    const rules = { namespace: 'learner-07' };
    for (const line of ['kubectl get pods -n learner-07 -n default', 'kubectl get pods --namespace=learner-07 -nother', 'kubectl get pods -n default', 'kubectl get pods -ndefault', 'kubectl get pods -n=default', 'kubectl get pods --namespace=default', 'kubectl get pods -n']) {
      expect(refused(line, rules), line).toContain('your work stays in your namespace learner-07');
    }
    for (const line of ['kubectl get pods -A', 'kubectl get pods -Ao wide', 'kubectl get pods --all-namespaces=1']) {
      expect(refused(line, rules), line).toContain('leave out -A');
    }
    expect(parseKubectlLine('kubectl get pods -n learner-07 --all-namespaces=false', rules)).toMatchObject({ ok: true });
  });

  it('interactive and endless flags inside a cluster', () => {
    expect(refused('kubectl get pods -Aw')).toContain('never ends');
    expect(refused('kubectl logs -pf web')).toContain('never ends');
    expect(refused('kubectl exec -ti web -- sh')).toContain('Interactive flags');
    expect(args('kubectl logs -p web')).toEqual(['logs', '-p', 'web']);
  });

  it('programs that are not kubectl, and words that only look like it', () => {
    for (const line of ['sh -c "kubectl get pods"', 'sudo kubectl get pods', '/usr/bin/kubectl get pods', 'ｋｕｂｅｃｔｌ get pods', 'kubectl.exe get pods']) {
      expect(refused(line), line).toMatch(/^Only kubectl runs here/);
    }
  });
});
