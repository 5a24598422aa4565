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
