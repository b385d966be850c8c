import {
  buildTaxonomy,
  clickThrough,
  isForward,
  outcomeOf,
  periodDays,
  progressionTable,
  rankWriteNext,
  stageDemand,
  totalsOf,
  utcDay,
  validateConfig,
  validateDemandConfig,
  type DemandRow,
  type SupplyCell,
} from '../src';
import { inputError } from './helpers';

const taxonomy = buildTaxonomy({ frameworks: undefined });

describe('outcomeOf', () => {
  it('is empty without results, widened on fallback, exact otherwise', () => {
    expect(outcomeOf({ count: 0, fallback: true })).toBe('empty');
    expect(outcomeOf({ count: 0, fallback: false })).toBe('empty');
    expect(outcomeOf({ count: 2, fallback: true })).toBe('widened');
    expect(outcomeOf({ count: 3, fallback: false })).toBe('exact');
  });

  it('judges what was served, not the limit: one entry of the stage among ten is exact', () => {
    const served = (...matches: string[]) => matches.map((match) => ({ journey: { match } }));
    const ten = served('exact', 'exact', ...Array(8).fill('phase'));
    expect(outcomeOf({ count: 10, fallback: true }, ten)).toBe('exact');
    expect(outcomeOf({ count: 3, fallback: true }, served('phase', 'adjacent', 'phase'))).toBe(
      'widened'
    );
    expect(outcomeOf({ count: 0, fallback: true }, [])).toBe('empty');
  });
});

describe('days', () => {
  it('uses the UTC day, whatever the local time zone', () => {
    expect(utcDay(Date.UTC(2026, 11, 1, 23, 59, 59))).toBe('2026-12-01');
    expect(utcDay(Date.UTC(2026, 11, 2, 0, 0, 0))).toBe('2026-12-02');
  });
  it('lists a period oldest first, ending today, across a month boundary', () => {
    expect(periodDays(3, Date.UTC(2026, 2, 1, 12))).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
    expect(periodDays(30, Date.UTC(2026, 11, 1))).toHaveLength(30);
  });
});

const row = (
  day: string,
  stage: string,
  outcome: DemandRow['outcome'],
  n: number,
  audience = 'b2b'
): DemandRow => ({ day, stage, audience, locale: '', outcome, n });

describe('stageDemand', () => {
  const days = ['2026-11-29', '2026-11-30', '2026-12-01'];
  const rows = [
    row('2026-11-29', 'b2b:research', 'exact', 5),
    row('2026-11-30', 'b2b:research', 'widened', 2),
    row('2026-12-01', 'b2b:research', 'empty', 1),
    row('2026-11-01', 'b2b:research', 'empty', 100), // outside the period
    row('2026-12-01', 'b2b:selection', 'widened', 4, ''),
  ];
  const out = stageDemand(['b2b:research', 'b2b:selection', 'b2c:awareness'], rows, days);

  it('totals each outcome per stage, ignoring days outside the period', () => {
    expect(out[0]).toMatchObject({
      id: 'b2b:research',
      requests: 8,
      exact: 5,
      widened: 2,
      empty: 1,
    });
    expect(out[1]).toMatchObject({ id: 'b2b:selection', requests: 4, widened: 4 });
  });
  it('gives daily series of requests and of unmet requests, and zeros for stages without demand', () => {
    expect(out[0].series).toEqual([5, 2, 1]);
    expect(out[0].unmetSeries).toEqual([0, 2, 1]);
    expect(out[2]).toMatchObject({ requests: 0, series: [0, 0, 0] });
  });
  it('totals every outcome', () => {
    expect(totalsOf(rows)).toEqual({ requests: 112, exact: 5, widened: 6, empty: 101 });
  });
});

const cell = (uid: string, count: number, target: number, suits = false): SupplyCell => ({
  uid,
  displayName: uid.split('.')[1],
  suits,
  count,
  target,
});

describe('rankWriteNext', () => {
  const stages = taxonomy.stages;
  const supplyFor = (cells: Record<string, SupplyCell[]>) => ({
    b2b: cells,
    b2c: cells,
    any: cells,
  });

  it('ranks stage × audience gaps by unmet (widened + empty) requests, with the numbers behind each rank', () => {
    const rows = [
      row('d', 'b2b:research', 'exact', 50),
      row('d', 'b2b:research', 'widened', 10),
      row('d', 'b2b:selection', 'empty', 30),
      row('d', 'b2b:selection', 'exact', 10),
      row('d', 'b2b:purchase', 'widened', 20),
    ];
    const supply = supplyFor({
      'b2b:research': [cell('api::whitepaper.whitepaper', 0, 1, true)],
      'b2b:selection': [cell('api::case-study.case-study', 0, 1, true)],
      'b2b:purchase': [cell('api::case-study.case-study', 0, 2, true)],
    });
    const ranked = rankWriteNext({ stages, rows, supply });
    expect(ranked.map((r) => [r.rank, r.stage, r.unmet])).toEqual([
      [1, 'b2b:selection', 30],
      [2, 'b2b:purchase', 20],
      [3, 'b2b:research', 10],
    ]);
    expect(ranked[0]).toMatchObject({
      audience: 'b2b',
      uid: 'api::case-study.case-study',
      requests: 40,
      empty: 30,
      widened: 0,
      unmetShare: 0.75,
      supply: 0,
      target: 1,
    });
  });

  it('breaks a tie in unmet requests by empty answers first (worse than widened)', () => {
    const rows = [row('d', 'b2b:research', 'widened', 10), row('d', 'b2b:selection', 'empty', 10)];
    const supply = supplyFor({
      'b2b:research': [cell('api::a.a', 0, 1)],
      'b2b:selection': [cell('api::a.a', 0, 1)],
    });
    expect(rankWriteNext({ stages, rows, supply }).map((r) => r.stage)).toEqual([
      'b2b:selection',
      'b2b:research',
    ]);
  });

  it('leaves out stages whose demand was met, and stages where every type is at target', () => {
    const rows = [row('d', 'b2b:research', 'exact', 100), row('d', 'b2b:selection', 'widened', 5)];
    const supply = supplyFor({
      'b2b:research': [cell('api::a.a', 0, 1)],
      'b2b:selection': [cell('api::a.a', 1, 1)],
    });
    expect(rankWriteNext({ stages, rows, supply })).toEqual([]);
  });

  it('picks the type whose format serves the phase, then the biggest shortfall', () => {
    const rows = [row('d', 'b2b:research', 'empty', 3)];
    const pick = (cells: SupplyCell[]) =>
      rankWriteNext({ stages, rows, supply: supplyFor({ 'b2b:research': cells }) })[0].uid;
    expect(pick([cell('api::blog.blog', 0, 5), cell('api::wp.wp', 0, 1, true)])).toBe('api::wp.wp');
    expect(pick([cell('api::blog.blog', 1, 2), cell('api::wp.wp', 0, 3)])).toBe('api::wp.wp');
    expect(pick([cell('api::b.b', 0, 1), cell('api::a.a', 0, 1)])).toBe('api::a.a');
  });

  it('keeps audiences apart, maps requests without audience to "any", and skips unknown stages', () => {
    const rows = [
      row('d', 'b2b:research', 'empty', 3, 'b2b'),
      row('d', 'b2b:research', 'empty', 2, ''),
      row('d', 'x:y', 'empty', 99),
    ];
    const supply = {
      b2b: { 'b2b:research': [cell('api::a.a', 0, 1)] },
      any: { 'b2b:research': [cell('api::a.a', 0, 1)] },
    };
    const ranked = rankWriteNext({ stages, rows, supply });
    expect(ranked.map((r) => [r.audience, r.unmet])).toEqual([
      ['b2b', 3],
      ['any', 2],
    ]);
  });

  it('returns at most `limit` items', () => {
    const rows = stages.map((s, i) => row('d', s.id, 'empty', i + 1));
    const cells = Object.fromEntries(stages.map((s) => [s.id, [cell('api::a.a', 0, 1)]]));
    const ranked = rankWriteNext({ stages, rows, supply: supplyFor(cells), limit: 3 });
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(ranked[0].stage).toBe(stages[stages.length - 1].id);
  });
});

describe('progression', () => {
  it('counts a click as forward when the entry is in a later phase, or later in the same framework and phase', () => {
    expect(isForward(taxonomy, 'b2b:research', 'b2b:selection')).toBe(true);
    expect(isForward(taxonomy, 'b2b:research', 'b2b:consideration')).toBe(true);
    expect(isForward(taxonomy, 'b2b:consideration', 'b2b:research')).toBe(false);
    expect(isForward(taxonomy, 'b2b:selection', 'b2b:research')).toBe(false);
    expect(isForward(taxonomy, 'b2b:research', 'b2b:research')).toBe(false);
    expect(isForward(taxonomy, 'b2c:consideration', 'b2b:research')).toBe(false);
    expect(isForward(taxonomy, 'b2c:awareness', 'b2b:research')).toBe(true);
    expect(isForward(taxonomy, 'nope:x', 'b2b:research')).toBe(false);
  });

  it('builds a from × to table in taxonomy order, summing days', () => {
    const ids = taxonomy.stages.map((s) => s.id);
    const t = progressionTable(ids, [
      { from: 'b2b:selection', to: 'b2b:purchase', n: 2 },
      { from: 'b2b:research', to: 'b2b:selection', n: 3 },
      { from: 'b2b:research', to: 'b2b:selection', n: 4 },
      { from: 'b2b:research', to: 'b2b:purchase', n: 1 },
      { from: 'b2b:research', to: 'b2b:purchase', n: 0 },
    ]);
    expect(t.from).toEqual(['b2b:research', 'b2b:selection']);
    expect(t.to).toEqual(['b2b:selection', 'b2b:purchase']);
    expect(t.cells['b2b:research']).toEqual({ 'b2b:selection': 7, 'b2b:purchase': 1 });
    expect(t.total).toEqual({ 'b2b:research': 8, 'b2b:selection': 2 });
  });

  it('computes click-through, 0 without views', () => {
    expect(clickThrough(200, 50)).toBe(0.25);
    expect(clickThrough(0, 3)).toBe(0);
  });
});

describe('demand config', () => {
  it('defaults to counting on, events accepted, 5 s flush, 400 days retention', () => {
    expect(validateConfig({}).demand).toEqual({
      enabled: true,
      events: true,
      flushSeconds: 5,
      retentionDays: 400,
    });
    expect(validateConfig({ demand: { enabled: false } }).demand.enabled).toBe(false);
  });
  it('names the key and the allowed values of a bad option', () => {
    expect(inputError(() => validateDemandConfig({ enable: true })).message).toMatch(
      /demand\.enable is not an option: use one of enabled, events, flushSeconds, retentionDays/
    );
    expect(inputError(() => validateDemandConfig({ enabled: 'yes' })).param).toBe('demand.enabled');
    expect(inputError(() => validateDemandConfig({ flushSeconds: 0 })).message).toMatch(
      /from 1 to 300/
    );
    expect(inputError(() => validateDemandConfig({ retentionDays: 5000 })).message).toMatch(
      /from 1 to 3650/
    );
    expect(inputError(() => validateConfig({ demand: [] })).param).toBe('demand.(root)');
  });
});
