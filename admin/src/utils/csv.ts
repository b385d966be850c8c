import type { CoverageMatrix } from '../../../plugin/src/coverage';

const cell = (value: string | number): string => {
  const s = String(value);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s)
    ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`
    : s;
};

/**
 * The coverage matrix as on screen, one line per content type plus a totals
 * line: counts per stage (columns named by stage id), untagged, total. A value
 * a spreadsheet would run as a formula (=, +, -, @) is quoted and prefixed with '.
 */
export const coverageCsv = (
  matrix: CoverageMatrix,
  labels: { type: string; uid: string; untagged: string; total: string; allTypes: string }
): string => {
  const header = [
    labels.type,
    labels.uid,
    ...matrix.stages.map((s) => s.id),
    labels.untagged,
    labels.total,
  ];
  const lines = [header];
  for (const row of matrix.rows) {
    lines.push([
      row.displayName,
      row.uid,
      ...matrix.stages.map((s) => String(row.cells[s.id]?.count ?? 0)),
      String(row.untagged),
      String(row.total),
    ]);
  }
  lines.push([
    labels.allTypes,
    '',
    ...matrix.stages.map((s) => String(matrix.totals[s.id] ?? 0)),
    String(matrix.rows.reduce((n, r) => n + r.untagged, 0)),
    String(matrix.rows.reduce((n, r) => n + r.total, 0)),
  ]);
  return lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
};

/** Saves text as a file, client-side. */
export const downloadText = (filename: string, text: string, type = 'text/csv;charset=utf-8') => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/**
 * The demand report as CSV sections after the coverage matrix: demand per stage
 * (with one column per day: the trend), the ranked "write next" list, and the
 * progression table. Same quoting as the matrix.
 */
export const demandCsv = (report: import('../api').DemandReport): string => {
  const lines: string[][] = [];
  lines.push(['Demand per stage', `${report.days[0]} to ${report.days[report.days.length - 1]}`]);
  lines.push([
    'stage',
    'label',
    'entries',
    'target',
    'requests',
    'exact',
    'widened',
    'empty',
    'views',
    'clicks',
    'click-through',
    ...report.days,
  ]);
  for (const s of report.stages) {
    lines.push([
      s.id,
      s.label,
      String(s.supply),
      String(s.target),
      String(s.requests),
      String(s.exact),
      String(s.widened),
      String(s.empty),
      String(s.views),
      String(s.clicks),
      s.clickThrough.toFixed(4),
      ...s.series.map(String),
    ]);
  }
  lines.push([]);
  lines.push(['Write next']);
  lines.push([
    'rank',
    'stage',
    'audience',
    'content type',
    'uid',
    'requests',
    'widened',
    'empty',
    'unmet',
    'unmet share',
    'entries',
    'target',
    'format suits phase',
  ]);
  for (const w of report.writeNext) {
    lines.push([
      String(w.rank),
      w.stage,
      w.audience,
      w.displayName,
      w.uid,
      String(w.requests),
      String(w.widened),
      String(w.empty),
      String(w.unmet),
      w.unmetShare.toFixed(4),
      String(w.supply),
      String(w.target),
      String(w.suits),
    ]);
  }
  lines.push([]);
  lines.push(['Progression (forward clicks)']);
  lines.push(['from \\ to', ...report.progression.to]);
  for (const from of report.progression.from)
    lines.push([
      from,
      ...report.progression.to.map((to) => String(report.progression.cells[from]?.[to] ?? 0)),
    ]);
  return lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
};
