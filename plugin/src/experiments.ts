/**
 * A/B experiments on the recommend answer: the journey ranking against what a site
 * would show without the plugin (the newest entries, a fixed list, or another
 * journey variant). Assignment is stateless so a CDN can cache every answer: the
 * visitor's browser draws a bucket, picks the arm from the published split
 * (`armFor`), and names it in the recommend URL (`arm=…`). The server never
 * stores a visitor id. Pure code: the server, the admin and the browser client share it.
 */
import { JourneyInputError, listOf } from './errors';

export const ARM_KINDS = ['journey', 'newest', 'fixed', 'variant'] as const;
export type ArmKind = (typeof ARM_KINDS)[number];

export const EXPERIMENT_STATUSES = ['draft', 'running', 'stopped'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

export const EXPERIMENT_AUDIENCES = ['b2b', 'b2c', 'any'] as const;
export type ExperimentAudience = (typeof EXPERIMENT_AUDIENCES)[number];

export interface ExperimentArm {
  /** Goes into URLs (`arm=newest`): lower case letters, digits, dashes. */
  id: string;
  /** Plain words shown to people. */
  label: string;
  kind: ArmKind;
  /** Whole percent of visitors, 1..99; the arms of one experiment sum to 100. */
  percent: number;
  /** `fixed` only: 1..20 documentIds, served in this order. */
  documentIds?: string[];
  /** `variant` only: used instead of the configured default stage when the visitor's stage is unknown. */
  defaultStage?: string;
}

export interface Experiment {
  id: string;
  label: string;
  status: ExperimentStatus;
  /** ISO date (UTC midnight) or date-time with a zone; absent = from when it is running. */
  startAt?: string;
  /** Absent = until stopped. The experiment serves up to, not including, this instant. */
  stopAt?: string;
  audience: ExperimentAudience;
  /** A locale code, or `*` for all. */
  locale: string;
  arms: ExperimentArm[];
  /** The arm the others are compared against. */
  control: string;
  /** Relative lift of click-through the experiment is set to detect (0.2 = +20 %). */
  minimumLift: number;
}

export const ID_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
const LOCALE_PATTERN = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;
const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const MAX_EXPERIMENTS = 50;
export const DEFAULT_MINIMUM_LIFT = 0.2;
const MIN_ARMS = 2;
const MAX_ARMS = 4;
const MAX_LABEL = 80;
const MAX_FIXED = 20;
const LIFT_RANGE: [number, number] = [0.01, 10];
const EXPERIMENT_KEYS = [
  'id',
  'label',
  'status',
  'startAt',
  'stopAt',
  'audience',
  'locale',
  'arms',
  'control',
  'minimumLift',
];
const ARM_KEYS = ['id', 'label', 'kind', 'percent', 'documentIds', 'defaultStage'];

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Milliseconds of an ISO date or date-time (date-only strings are UTC midnight, as Date.parse reads them). */
const timeOf = (iso: string | undefined, absent: number): number =>
  iso === undefined ? absent : Date.parse(iso);

const windowOf = (e: Pick<Experiment, 'startAt' | 'stopAt'>): [number, number] => [
  timeOf(e.startAt, -Infinity),
  timeOf(e.stopAt, Infinity),
];

/** Whether two experiments could serve the same request: same audience or either 'any', same locale or either '*'. */
const scopesOverlap = (a: Experiment, b: Experiment) =>
  (a.audience === b.audience || a.audience === 'any' || b.audience === 'any') &&
  (sameLocale(a.locale, b.locale) || a.locale === '*' || b.locale === '*');

const sameLocale = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Validates a list of experiments (config/plugins.ts `experiments`, or the settings
 * page's body). Throws a JourneyInputError naming the parameter path
 * (`experiments[0].arms[1].percent`) and what is allowed. Fills defaults: audience
 * `any`, locale `*`, minimumLift 0.2, control = the first arm that is not `journey`
 * (the baseline), else the first arm. `undefined` is an empty list.
 */
export const validateExperiments = (
  raw: unknown,
  opts: { key: string; stageIds: string[]; prefix?: string }
): Experiment[] => {
  const { key, stageIds, prefix = '' } = opts;
  const fail = (param: string, message: string, allowed?: readonly string[]): never => {
    throw new JourneyInputError(
      param,
      `${prefix}${param} ${message}`,
      allowed ? [...allowed] : undefined
    );
  };
  const checkId = (param: string, v: unknown) => {
    if (typeof v !== 'string' || !ID_PATTERN.test(v))
      fail(
        param,
        `must be 1 to 32 lower case letters, digits or dashes, starting with a letter (it goes into URLs); got ${JSON.stringify(v)}`
      );
    return v as string;
  };
  const checkLabel = (param: string, v: unknown) => {
    if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_LABEL)
      fail(param, `must be a text of 1 to ${MAX_LABEL} characters; got ${JSON.stringify(v)}`);
    return (v as string).trim();
  };
  const checkKeys = (param: string, o: Record<string, unknown>, known: string[]) => {
    for (const k of Object.keys(o))
      if (!known.includes(k))
        fail(`${param}.${k}`, `is not an option: use ${listOf(known)}`, known);
  };
  const checkDate = (param: string, v: unknown): string | undefined => {
    if (v === undefined || v === null || v === '') return undefined;
    if (
      typeof v !== 'string' ||
      !(DATE_PATTERN.test(v) || DATE_TIME_PATTERN.test(v)) ||
      Number.isNaN(Date.parse(v))
    )
      fail(
        param,
        `must be an ISO date ("2025-03-01", UTC) or date-time with a zone ("2025-03-01T09:00:00Z", "…+01:00"); got ${JSON.stringify(v)}`
      );
    return v as string;
  };

  const checkArm = (param: string, a: unknown): ExperimentArm => {
    if (!isPlainObject(a))
      return fail(
        param,
        'must be an object { id, label, kind, percent, documentIds?, defaultStage? }'
      );
    checkKeys(param, a, ARM_KEYS);
    const id = checkId(`${param}.id`, a.id);
    const label = checkLabel(`${param}.label`, a.label);
    if (!(ARM_KINDS as readonly string[]).includes(a.kind as string))
      fail(
        `${param}.kind`,
        `must be one of ${listOf(ARM_KINDS)}; got ${JSON.stringify(a.kind)}`,
        ARM_KINDS
      );
    const kind = a.kind as ArmKind;
    const percent = a.percent;
    if (!Number.isInteger(percent) || (percent as number) < 1 || (percent as number) > 99)
      fail(
        `${param}.percent`,
        `must be a whole number from 1 to 99; got ${JSON.stringify(percent)}`
      );
    const arm: ExperimentArm = { id, label, kind, percent: percent as number };

    if (kind === 'fixed') {
      const ids = a.documentIds;
      if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_FIXED)
        fail(
          `${param}.documentIds`,
          `must list 1 to ${MAX_FIXED} documentIds (served in this order) for a "fixed" arm; got ${JSON.stringify(ids)}`
        );
      (ids as unknown[]).forEach((d, i) => {
        if (typeof d !== 'string' || !DOCUMENT_ID_PATTERN.test(d))
          fail(`${param}.documentIds[${i}]`, `must be a documentId; got ${JSON.stringify(d)}`);
        if ((ids as unknown[]).indexOf(d) !== i)
          fail(`${param}.documentIds[${i}]`, `repeats "${d}"`);
      });
      arm.documentIds = [...(ids as string[])];
    } else if (a.documentIds !== undefined)
      fail(`${param}.documentIds`, `is only for a "fixed" arm; this one is "${kind}"`);

    if (kind === 'variant') {
      // Without a different default stage a variant would serve what the journey arm serves.
      if (typeof a.defaultStage !== 'string' || !stageIds.includes(a.defaultStage))
        fail(
          `${param}.defaultStage`,
          `must be a stage id for a "variant" arm: use one of ${listOf(stageIds)}; got ${JSON.stringify(a.defaultStage)}`,
          stageIds
        );
      arm.defaultStage = a.defaultStage as string;
    } else if (a.defaultStage !== undefined)
      fail(`${param}.defaultStage`, `is only for a "variant" arm; this one is "${kind}"`);
    return arm;
  };

  const checkExperiment = (param: string, e: unknown): Experiment => {
    if (!isPlainObject(e)) return fail(param, 'must be an object { id, label, status, arms, … }');
    checkKeys(param, e, EXPERIMENT_KEYS);
    const id = checkId(`${param}.id`, e.id);
    const label = checkLabel(`${param}.label`, e.label);
    if (!(EXPERIMENT_STATUSES as readonly string[]).includes(e.status as string))
      fail(
        `${param}.status`,
        `must be one of ${listOf(EXPERIMENT_STATUSES)}; got ${JSON.stringify(e.status)}`,
        EXPERIMENT_STATUSES
      );
    const startAt = checkDate(`${param}.startAt`, e.startAt);
    const stopAt = checkDate(`${param}.stopAt`, e.stopAt);
    if (startAt && stopAt && Date.parse(stopAt) <= Date.parse(startAt))
      fail(`${param}.stopAt`, `must be after startAt (${startAt}); got ${stopAt}`);
    const audience = e.audience ?? 'any';
    if (!(EXPERIMENT_AUDIENCES as readonly string[]).includes(audience as string))
      fail(
        `${param}.audience`,
        `must be one of ${listOf(EXPERIMENT_AUDIENCES)}; got ${JSON.stringify(audience)}`,
        EXPERIMENT_AUDIENCES
      );
    const locale = e.locale ?? '*';
    if (locale !== '*' && (typeof locale !== 'string' || !LOCALE_PATTERN.test(locale)))
      fail(
        `${param}.locale`,
        `must be a locale code ("en", "fr-FR") or "*" for all; got ${JSON.stringify(locale)}`
      );

    if (!Array.isArray(e.arms) || e.arms.length < MIN_ARMS || e.arms.length > MAX_ARMS)
      fail(`${param}.arms`, `must be a list of ${MIN_ARMS} to ${MAX_ARMS} arms`);
    const arms = (e.arms as unknown[]).map((a, i) => checkArm(`${param}.arms[${i}]`, a));
    arms.forEach((a, i) => {
      if (arms.findIndex((b) => b.id === a.id) !== i)
        fail(`${param}.arms[${i}].id`, `repeats the arm id "${a.id}"`);
    });
    const sum = arms.reduce((s, a) => s + a.percent, 0);
    if (sum !== 100)
      fail(
        `${param}.arms`,
        `percents must add up to 100; they add up to ${sum} (${arms.map((a) => `${a.id} ${a.percent}`).join(', ')})`
      );
    const armIds = arms.map((a) => a.id);

    const control = e.control ?? (arms.find((a) => a.kind !== 'journey') ?? arms[0]).id;
    if (typeof control !== 'string' || !armIds.includes(control))
      fail(
        `${param}.control`,
        `must be one of this experiment's arm ids: ${listOf(armIds)}; got ${JSON.stringify(control)}`,
        armIds
      );
    const minimumLift = e.minimumLift ?? DEFAULT_MINIMUM_LIFT;
    if (
      typeof minimumLift !== 'number' ||
      !(minimumLift >= LIFT_RANGE[0] && minimumLift <= LIFT_RANGE[1])
    )
      fail(
        `${param}.minimumLift`,
        `must be a relative lift from ${LIFT_RANGE[0]} to ${LIFT_RANGE[1]} (0.2 = +20 %); got ${JSON.stringify(minimumLift)}`
      );

    return {
      id,
      label,
      status: e.status as ExperimentStatus,
      ...(startAt ? { startAt } : {}),
      ...(stopAt ? { stopAt } : {}),
      audience: audience as ExperimentAudience,
      locale: locale as string,
      arms,
      control: control as string,
      minimumLift: minimumLift as number,
    };
  };

  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return fail(key, 'must be a list of experiments');
  if (raw.length > MAX_EXPERIMENTS)
    fail(key, `may hold at most ${MAX_EXPERIMENTS} experiments; got ${raw.length}`);
  const out = raw.map((e, i) => checkExperiment(`${key}[${i}]`, e));
  out.forEach((e, i) => {
    const first = out.findIndex((o) => o.id === e.id);
    if (first !== i)
      fail(`${key}[${i}].id`, `repeats the experiment id "${e.id}" (${key}[${first}])`);
  });

  // A request must meet at most one running experiment, or its arm would be ambiguous.
  out.forEach((e, j) => {
    if (e.status !== 'running') return;
    const [eStart, eStop] = windowOf(e);
    for (let i = 0; i < j; i++) {
      const other = out[i];
      if (other.status !== 'running' || !scopesOverlap(e, other)) continue;
      const [oStart, oStop] = windowOf(other);
      if (eStart < oStop && oStart < eStop)
        fail(
          `${key}[${j}]`,
          `("${e.id}", audience ${e.audience}, locale ${e.locale}) overlaps the running experiment "${other.id}" (${key}[${i}], audience ${other.audience}, locale ${other.locale}) in scope and dates: only one running experiment per scope (audience × locale) is allowed at a time; stop one, give them different audiences or locales, or dates that do not overlap`
        );
    }
  });
  return out;
};

/** Whether an experiment serves at `now`: running, and now within [startAt, stopAt). */
export const isLive = (e: Experiment, now: Date | number): boolean => {
  if (e.status !== 'running') return false;
  const t = typeof now === 'number' ? now : now.getTime();
  const [start, stop] = windowOf(e);
  return t >= start && t < stop;
};

/**
 * Whether an experiment's scope covers a request's audience (b2b | b2c | both |
 * undefined) and locale: `any` and `*` cover everything; otherwise the request must
 * name the same audience / locale. A request without a locale is the default
 * locale's, which this pure code does not know: pass the resolved locale to match
 * an experiment scoped to it.
 */
export const coversScope = (
  e: { audience: string; locale: string },
  scope: { audience?: string; locale?: string }
): boolean =>
  (e.audience === 'any' || e.audience === scope.audience) &&
  (e.locale === '*' || (scope.locale !== undefined && sameLocale(e.locale, scope.locale)));

/** The live experiment covering a request; validation lets at most one match, and the first wins if not. */
export const liveExperimentFor = (
  experiments: Experiment[],
  scope: { audience?: string; locale?: string },
  now: Date | number
): Experiment | undefined => experiments.find((e) => isLive(e, now) && coversScope(e, scope));

/** What `GET /api/journey/experiments` publishes: the same for every visitor, so cacheable. */
export interface PublishedExperiment {
  id: string;
  audience: ExperimentAudience;
  locale: string;
  arms: Array<{ id: string; percent: number }>;
  /** So a browser holding a cached copy stops assigning when the experiment ends. */
  stopAt?: string;
}

/** Live experiments only, and only what assignment needs: no labels, kinds or documentIds. */
export const publishExperiments = (
  experiments: Experiment[],
  now: Date | number
): PublishedExperiment[] =>
  experiments
    .filter((e) => isLive(e, now))
    .map((e) => ({
      id: e.id,
      audience: e.audience,
      locale: e.locale,
      arms: e.arms.map((a) => ({ id: a.id, percent: a.percent })),
      ...(e.stopAt ? { stopAt: e.stopAt } : {}),
    }));

// ---------------------------------------------------------------------------
// Assignment
// ---------------------------------------------------------------------------

/** Buckets are whole numbers 0..9999, drawn once per visitor (after consent) or per page view. */
export const BUCKETS = 10000;

export const randomBucket = (random: () => number = Math.random): number => {
  const b = Math.floor(random() * BUCKETS);
  return Math.min(BUCKETS - 1, Math.max(0, Number.isFinite(b) ? b : 0));
};

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits, over UTF-16 code units. */
const fnv1a = (text: string): number => {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME) >>> 0;
  return h;
};

/**
 * The Feistel round function: FNV-1a steps over the round and the half, then
 * MurmurHash3's finalizer, because FNV alone mixes two small numbers poorly into
 * the low digits that `% 100` keeps.
 */
const roundValue = (key: number, round: number, half: number): number => {
  let h = Math.imul(key ^ round, FNV_PRIME);
  h = Math.imul(h ^ half, FNV_PRIME);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

const HALF = 100; // BUCKETS = HALF × HALF
const ROUNDS = 4;

/**
 * A permutation of 0..9999 keyed by the experiment id: a four-round Feistel network
 * on the bucket's two base-100 halves, with a hash of (FNV-1a of the id, round, half) as
 * its round function. Being a permutation, every experiment splits the 10,000 buckets
 * exactly by its percents; being keyed, two experiments' arms are independent (a
 * visitor in one experiment's first arm is not more likely in another's).
 */
const shuffle = (experimentId: string, bucket: number): number => {
  const key = fnv1a(experimentId);
  let left = Math.floor(bucket / HALF);
  let right = bucket % HALF;
  for (let round = 0; round < ROUNDS; round++) {
    const next = (left + (roundValue(key, round, right) % HALF)) % HALF;
    left = right;
    right = next;
  }
  return left * HALF + right;
};

/**
 * The arm a bucket gets in an experiment: deterministic, independent across
 * experiments, and stable while the split does not change (the shuffled bucket is
 * mapped onto the cumulative percents, so moving 10 points from one arm to the next
 * moves only 10 % of buckets).
 */
export const armFor = (
  experiment: { id: string; arms: Array<{ id: string; percent: number }> },
  bucket: number
): string => {
  const b = ((Math.floor(bucket) % BUCKETS) + BUCKETS) % BUCKETS || 0;
  const position = shuffle(experiment.id, b);
  const total = experiment.arms.reduce((s, a) => s + Math.max(0, a.percent), 0);
  let cumulative = 0;
  for (const arm of experiment.arms) {
    cumulative += Math.max(0, arm.percent);
    // Scaled by the total so a split that does not add up to 100 still covers every bucket.
    if (position * total < cumulative * BUCKETS) return arm.id;
  }
  return experiment.arms[experiment.arms.length - 1].id;
};
