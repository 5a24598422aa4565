// A report as Markdown, for an instructor to read or paste.
import type { Report } from './build.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function reportMarkdown(r: Report): string {
  const lines = [
    `# kubelab report: ${r.title || r.scenario}`,
    '',
    `- scenario: \`${r.scenario}\` · mode: ${r.mode} · cluster: ${r.cluster}`,
    `- result: **${r.ok ? 'passed' : 'not passed'}**${r.outcome ? ` (${r.outcome})` : ''} · ${r.checks.filter((c) => c.ok).length} check(s) passed, ${r.checks.filter((c) => !c.ok).length} failed`,
    `- started ${r.startedAt}, took ${r.seconds.toFixed(1)} s`,
  ];
  if (r.steps.length > 0) {
    lines.push('', '## Steps', '', '| # | step | result | seconds |', '|---|---|---|---|');
    r.steps.forEach((s, i) => lines.push(`| ${i + 1} | ${cell(s.title)} | ${s.ok === null ? 'not finished' : s.ok ? 'done' : `failed: ${cell(s.reason ?? '')}`} | ${s.seconds.toFixed(1)} |`));
  }
  if (r.checks.length > 0) {
    lines.push('', '## Checks', '');
    for (const c of r.checks) {
      lines.push(`- ${c.ok ? '✓' : '✗'} ${c.guard ? '(guard) ' : ''}${c.check}: ${c.message}`);
      if (!c.ok && c.expected) lines.push(`  - expected: ${c.expected}`, `  - got: ${c.got}`);
      if (!c.ok && c.lookAt) lines.push(`  - look at: ${c.lookAt}`);
    }
  }
  if (r.answers.length > 0) {
    lines.push('', '## Answers', '');
    for (const a of r.answers) lines.push(`- ${a.correct ? '✓' : '✗'} ${a.question} — "${a.given}" (${a.attempts} attempt(s), ${a.hints} hint(s))`);
  }
  if (r.hints.length > 0) {
    lines.push('', '## Hints used', '');
    for (const h of r.hints) lines.push(`- ${h.tier} of ${h.of}: ${h.text}`);
  }
  if (r.summary.length > 0) {
    lines.push('', '## What to remember', '');
    r.summary.forEach((s, i) => lines.push(`${i + 1}. ${s}`));
  }
  return `${lines.join('\n')}\n`;
}
