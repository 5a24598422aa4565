// A cluster kubelab did not make (a class's shared cluster): its kubeconfig file and context,
// the namespace the context names, and whether this kubeconfig may do a lab's work there.
import { run } from '../cluster/exec.js';
import { Kubectl } from '../cluster/kubectl.js';
import { parseKubectlVersion } from '../cluster/parse-tools.js';
import { findTools } from '../cluster/tools.js';
import type { Emit } from '../engine/events.js';
import { LabError } from '../errors.js';
import type { Settings } from '../settings.js';
import { existsSync } from 'node:fs';

interface Minified {
  'current-context'?: string;
  contexts?: { name: string; context?: { namespace?: string } }[];
}

/** The settings with the context and namespace the kubeconfig names; kubectl reads the file. */
export async function resolveExisting(settings: Settings, signal: AbortSignal): Promise<Settings> {
  if (!existsSync(settings.kubeconfig)) throw new LabError(`There is no kubeconfig at ${settings.kubeconfig}.`, 'Give the file your instructor handed out: --kubeconfig <file>.');
  const kubectl = findTools(settings.binDir).kubectl;
  if (!kubectl) throw new LabError('kubectl is not installed.', 'kubelab can download a pinned one: kubelab doctor --install kubectl');
  const args = ['config', 'view', '--minify', '-o', 'json', '--kubeconfig', settings.kubeconfig, ...(settings.context ? ['--context', settings.context] : [])];
  const result = await run(kubectl, args, { timeoutMs: 30_000, signal });
  if (result.exitCode !== 0) {
    throw new LabError(`kubectl can't read ${settings.kubeconfig}${settings.context ? ` with the context ${settings.context}` : ''}: ${result.stderr.trim().split('\n').at(-1)}`, 'Check the file and the context name (kubectl config get-contexts --kubeconfig <file>).');
  }
  const view = JSON.parse(result.stdout) as Minified;
  const context = settings.context || view['current-context'];
  if (!context) throw new LabError(`${settings.kubeconfig} names no current context.`, 'Pick one with --context <name>.');
  const namespace = view.contexts?.find((c) => c.name === context)?.context?.namespace ?? 'default';
  return { ...settings, context, clusterName: context, namespace };
}

/** Checks the cluster answers and this kubeconfig may work in its namespace; returns kubectl and the server version. */
export async function connectExisting(settings: Settings, kubectlBin: string, emit: Emit, signal: AbortSignal): Promise<{ kubectl: Kubectl; serverVersion?: string }> {
  const started = Date.now();
  const kubectl = new Kubectl(kubectlBin, settings, signal);
  const version = await run(kubectlBin, [...kubectl.globalArgs, 'version', '-o', 'json', '--request-timeout=20s'], { timeoutMs: 30_000, signal });
  const serverVersion = parseKubectlVersion(version.stdout).server;
  if (!serverVersion) {
    const said = version.stderr.trim().split('\n').at(-1) ?? '';
    if (/Unauthorized|must be logged in|provide credentials|token has expired|invalid bearer token/i.test(said)) {
      throw new LabError(`The cluster refused this kubeconfig's credentials (${said}).`, 'Your token has expired or was withdrawn: ask your instructor for a new kubeconfig.');
    }
    throw new LabError(`The cluster in ${settings.kubeconfig} (context ${settings.context}) does not answer: ${said}`, 'Check your network, or ask your instructor whether the cluster is up.');
  }
  const canI = await run(kubectlBin, [...kubectl.globalArgs, 'auth', 'can-i', 'create', 'pods'], { timeoutMs: 30_000, signal });
  if (canI.stdout.trim() !== 'yes') {
    throw new LabError(`This kubeconfig may not create pods in the namespace ${settings.namespace}.`, 'A lab needs a namespace of your own: use the kubeconfig your instructor handed out for you (kubelab class create writes them).');
  }
  emit({ type: 'cluster.ready', name: settings.context, context: settings.context, kubeconfig: settings.kubeconfig, reused: true, seconds: (Date.now() - started) / 1000, serverVersion });
  emit({ type: 'notice', level: 'info', text: `Working in the namespace ${settings.namespace} of the cluster in ${settings.kubeconfig}; nothing of kind or Docker is needed.` });
  return { kubectl, serverVersion };
}
