import type { CoverageMatrix } from '../../../plugin/src/coverage';

/** A negative number stays a number; any other text starting like a formula is defused. */
const NUMBER = /^-?\d+(\.\d+)?$/;

const cell = (value: string | number): string => {
  const s = String(value);
  const formula = /^[=+\-@]/.test(s) && !NUMBER.test(s);
  return /[",\n\r]/.test(s) || formula ? `"${(formula ? `'${s}` : s).replace(/"/g, '""')}"` : s;
};

/** Words of the coverage CSV, in the admin's language; ids stay in their own columns. */
export interface CoverageCsvWords {
  title: string;
  /** The filters on screen, e.g. ["Audience: B2B", "Status: Draft", "Language: all"]. */
  filters: string[];
  columns: {
    type: string;
    stage: string;
    phase: string;
    framework: string;
    entries: string;
    target: string;
    state: string;
    typeId: string;
    stageId: string;
  };
  stageName: (stage: CoverageMatrix['stages'][number]) => string;
  phaseName: (phase: string) => string;
  frameworkName: (framework: string) => string;
  states: { gap: string; met: string; notApplicable: string };
  untagged: string;
  total: string;
  allTypes: string;
}

/**
 * The coverage matrix as on screen, one line per content type × stage (a spreadsheet
 * pivots it back into the grid): entries, the cell's target, and whether it is a gap;
 * then each type's entries without a stage and in all; then the all-types totals. A
 * first line names the filters. Labels for people, ids in the last two columns. Starts
 * with a byte order mark, so spreadsheet apps read accents as UTF-8.
 */
export const coverageCsv = (matrix: CoverageMatrix, w: CoverageCsvWords): string => {
  const c = w.columns;
  const lines: string[][] = [[w.title, ...w.filters]];
  lines.push([
    c.type,
    c.stage,
    c.phase,
    c.framework,
    c.entries,
    c.target,
    c.state,
    c.typeId,
    c.stageId,
  ]);
  const stageColumns = (s: CoverageMatrix['stages'][number]) => [
    w.stageName(s),
    w.phaseName(s.phase),
    w.frameworkName(s.framework),
  ];
  for (const row of matrix.rows) {
    for (const s of matrix.stages) {
      const cellOf = row.cells[s.id];
      if (!cellOf) continue;
      const state = !cellOf.applies
        ? w.states.notApplicable
        : cellOf.gap
          ? w.states.gap
          : w.states.met;
      lines.push([
        row.displayName,
        ...stageColumns(s),
        String(cellOf.count),
        cellOf.applies ? String(cellOf.target) : '',
        state,
        row.uid,
        s.id,
      ]);
    }
    lines.push([row.displayName, w.untagged, '', '', String(row.untagged), '', '', row.uid, '']);
    lines.push([row.displayName, w.total, '', '', String(row.total), '', '', row.uid, '']);
  }
  for (const s of matrix.stages)
    lines.push([
      w.allTypes,
      ...stageColumns(s),
      String(matrix.totals[s.id] ?? 0),
      '',
      '',
      '',
      s.id,
    ]);
  return '\uFEFF' + lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
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
    'stage label',
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
      w.stageLabel ?? '',
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
  return '\uFEFF' + lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
};

/** Words of one experiment's CSV, in the admin's language; ids stay in the last two columns. */
export interface ExperimentCsvWords {
  /** The first line: what the file is, the experiment's label, status, scope, days counted. */
  heading: string[];
  columns: {
    arm: string;
    kind: string;
    configured: string;
    share: string;
    answers: string;
    views: string;
    clicks: string;
    progressions: string;
    clickRate: string;
    clickLow: string;
    clickHigh: string;
    progressionRate: string;
    progressionLow: string;
    progressionHigh: string;
    lift: string;
    liftLow: string;
    liftHigh: string;
    pValue: string;
    verdict: string;
    progressionLift: string;
    progressionLiftLow: string;
    progressionLiftHigh: string;
    progressionPValue: string;
    armId: string;
    experimentId: string;
  };
  kindName: (kind: string) => string;
  verdict: (arm: string) => string;
  /** The label of the "not in the experiment" line. */
  outside: string;
  /** Lines after the table: "Not enough data yet…", the sample-ratio warning. */
  notes: string[];
}

const decimal = (x: number | null | undefined, digits = 4) =>
  x === null || x === undefined || !Number.isFinite(x) ? '' : x.toFixed(digits);

/**
 * One experiment's result as on the coverage page, one line per arm (labels first,
 * rates and lifts as decimals a spreadsheet can compute with), the "not in the
 * experiment" line, then the notes. Same quoting and byte order mark as the coverage CSV.
 */
export const experimentCsv = (
  e: import('../experimentsApi').ExperimentRow,
  w: ExperimentCsvWords
): string => {
  const c = w.columns;
  const r = e.result;
  const total = r.arms.reduce((n, a) => n + a.answers, 0);
  const lines: string[][] = [w.heading];
  lines.push([
    c.arm,
    c.kind,
    c.configured,
    c.share,
    c.answers,
    c.views,
    c.clicks,
    c.progressions,
    c.clickRate,
    c.clickLow,
    c.clickHigh,
    c.progressionRate,
    c.progressionLow,
    c.progressionHigh,
    c.lift,
    c.liftLow,
    c.liftHigh,
    c.pValue,
    c.verdict,
    c.progressionLift,
    c.progressionLiftLow,
    c.progressionLiftHigh,
    c.progressionPValue,
    c.armId,
    c.experimentId,
  ]);
  for (const arm of e.arms) {
    const a = r.arms.find((x) => x.arm === arm.id);
    const click = r.comparisons.find((x) => x.arm === arm.id && x.metric === 'click');
    const prog = r.comparisons.find((x) => x.arm === arm.id && x.metric === 'progression');
    lines.push([
      arm.label,
      w.kindName(arm.kind),
      String(arm.percent / 100),
      total > 0 && a ? decimal(a.answers / total) : '',
      String(a?.answers ?? 0),
      String(a?.views ?? 0),
      String(a?.clicks ?? 0),
      String(a?.progressions ?? 0),
      decimal(a?.clickRate),
      decimal(a?.clickInterval?.low),
      decimal(a?.clickInterval?.high),
      decimal(a?.progressionRate),
      decimal(a?.progressionInterval?.low),
      decimal(a?.progressionInterval?.high),
      decimal(click?.lift),
      decimal(click?.low),
      decimal(click?.high),
      decimal(click?.pValue),
      w.verdict(arm.id),
      decimal(prog?.lift),
      decimal(prog?.low),
      decimal(prog?.high),
      decimal(prog?.pValue),
      arm.id,
      e.id,
    ]);
  }
  if (r.outside) {
    const o = r.outside;
    lines.push([
      w.outside,
      '',
      '',
      '',
      String(o.answers),
      String(o.views),
      String(o.clicks),
      String(o.progressions),
      ...Array<string>(15).fill(''),
      '',
      e.id,
    ]);
  }
  if (w.notes.length) {
    lines.push([]);
    for (const note of w.notes) lines.push([note]);
  }
  return '\uFEFF' + lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
};
