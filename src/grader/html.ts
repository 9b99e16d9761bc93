/**
 * The grade report as HTML: the diagnoses with their hints, then a pass/fail table of the cases
 * (expected vs got, the diagnosis), and the inputs of the failed cases. Self-contained (inline
 * styles, no script), so it renders in JupyterLab, nbconvert exports and GitHub alike. The report's
 * display hook shows it with the text summary; the kernel's `showReport` adds the curve overlay.
 */
import { DIAGNOSES } from './diagnoses.js';
import type { CaseResult, GradeReport } from './types.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function clip(s: string, n = 80): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

const PASS = '#1a7f37';
const FAIL = '#cf222e';
const CELL = 'padding:3px 8px;border-bottom:1px solid #d0d7de;text-align:left;vertical-align:top';

function gotText(c: CaseResult): string {
  if (c.error) return c.error;
  const v = c.value;
  if (!v?.got) return '—';
  if (!v.ok) return v.got.text;
  const bad = Object.entries({ ...c.gradients, ...(c.studentGradients ?? {}) }).find(([, g]) => !g.ok);
  return bad ? `d/d${bad[0]}: ${bad[1].got?.text ?? '—'}` : v.got.text;
}

function expectedText(c: CaseResult): string {
  const v = c.value;
  if (!v) return '—';
  if (v.ok) {
    const bad = Object.entries({ ...c.gradients, ...(c.studentGradients ?? {}) }).find(([, g]) => !g.ok);
    if (bad) return `d/d${bad[0]}: ${bad[1].expected.text}`;
  }
  return v.expected.text;
}

function row(c: CaseResult): string {
  const mark = c.passed ? `<span style="color:${PASS}">✓</span>` : `<span style="color:${FAIL}">✗</span>`;
  const diag = c.diagnoses.map((d) => esc(DIAGNOSES[d.id].title)).join('; ');
  const cells = [mark, esc(c.name), `<code>${esc(clip(expectedText(c)))}</code>`, `<code>${esc(clip(gotText(c)))}</code>`, diag];
  return `<tr>${cells.map((x) => `<td style="${CELL}">${x}</td>`).join('')}</tr>`;
}

function failedInputs(r: GradeReport): string {
  const failed = r.cases.filter((c) => !c.passed);
  if (failed.length === 0) return '';
  const items = failed.map((c) => {
    const inputs = Object.entries(c.inputs).map(([k, t]) => `<div><code>${esc(k)} = ${esc(t.text)}</code></div>`);
    const options = Object.entries(c.options).map(([k, v]) => `${esc(k)} = ${esc(typeof v === 'string' ? v : JSON.stringify(v))}`);
    const opts = options.length > 0 ? `<div><code>options: ${options.join(', ')}</code></div>` : '';
    return `<li><b>${esc(c.name)}</b>${inputs.join('')}${opts}</li>`;
  });
  return `<details><summary>Inputs of the failed cases</summary><ul>${items.join('')}</ul></details>`;
}

/** The report as a self-contained HTML fragment. */
export function reportHtml(r: GradeReport): string {
  const color = r.passed ? PASS : FAIL;
  const head = `<div style="font-weight:600;margin-bottom:4px">${esc(r.title)} (<code>${esc(r.loss)}</code>): ${r.score.passed}/${r.score.total} cases passed — <span style="color:${color}">${r.passed ? 'PASSED' : 'FAILED'}</span></div>`;
  const diagnoses = r.diagnoses.length
    ? `<ul style="margin:4px 0 8px 0">${r.diagnoses
        .map((d) => `<li><b>${esc(DIAGNOSES[d.id].title)}</b>: ${esc(d.message)}<br><i>→ ${esc(d.hint)}</i> <span style="color:#57606a">(${d.cases.length} case${d.cases.length > 1 ? 's' : ''})</span></li>`)
        .join('')}</ul>`
    : '';
  const header = ['', 'case', 'expected', 'got', 'diagnosis'].map((h) => `<th style="${CELL}">${h}</th>`).join('');
  const table = `<table style="border-collapse:collapse;font-size:12px"><thead><tr>${header}</tr></thead><tbody>${r.cases.map(row).join('')}</tbody></table>`;
  const note = r.timeLimited ? '' : '<p><i>No time limit here (browser): an endless loop in the graded code hangs the page.</i></p>';
  return `<div class="losslab-grade-report">${head}${diagnoses}${table}${failedInputs(r)}${note}</div>`;
}
