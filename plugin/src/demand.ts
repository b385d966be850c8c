import { phaseOrder } from './phases';
import type { Stage, Taxonomy } from './taxonomy';
import type { WriteNextItem as WireWriteNextItem } from './contracts/demand';

/**
 * Demand (SPEC §8): what visitors asked for, from aggregates only. This module is
 * the pure maths: outcome of an answer, daily series, the ranked "write next"
 * list and the stage-to-stage progression. No Strapi, no I/O.
 */

export const OUTCOMES = ['exact', 'widened', 'empty'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const isOutcome = (v: unknown): v is Outcome =>
  typeof v === 'string' && (OUTCOMES as readonly string[]).includes(v);

/**
 * A frontend that reports its own answers (an `answer` event, e.g. behind a CDN)
 * sends this header on its recommend calls, so the server does not count them twice.
 */
export const SELF_REPORT_HEADER = 'X-Journey-Demand';
export const SELF_REPORT_VALUE = 'client';

/** The most events one `POST /api/journey/events` may carry. */
export const MAX_EVENTS_PER_BATCH = 50;

export const DEMAND_PERIODS = [7, 30, 90] as const;
export type DemandPeriod = (typeof DEMAND_PERIODS)[number];

/**
 * How a recommend answer went for the visitor: nothing served (`empty`); entries of the
 * stage's phase or its neighbours only (`widened`); or at least one entry of the asked stage
 * itself (`exact`). Judged on what was served (each entry's `journey.match`), not on `limit`:
 * ten asked and two of the stage served is a met request, not unmet demand. Without the
 * entries (an old client's report), `meta.fallback` decides, as before.
 */
export const outcomeOf = (
  meta: { fallback?: boolean; count?: number },
  data?: ReadonlyArray<{ journey?: { match?: string } }>
): Outcome => {
  if (!meta.count) return 'empty';
  if (data) return data.some((d) => d.journey?.match === 'exact') ? 'exact' : 'widened';
  return meta.fallback ? 'widened' : 'exact';
};

/** `YYYY-MM-DD` in UTC: the day a count belongs to, the same on every instance. */
export const utcDay = (at: Date | number = Date.now()): string =>
  new Date(at).toISOString().slice(0, 10);

/** The `days` UTC days ending with the day of `end`, oldest first. */
export const periodDays = (days: number, end: Date | number = Date.now()): string[] => {
  const last = Date.UTC(
    new Date(end).getUTCFullYear(),
    new Date(end).getUTCMonth(),
    new Date(end).getUTCDate()
  );
  return Array.from({ length: days }, (_, i) => utcDay(last - (days - 1 - i) * 86_400_000));
};

/** One aggregate row of demand: requests for a stage on a day, per audience and locale ('' = not given). */
export interface DemandRow {
  day: string;
  stage: string;
  audience: string;
  locale: string;
  outcome: Outcome;
  n: number;
}

export interface OutcomeCounts {
  requests: number;
  exact: number;
  widened: number;
  empty: number;
}

export interface StageDemand extends OutcomeCounts {
  id: string;
  /** Requests per day of the period, oldest first. */
  series: number[];
  /** Widened + empty per day of the period. */
  unmetSeries: number[];
}

const zero = (): OutcomeCounts => ({ requests: 0, exact: 0, widened: 0, empty: 0 });
const add = (c: OutcomeCounts, outcome: Outcome, n: number) => {
  c.requests += n;
  c[outcome] += n;
};

/** Per stage of `stageIds` (and any other stage that has demand, after them): totals and daily series. */
export const stageDemand = (
  stageIds: string[],
  rows: DemandRow[],
  days: string[]
): StageDemand[] => {
  const index = new Map(days.map((d, i) => [d, i]));
  const out = new Map<string, StageDemand>();
  const of = (id: string) => {
    let s = out.get(id);
    if (!s) {
      s = { id, ...zero(), series: days.map(() => 0), unmetSeries: days.map(() => 0) };
      out.set(id, s);
    }
    return s;
  };
  stageIds.forEach(of);
  for (const r of rows) {
    const i = index.get(r.day);
    if (i === undefined) continue;
    const s = of(r.stage);
    add(s, r.outcome, r.n);
    s.series[i] += r.n;
    if (r.outcome !== 'exact') s.unmetSeries[i] += r.n;
  }
  return [...out.values()];
};

export const totalsOf = (rows: Array<{ outcome: Outcome; n: number }>): OutcomeCounts => {
  const c = zero();
  for (const r of rows) add(c, r.outcome, r.n);
  return c;
};

/** Supply of one content type for one stage in one audience scope, from the coverage matrix. */
export interface SupplyCell {
  uid: string;
  displayName: string;
  /** Whether the type's declared format serves the stage's phase (format affinity). */
  suits: boolean;
  count: number;
  target: number;
}

/** A write-next row as ranked here; the server adds the stage's label (contracts/demand.ts, the wire shape). */
export type WriteNextItem = Omit<WireWriteNextItem, 'stageLabel'>;

export interface WriteNextInput {
  stages: Array<Pick<Stage, 'id'>>;
  /** Demand rows of the period (any days, any locales). */
  rows: Array<Pick<DemandRow, 'stage' | 'audience' | 'outcome' | 'n'>>;
  /** Supply per audience scope (`b2b`, `b2c`, `any`) → stage id → cells per content type. */
  supply: Record<string, Record<string, SupplyCell[]>>;
  limit?: number;
}

/**
 * The type to write for one stage × audience gap: among types below target, the
 * one whose format serves the stage's phase, then the biggest shortfall, then the
 * fewest entries, then uid (a stable order).
 */
const bestType = (cells: SupplyCell[]): SupplyCell | undefined =>
  cells
    .filter((c) => c.count < c.target)
    .sort(
      (a, b) =>
        Number(b.suits) - Number(a.suits) ||
        b.target - b.count - (a.target - a.count) ||
        a.count - b.count ||
        a.uid.localeCompare(b.uid)
    )[0];

/**
 * Gaps ranked by unmet demand: one item per stage × audience whose requests were
 * widened or came back empty and that has a content type below its target. Ranked
 * by unmet requests, then empty answers (worse than widened), then stage order.
 * A stage whose demand is met (no widened or empty answer) is not a gap worth
 * writing for, however thin its supply; a stage with unmet demand but every
 * type at target needs a higher target, not this list.
 */
export const rankWriteNext = (input: WriteNextInput): WriteNextItem[] => {
  const order = new Map(input.stages.map((s, i) => [s.id, i]));
  const demand = new Map<string, OutcomeCounts & { stage: string; audience: string }>();
  for (const r of input.rows) {
    if (!order.has(r.stage)) continue;
    const audience = r.audience || 'any';
    const key = `${r.stage}|${audience}`;
    let d = demand.get(key);
    if (!d) demand.set(key, (d = { stage: r.stage, audience, ...zero() }));
    add(d, r.outcome, r.n);
  }
  const items: WriteNextItem[] = [];
  for (const d of demand.values()) {
    const unmet = d.widened + d.empty;
    if (unmet === 0) continue;
    const type = bestType(input.supply[d.audience]?.[d.stage] ?? []);
    if (!type) continue;
    items.push({
      rank: 0,
      stage: d.stage,
      audience: d.audience,
      uid: type.uid,
      displayName: type.displayName,
      requests: d.requests,
      widened: d.widened,
      empty: d.empty,
      unmet,
      unmetShare: d.requests ? unmet / d.requests : 0,
      supply: type.count,
      target: type.target,
      suits: type.suits,
    });
  }
  items.sort(
    (a, b) =>
      b.unmet - a.unmet ||
      b.empty - a.empty ||
      (order.get(a.stage) as number) - (order.get(b.stage) as number) ||
      a.audience.localeCompare(b.audience)
  );
  return items.slice(0, input.limit ?? 10).map((item, i) => ({ ...item, rank: i + 1 }));
};

/**
 * Whether a click moved the visitor forward: the clicked entry's stage comes
 * after the visitor's own stage (a later phase, or a later stage of the same
 * framework within one phase, e.g. b2b:research → b2b:consideration).
 */
export const isForward = (
  taxonomy: Pick<Taxonomy, 'byId'>,
  visitorStage: string,
  entryStage: string
): boolean => {
  const from = taxonomy.byId.get(visitorStage);
  const to = taxonomy.byId.get(entryStage);
  if (!from || !to) return false;
  const d = phaseOrder(to.phase) - phaseOrder(from.phase);
  if (d !== 0) return d > 0;
  return from.framework === to.framework && to.order > from.order;
};

export interface ProgressRow {
  from: string;
  to: string;
  n: number;
}

export interface ProgressionTable {
  /** Stages that appear as a visitor's stage, in taxonomy order. */
  from: string[];
  /** Stages that were clicked forward into, in taxonomy order. */
  to: string[];
  /** cells[from][to] = forward clicks. */
  cells: Record<string, Record<string, number>>;
  /** Forward clicks per visitor stage, over every later stage. */
  total: Record<string, number>;
}

/** The stage-to-stage progression table ("did consideration content lead to decision?"). */
export const progressionTable = (stageIds: string[], rows: ProgressRow[]): ProgressionTable => {
  const order = new Map(stageIds.map((s, i) => [s, i]));
  const pos = (s: string) => order.get(s) ?? Number.MAX_SAFE_INTEGER;
  const cells: Record<string, Record<string, number>> = {};
  const total: Record<string, number> = {};
  for (const r of rows) {
    if (r.n <= 0) continue;
    (cells[r.from] ??= {})[r.to] = (cells[r.from][r.to] ?? 0) + r.n;
    total[r.from] = (total[r.from] ?? 0) + r.n;
  }
  const byOrder = (a: string, b: string) => pos(a) - pos(b) || a.localeCompare(b);
  const from = Object.keys(cells).sort(byOrder);
  const to = [...new Set(from.flatMap((f) => Object.keys(cells[f])))].sort(byOrder);
  return { from, to, cells, total };
};

/** Click-through of one stage: clicks / views (0 when there were no views). */
export const clickThrough = (views: number, clicks: number): number =>
  views > 0 ? clicks / views : 0;
