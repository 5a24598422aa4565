// A report as JUnit XML: one test case per check, failures carrying what was expected and found.
import type { Report } from './build.js';

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  // XML 1.0 can't carry most control characters, even escaped.
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function reportJunit(r: Report): string {
  const failures = r.checks.filter((c) => !c.ok).length;
  const cases = r.checks.map((c) => {
    const head = `    <testcase classname="kubelab.${esc(r.scenario)}.${esc(c.step)}" name="${esc(`${c.guard ? 'guard: ' : ''}${c.check}`)}" time="0">`;
    if (c.ok) return `${head}</testcase>`;
    const message = c.expected ? `expected ${c.expected}, got ${c.got}` : c.message;
    const detail = [c.message, c.note, c.lookAt ? `look at: ${c.lookAt}` : undefined].filter(Boolean).join('\n');
    return `${head}\n      <failure message="${esc(message)}" type="${c.guard ? 'guard' : 'check'}">${esc(detail)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kubelab" tests="${r.checks.length}" failures="${failures}" time="${r.seconds.toFixed(3)}">`,
    `  <testsuite name="kubelab.${esc(r.scenario)}" tests="${r.checks.length}" failures="${failures}" errors="0" skipped="0" time="${r.seconds.toFixed(3)}" timestamp="${esc(r.startedAt)}">`,
    '    <properties>',
    `      <property name="mode" value="${esc(r.mode)}"/>`,
    `      <property name="cluster" value="${esc(r.cluster)}"/>`,
    ...(r.outcome ? [`      <property name="outcome" value="${esc(r.outcome)}"/>`] : []),
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
