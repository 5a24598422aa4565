// The files of a new scenario: a small, working example (a container whose command fails) that
// validates and self-tests as it stands, so an author starts from something that runs.
export function scaffoldFiles(id: string): Record<string, string> {
  const pod = `${id}-pod`;
  const fixed = `${id}-fixed-pod`;
  return {
    'issue.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: ${pod}
  labels: { app: ${id} }
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "echo starting; exit 3"]
`,
    'fix.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: ${fixed}
  labels: { app: ${id} }
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "echo starting; sleep 3600"]
`,
    'lesson.md': `# ${id}

Write the lesson in your own words. Each section a step points at starts with "## Title {#id}".

## What breaks {#setup}

The container's command ends at once with exit code 3, so kubelet restarts it again and again.

## The evidence {#evidence}

kubectl describe pod shows Last State: Terminated, with Reason Error and the exit code.
`,
    'scenario.yaml': `# A new scenario: edit the manifests, the steps and the exercise, then kubelab validate and kubelab test.
id: ${id}
title: "${id}: a container whose command fails"
lesson: lesson.md
minutes: 5
manifests:
  issue: issue.yaml
  fix: fix.yaml
targets:
  issue: { kind: pod, name: ${pod}, container: app, manifest: issue }
  fix: { kind: pod, name: ${fixed}, container: app, manifest: fix }
steps:
  - id: read-issue
    kind: read
    title: Read the manifest
    manifest: issue
    highlight: ['exit 3']
    lesson: setup
  - id: apply-issue
    kind: apply
    title: Apply issue.yaml
    manifest: issue
  - id: watch-failure
    kind: watch
    title: Watch the container fail
    target: issue
    timeout: 120s
    until:
      - { type: terminated, reason: Error, exitCode: 3 }
      - { type: restartCount, atLeast: 1 }
  - id: describe
    kind: command
    title: Read the evidence
    suggest: kubectl describe pod ${pod}
    expect: { verb: describe, resource: pods, name: ${pod} }
    point: [reason, exitCode]
    lesson: evidence
  - id: ask-exit-code
    kind: question
    title: How did it end?
    target: issue
    ask: Which exit code did the container end with?
    answer: { fact: terminated.exitCode }
    match: number
    hints: [It is the Exit Code line under Last State.]
  - id: diff-fix
    kind: diff
    title: Compare issue.yaml with fix.yaml
    from: issue
    to: fix
  - id: delete-issue
    kind: delete
    title: Delete the failing pod
    target: issue
  - id: apply-fix
    kind: apply
    title: Apply fix.yaml
    manifest: fix
  - id: fixed-running
    kind: watch
    title: The fixed pod stays Running
    target: fix
    goal: true
    until:
      - { type: phase, equals: Running }
      - { type: restartCount, equals: 0 }
    stableFor: 15s
exercise:
  brief:
    symptom: The app's pod never stays up; RESTARTS keeps going up.
    fixed: A pod labelled app=${id} stays Running with no restart for 15 seconds.
  workload: { labels: { app: ${id} } }
  criteria:
    - { type: phase, equals: Running }
    - { type: restartCount, equals: 0 }
  guards:
    - type: command
      includes: [echo]
      why: The app still has to do its work (here, print "starting").
  stableFor: 15s
  hints:
    - Read Last State in kubectl describe pod.
    - The command exits on purpose. Make it keep running.
summary:
  - A container whose main process exits is restarted by kubelet, with a growing back-off.
cleanup:
  - manifest: issue
  - manifest: fix
`,
  };
}
