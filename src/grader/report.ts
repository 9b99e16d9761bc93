/**
 * The grade report as text (what `text/plain` shows in a notebook and what a script prints), and
 * the assertion a notebook or a test ends with.
 */
import { formatNumber } from './compare.js';
import type { CaseResult, GradeReport } from './types.js';

function firstDifference(c: CaseResult): string {
  const v = c.value;
  if (!v) return '';
  if (!v.got) return `expected ${v.expected.text}`;
  if (v.got.shape.join() !== v.expected.shape.join()) return `expected shape [${v.expected.shape.join(', ')}], got [${v.got.shape.join(', ')}]`;
  if (!v.ok) {
    const i = Math.max(v.firstBad, 0);
    return v.expected.values.length <= 1 ? `expected ${v.expected.text}, got ${v.got.text}` : `at [${i}] expected ${formatNumber(v.expected.values[i]!)}, got ${formatNumber(v.got.values[i]!)}`;
  }
  for (const [name, g] of Object.entries({ ...c.gradients, ...(c.studentGradients ?? {}) })) {
    if (!g.ok && g.got) return `d/d${name}: expected ${g.expected.text}, got ${g.got.text}`;
  }
  return '';
}

/** A readable multi-line summary of a report. */
export function formatReport(r: GradeReport): string {
  const lines: string[] = [];
  lines.push(`${r.title} (${r.loss}): ${r.score.passed}/${r.score.total} cases passed — ${r.passed ? 'PASSED' : 'FAILED'}`);
  if (r.diagnoses.length > 0) {
    lines.push('', 'Diagnosis:');
    for (const d of r.diagnoses) {
      lines.push(`  ✗ ${d.message}`);
      lines.push(`    → ${d.hint}`);
      lines.push(`    (${d.cases.length} case${d.cases.length > 1 ? 's' : ''}: ${d.cases.slice(0, 3).join('; ')}${d.cases.length > 3 ? '; …' : ''})`);
    }
  }
  lines.push('', 'Cases:');
  for (const c of r.cases) {
    const unfinished = c.diagnoses.length > 0 && c.diagnoses.every((d) => d.id === 'not-implemented');
    lines.push(`  ${c.passed ? '✓' : '✗'} ${c.name}${unfinished ? ' (not implemented)' : ''}`);
    if (c.passed || unfinished) continue;
    const diff = firstDifference(c);
    if (diff) lines.push(`      ${diff}`);
    for (const [name, t] of Object.entries(c.inputs)) lines.push(`      ${name} = ${t.text}`);
    const opts = Object.entries(c.options);
    if (opts.length > 0) lines.push(`      options: ${opts.map(([k, v]) => `${k} = ${typeof v === 'string' && v.startsWith('[') ? v : JSON.stringify(v)}`).join(', ')}`);
  }
  if (!r.timeLimited) lines.push('', 'Note: no time limit here (browser): an endless loop in the student code hangs the page.');
  return lines.join('\n');
}

/**
 * Throws an Error carrying the summary unless the report passed. With `allowUnfinished`, a report
 * whose only diagnosis is "not implemented" does not throw either: a student's notebook, run
 * before the exercise is done, reports instead of failing.
 */
export function assertPassed(report: GradeReport, options: { allowUnfinished?: boolean } = {}): void {
  if (report.passed) return;
  if (options.allowUnfinished && report.diagnoses.length > 0 && report.diagnoses.every((d) => d.id === 'not-implemented')) return;
  throw new Error(`checkLoss(${report.loss}) failed:\n${report.summary}`);
}
