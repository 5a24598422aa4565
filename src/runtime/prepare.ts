// Preflight before a lab: report each item, offer to install a missing kind or kubectl, stop on problems.
import { install, downloadFor } from '../cluster/install.js';
import { preflight, type PreflightResult } from '../cluster/preflight.js';
import { LabError } from '../errors.js';
import type { Emit } from '../engine/events.js';
import type { Settings } from '../settings.js';

/** Asks the person whether kubelab may download a tool; never answered yes on their behalf. */
export type InstallConsent = (tool: 'kind' | 'kubectl', url: string, into: string) => Promise<boolean>;

export const consentQuestion = (tool: string, url: string, into: string): string =>
  `${tool} is missing. Download it from ${url} into ${into} and check its sha256?`;

export async function prepare(settings: Settings, emit: Emit, signal: AbortSignal, consent: InstallConsent): Promise<PreflightResult> {
  let result = await preflight(settings, signal);
  const missing = (['kind', 'kubectl'] as const).filter((tool) => result.tools[tool] === undefined);
  let installed = false;
  for (const tool of missing) {
    const download = downloadFor(tool);
    if (!(await consent(tool, download.url, settings.binDir))) continue;
    emit({ type: 'notice', level: 'info', text: `Downloading ${tool} ${download.version} from ${download.url}` });
    const path = await install(download, settings.binDir, signal);
    emit({ type: 'notice', level: 'info', text: `Installed ${tool} at ${path} (sha256 verified)` });
    installed = true;
  }
  if (installed) result = await preflight(settings, signal);
  emit({ type: 'preflight', items: result.items });
  const problems = result.items.filter((i) => i.level === 'problem');
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new LabError(
      problems.length === 1 ? `This machine is not ready: ${first.detail}.` : `This machine is not ready: ${problems.map((p) => p.detail).join('; ')}.`,
      problems.map((p) => p.fix).filter(Boolean).join('\n'),
    );
  }
  return result;
}
