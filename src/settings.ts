// Where kubelab keeps its own files and which cluster it drives; flags win over the environment.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Settings {
  home: string;
  clusterName: string;
  context: string;
  /** kind's name for the node container of a one-node cluster. */
  nodeContainer: string;
  kubeconfig: string;
  binDir: string;
  image?: string;
  kindConfig?: string;
  /** Multiplies every wait and timeout; below 1 only for tests against the stand-ins. */
  timeScale: number;
}

export interface SettingFlags {
  image?: string;
  kindConfig?: string;
  cluster?: string;
}

export function settingsFrom(flags: SettingFlags, env: NodeJS.ProcessEnv = process.env): Settings {
  const home = resolve(env.KUBELAB_HOME ?? join(homedir(), '.kubelab'));
  const clusterName = flags.cluster ?? env.KUBELAB_CLUSTER ?? 'kubelab';
  const kindConfig = flags.kindConfig ?? env.KUBELAB_KIND_CONFIG;
  const scale = Number(env.KUBELAB_TIME_SCALE ?? '1');
  return {
    home,
    clusterName,
    context: `kind-${clusterName}`,
    nodeContainer: `${clusterName}-control-plane`,
    kubeconfig: join(home, 'kubeconfig'),
    binDir: join(home, 'bin'),
    image: flags.image ?? (env.KUBELAB_NODE_IMAGE || undefined),
    kindConfig: kindConfig ? resolve(kindConfig) : undefined,
    timeScale: Number.isFinite(scale) && scale > 0 ? scale : 1,
  };
}

export const scaled = (settings: Settings, ms: number): number => Math.max(1, Math.round(ms * settings.timeScale));
