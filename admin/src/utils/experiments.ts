import type { Experiment, ExperimentArm } from '../../../plugin/src/experiments';
import type { Comparison } from '../../../plugin/src/experiment-stats';
import type { ExperimentResultData } from '../experimentsApi';

/*
 * Pure helpers of the experiments UI (coverage page results, settings page editing):
 * numbers in words, the state an experiment is in, and the form ↔ PUT body mapping.
 */

/** The status as stored, and what its dates add: not started yet, or past its stop date. */
export interface ExperimentState {
  status: Experiment['status'];
  timing: 'scheduled' | 'ended' | null;
}

export const experimentState = (
  e: Pick<Experiment, 'status' | 'startAt' | 'stopAt'>,
  now: number = Date.now()
): ExperimentState => {
  const start = e.startAt ? Date.parse(e.startAt) : -Infinity;
  const stop = e.stopAt ? Date.parse(e.stopAt) : Infinity;
  if (e.status === 'stopped') return { status: e.status, timing: null };
  return { status: e.status, timing: now >= stop ? 'ended' : now < start ? 'scheduled' : null };
};

const MINUS = '\u2212';

/** A rate as a percent with one decimal: 0.0412 → "4.1 %"; null → "–". */
export const percentText = (rate: number | null | undefined, digits = 1): string =>
  rate === null || rate === undefined || !Number.isFinite(rate)
    ? '–'
    : `${(rate * 100).toFixed(digits)} %`;

/** A relative change in whole percents with its sign: 0.18 → "+18 %", −0.03 → "−3 %". */
export const signedPercent = (x: number): string => {
  const n = Math.round(x * 100);
  return `${n > 0 ? '+' : n < 0 ? MINUS : ''}${Math.abs(n)} %`;
};

/** "+18 % (−3 % to +44 %)"; "–" when the control has no clicks yet. */
export const liftText = (c: Pick<Comparison, 'lift' | 'low' | 'high'> | undefined): string => {
  if (!c || c.lift === null) return '–';
  if (c.low === null || c.high === null) return signedPercent(c.lift);
  return `${signedPercent(c.lift)} (${signedPercent(c.low)} to ${signedPercent(c.high)})`;
};

/** A rate and its 95 % interval: "4.1 % (3.2–5.3 %)". */
export const rateText = (
  rate: number | null,
  interval: { low: number; high: number } | null
): string =>
  rate === null
    ? '–'
    : interval
      ? `${percentText(rate)} (${(interval.low * 100).toFixed(1)}–${percentText(interval.high)})`
      : percentText(rate);

/** "0.032", "< 0.001"; "–" without a test. */
export const pValueText = (p: number | null | undefined): string =>
  p === null || p === undefined || !Number.isFinite(p) ? '–' : p < 0.001 ? '< 0.001' : p.toFixed(3);

/** Answers each arm still needs: the sample size minus the smallest arm's answers; null while the control has no clicks. */
export const answersStillNeeded = (result: ExperimentResultData): number | null => {
  if (result.neededPerArm === null) return null;
  const smallest = Math.min(...result.arms.map((a) => a.answers));
  return Math.max(0, result.neededPerArm - (Number.isFinite(smallest) ? smallest : 0));
};

export type Verdict = 'better' | 'worse' | 'noDifference' | 'notEnough' | 'control';

/** What a person should conclude about an arm against the control, on click-through. */
export const verdictOf = (
  arm: string,
  control: string,
  result: ExperimentResultData,
  metric: Comparison['metric'] = 'click'
): Verdict => {
  if (arm === control) return 'control';
  if (!result.enoughData) return 'notEnough';
  const c = result.comparisons.find((x) => x.arm === arm && x.metric === metric);
  if (!c || c.lift === null || !c.significant) return 'noDifference';
  return c.lift > 0 ? 'better' : 'worse';
};

/** Share of the experiment's answers an arm got (its actual split); null before any answer. */
export const answerShare = (result: ExperimentResultData, arm: string): number | null => {
  const total = result.arms.reduce((n, a) => n + a.answers, 0);
  const a = result.arms.find((x) => x.arm === arm);
  return total > 0 && a ? a.answers / total : null;
};

// ---------------------------------------------------------------------------
// The settings form
// ---------------------------------------------------------------------------

/** An arm as edited: documentIds as typed (a list separated by commas or spaces). */
export interface ArmDraft {
  id: string;
  label: string;
  kind: ExperimentArm['kind'];
  percent: number | undefined;
  documentIds: string;
  defaultStage: string;
}

/** An experiment as edited: minimumLift in whole percents, dates as ISO strings ('' = none). */
export interface ExperimentDraft {
  id: string;
  label: string;
  status: Experiment['status'];
  startAt: string;
  stopAt: string;
  audience: Experiment['audience'];
  locale: string;
  arms: ArmDraft[];
  control: string;
  liftPercent: number | undefined;
  /** Not stored yet: its id may still change. */
  isNew?: boolean;
  /** The id was typed by hand: it no longer follows the label. */
  idTouched?: boolean;
}

export const toExperimentDraft = (e: Experiment): ExperimentDraft => ({
  id: e.id,
  label: e.label,
  status: e.status,
  startAt: e.startAt ?? '',
  stopAt: e.stopAt ?? '',
  audience: e.audience,
  locale: e.locale,
  arms: e.arms.map((a) => ({
    id: a.id,
    label: a.label,
    kind: a.kind,
    percent: a.percent,
    documentIds: (a.documentIds ?? []).join(', '),
    defaultStage: a.defaultStage ?? '',
  })),
  control: e.control,
  liftPercent: Math.round(e.minimumLift * 10000) / 100,
});

/** The PUT body of one experiment, in the key order the server stores (so an unchanged form compares equal). */
export const toExperiment = (d: ExperimentDraft): Experiment => ({
  id: d.id.trim(),
  label: d.label.trim(),
  status: d.status,
  ...(d.startAt ? { startAt: d.startAt } : {}),
  ...(d.stopAt ? { stopAt: d.stopAt } : {}),
  audience: d.audience,
  locale: d.locale,
  arms: d.arms.map((a) => ({
    id: a.id.trim(),
    label: a.label.trim(),
    kind: a.kind,
    // NaN is sent as null by JSON: the server names the field either way.
    percent: a.percent as number,
    ...(a.kind === 'fixed' ? { documentIds: a.documentIds.split(/[\s,;]+/).filter(Boolean) } : {}),
    ...(a.kind === 'variant' ? { defaultStage: a.defaultStage || undefined } : {}),
  })) as ExperimentArm[],
  control: d.control,
  // An empty field is refused in the form: sent absent, the server would take the default.
  minimumLift: (d.liftPercent ?? NaN) / 100,
});

/** What an arm of each kind is called until someone renames it. */
export const ARM_DEFAULTS: Record<ExperimentArm['kind'], { id: string; label: string }> = {
  journey: { id: 'journey', label: 'Journey ranking' },
  newest: { id: 'newest', label: 'Newest published' },
  fixed: { id: 'fixed', label: 'Fixed list' },
  variant: { id: 'variant', label: 'Journey with another default stage' },
};

/** `base`, or `base-2`, `base-3`… the first not in `taken` (at most 32 characters, as ids must be). */
export const uniqueId = (base: string, taken: Iterable<string>): string => {
  const used = new Set(taken);
  const stem = base.slice(0, 29).replace(/-+$/, '') || 'experiment';
  if (!used.has(stem)) return stem;
  for (let i = 2; ; i += 1) if (!used.has(`${stem}-${i}`)) return `${stem}-${i}`;
};

/** An id from a label: "Homepage, B2B!" → "homepage-b2b" (lower case letters, digits, dashes, a letter first). */
export const idFromLabel = (label: string): string => {
  const slug = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return slug || 'experiment';
};

/** "New experiment": a draft, the journey ranking against the newest entries, half and half. */
export const newExperimentDraft = (taken: string[], label: string): ExperimentDraft => ({
  id: uniqueId(idFromLabel(label), taken),
  label,
  status: 'draft',
  startAt: '',
  stopAt: '',
  audience: 'any',
  locale: '*',
  arms: [
    { ...ARM_DEFAULTS.journey, kind: 'journey', percent: 50, documentIds: '', defaultStage: '' },
    { ...ARM_DEFAULTS.newest, kind: 'newest', percent: 50, documentIds: '', defaultStage: '' },
  ],
  control: 'newest',
  liftPercent: 20,
  isNew: true,
});

/**
 * A kind change: the arm's id and label follow the kind while they are still the
 * previous kind's defaults (never a name someone typed); the control stays valid.
 */
export const withArmKind = (
  d: ExperimentDraft,
  index: number,
  kind: ExperimentArm['kind']
): ExperimentDraft => {
  const arm = d.arms[index];
  const before = ARM_DEFAULTS[arm.kind];
  const others = d.arms.filter((_, i) => i !== index).map((a) => a.id);
  const idFollows = arm.id === before.id || arm.id.startsWith(`${before.id}-`);
  const id = idFollows ? uniqueId(ARM_DEFAULTS[kind].id, others) : arm.id;
  const label = arm.label === before.label ? ARM_DEFAULTS[kind].label : arm.label;
  const arms = d.arms.map((a, i) => (i === index ? { ...a, kind, id, label } : a));
  return { ...d, arms, control: d.control === arm.id ? id : d.control };
};

/** "<local date>T<local time>" for an <input type="datetime-local">, from an ISO date or date-time. */
export const toLocalInput = (iso: string): string => {
  if (!iso) return '';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}T${p(t.getHours())}:${p(t.getMinutes())}`;
};

/** The ISO instant (UTC, with Z) of a datetime-local value, read in the browser's zone; '' when empty. */
export const fromLocalInput = (value: string): string => {
  if (!value) return '';
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? '' : t.toISOString();
};

/**
 * Where the server's 400 points (`experiments[0].arms[1].percent`): the experiment's
 * index in the list sent, and the field path inside it (`arms[1].percent`).
 */
export const errorTarget = (param: string | undefined): { index: number; field: string } | null => {
  const m = /^experiments\[(\d+)\](?:\.(.+))?$/.exec(param ?? '');
  return m ? { index: Number(m[1]), field: m[2] ?? '' } : null;
};
