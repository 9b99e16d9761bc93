// Renders benchmark results: the console table, and the Markdown that docs/benchmarks.md quotes.

const fmtMs = (ms) => (ms === undefined ? '—' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const fmtRatio = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
const fmtMB = (bytes) => (bytes === undefined ? '—' : (bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0));

function cell(row) {
  if (!row) return { ms: undefined, text: '—' };
  if (row.status !== 'ok') return { ms: undefined, text: row.status };
  return { ms: row.medianMs, text: fmtMs(row.medianMs) };
}

/** The table as rows of strings (one per case × backend), with its header. */
export function tableRows(results) {
  const threads = results.torch.threads ?? [];
  const [tMain, tOne] = [threads[0], threads[1]];
  const torchMs = (caseId, t) => results.torchRows.find((r) => r.case === caseId && r.threads === t)?.medianMs;
  const header = [
    'loss', 'size', 'backend', 'losslab ms', 'tf.losses ms', 'losslab ÷ tf.losses', 'fused off ms',
    `PyTorch ${tMain ?? '?'} thr ms`, `losslab ÷ PyTorch ${tMain ?? '?'} thr`,
    ...(tOne !== undefined ? [`PyTorch ${tOne} thr ms`, `losslab ÷ PyTorch ${tOne} thr`] : []),
    'peak MB losslab', 'peak MB tf.losses',
  ];
  const rows = [];
  for (const c of results.cases) {
    for (const b of results.backends) {
      if (b.status !== 'ok') {
        rows.push([c.title, c.size, b.name, `skipped: ${b.reason}`, '', '', '', fmtMs(torchMs(c.id, tMain)), '', ...(tOne !== undefined ? [fmtMs(torchMs(c.id, tOne)), ''] : []), '', '']);
        continue;
      }
      const find = (impl) => results.rows.find((r) => r.case === c.id && r.backend === b.name && r.impl === impl);
      const ll = find('losslab');
      const tl = find('tf.losses');
      const uf = find('losslab-unfused');
      const l = cell(ll);
      const t = cell(tl);
      const tm = torchMs(c.id, tMain);
      rows.push([
        c.title, c.size, b.name, l.text, t.text, fmtRatio(l.ms, t.ms), uf ? cell(uf).text : '—',
        fmtMs(tm), fmtRatio(l.ms, tm), ...(tOne !== undefined ? [fmtMs(torchMs(c.id, tOne)), fmtRatio(l.ms, torchMs(c.id, tOne))] : []),
        ll?.status === 'ok' ? `${fmtMB(ll.bufferBytes)} (${fmtMB(ll.tfMemoryBytes)})` : '—',
        tl?.status === 'ok' ? `${fmtMB(tl.bufferBytes)} (${fmtMB(tl.tfMemoryBytes)})` : '—',
      ]);
    }
  }
  return { header, rows };
}

/** A plain-text table for the console. */
export function consoleTable(results) {
  const { header, rows } = tableRows(results);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const line = (r) => r.map((v, i) => String(v ?? '').padEnd(widths[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The results as Markdown: the machine, then the table, then the notes. */
export function markdown(results) {
  const { header, rows } = tableRows(results);
  const m = results.meta;
  const lines = [
    `Measured ${m.date} on ${m.cpu} (${m.nproc} cores); load average (1 min) at the start of each part: ${(m.loads ?? []).join(', ')}, ${m.loadAfter} at the end; ` +
      `Node ${m.node}, tfjs ${m.tfjs}${m.tfjsNode ? `, tfjs-node ${m.tfjsNode}` : ''}, PyTorch ${results.torch.version ?? 'not run'}.`,
    `Forward + backward (gradient w.r.t. the predictions): the median of at least ${m.runs} runs (more for fast cases, until ${m.minSeconds} s of timing, at most 200) after ${m.warmup} warm-up${m.quick ? ' (quick mode: smaller sizes)' : ''}.`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    'Ratios below 1 mean losslab is faster. The fused kernels run on one thread: PyTorch on one thread is the equal-threads comparison for them. ' +
      '"fused off" is losslab with `setFusedKernels(\'never\')` (tfjs ops). ' +
      'Peak MB: distinct buffers allocated during one run (in parentheses tf.memory().numBytes, which counts two tensors on one buffer twice).',
  ];
  for (const b of results.backends) {
    if (b.status === 'ok' && b.info) lines.push(`- ${b.name}: ${b.info}`);
  }
  for (const n of results.notes ?? []) lines.push(`- ${n}`);
  return lines.join('\n') + '\n';
}
