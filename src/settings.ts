// Where kubelab keeps its own files and which cluster it drives; flags win over the environment.
// Every path kubelab writes comes from here: its home (kubeconfig, tools), the learner's progress
// (XDG state), run-time files (XDG runtime) and the default exercise workspace.
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Settings {
  /** kind: kubelab's own local cluster. existing: a cluster someone gave a kubeconfig for (a class). */
  mode: 'kind' | 'existing';
  home: string;
  clusterName: string;
  context: string;
  /** kind's name for the node container of a one-node cluster. */
  nodeContainer: string;
  kubeconfig: string;
  binDir: string;
  /** Progress and other state that outlives a run (XDG_STATE_HOME/kubelab). */
  stateDir: string;
  /** Files that live only while kubelab runs: locks, sockets (XDG_RUNTIME_DIR/kubelab). */
  runtimeDir: string;
  /** Where exercises copy their manifests for the learner to edit, one folder per scenario. */
  workRoot: string;
  /** The namespace every scenario object lives in. */
  namespace: string;
  image?: string;
  kindConfig?: string;
  /** Multiplies every wait and timeout; below 1 only for tests against the stand-ins. */
  timeScale: number;
}

export interface SettingFlags {
  image?: string;
  kindConfig?: string;
  cluster?: string;
  /** An existing cluster: its kubeconfig file, and the context to use (default: the file's current one). */
  kubeconfig?: string;
  context?: string;
}

export function settingsFrom(flags: SettingFlags, env: NodeJS.ProcessEnv = process.env): Settings {
  const user = env.HOME || homedir();
  const home = resolve(env.KUBELAB_HOME ?? join(user, '.kubelab'));
  const clusterName = flags.cluster ?? env.KUBELAB_CLUSTER ?? 'kubelab';
  const kindConfig = flags.kindConfig ?? env.KUBELAB_KIND_CONFIG;
  const scale = Number(env.KUBELAB_TIME_SCALE ?? '1');
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const existing = flags.kubeconfig !== undefined;
  return {
    mode: existing ? 'existing' : 'kind',
    home,
    // On an existing cluster the context is resolved from the file when the run starts (resolveExisting).
    clusterName: existing ? flags.context ?? 'existing' : clusterName,
    context: existing ? flags.context ?? '' : `kind-${clusterName}`,
    nodeContainer: `${clusterName}-control-plane`,
    kubeconfig: existing ? resolve(flags.kubeconfig!) : join(home, 'kubeconfig'),
    binDir: join(home, 'bin'),
    stateDir: resolve(env.XDG_STATE_HOME || join(user, '.local', 'state'), 'kubelab'),
    runtimeDir: env.XDG_RUNTIME_DIR ? resolve(env.XDG_RUNTIME_DIR, 'kubelab') : join(tmpdir(), `kubelab-${uid}`),
    workRoot: resolve(env.KUBELAB_WORKDIR ?? join(user, 'kubelab-exercises')),
    namespace: 'default',
    image: flags.image ?? (env.KUBELAB_NODE_IMAGE || undefined),
    kindConfig: kindConfig ? resolve(kindConfig) : undefined,
    timeScale: Number.isFinite(scale) && scale > 0 ? scale : 1,
  };
}

export const scaled = (settings: Settings, ms: number): number => Math.max(1, Math.round(ms * settings.timeScale));
