import {
  armFor,
  BUCKETS,
  isLive,
  liveExperimentFor,
  publishExperiments,
  randomBucket,
  validateExperiments,
  type Experiment,
} from '../src/experiments';
import { inputError } from './helpers';

const STAGES = ['b2b:research', 'b2b:evaluation', 'b2c:awareness'];
const validate = (raw: unknown) =>
  validateExperiments(raw, { key: 'experiments', stageIds: STAGES });

const arms = () => [
  { id: 'journey', label: 'Journey ranking', kind: 'journey', percent: 50 },
  { id: 'newest', label: 'Newest first', kind: 'newest', percent: 50 },
];
const experiment = (over: Record<string, unknown> = {}) => ({
  id: 'ranking',
  label: 'Journey vs newest',
  status: 'running',
  arms: arms(),
  ...over,
});

describe('validateExperiments', () => {
  it('fills the defaults: audience any, locale *, minimumLift 0.2, the baseline as control', () => {
    const [e] = validate([experiment()]);
    expect(e).toEqual({
      id: 'ranking',
      label: 'Journey vs newest',
      status: 'running',
      audience: 'any',
      locale: '*',
      arms: [
        { id: 'journey', label: 'Journey ranking', kind: 'journey', percent: 50 },
        { id: 'newest', label: 'Newest first', kind: 'newest', percent: 50 },
      ],
      control: 'newest',
      minimumLift: 0.2,
    });
    // A variant is not the journey's own ranking: it is the control against journey.
    const variants = validate([
      experiment({
        arms: [
          { id: 'journey', label: 'J', kind: 'journey', percent: 70 },
          { id: 'eval', label: 'V', kind: 'variant', percent: 30, defaultStage: 'b2b:evaluation' },
        ],
      }),
    ]);
    expect(variants[0].control).toBe('eval');
    expect(variants[0].arms[1].defaultStage).toBe('b2b:evaluation');
    // Only journey arms (an A/A test): the first is the control.
    const aa = validate([
      experiment({
        arms: [
          { id: 'a', label: 'A', kind: 'journey', percent: 50 },
          { id: 'b', label: 'B', kind: 'journey', percent: 50 },
        ],
      }),
    ]);
    expect(aa[0].control).toBe('a');
    expect(validate(undefined)).toEqual([]);
  });

  it('keeps a fixed arm’s documentIds in order and a given control and window', () => {
    const [e] = validate([
      experiment({
        audience: 'b2b',
        locale: 'fr-FR',
        startAt: '2025-03-01',
        stopAt: '2025-04-01T00:00:00Z',
        control: 'journey',
        minimumLift: 0.1,
        arms: [
          { id: 'journey', label: 'J', kind: 'journey', percent: 60 },
          {
            id: 'picks',
            label: 'Editor picks',
            kind: 'fixed',
            percent: 40,
            documentIds: ['z9', 'a1'],
          },
        ],
      }),
    ]);
    expect(e.arms[1].documentIds).toEqual(['z9', 'a1']);
    expect(e).toMatchObject({
      audience: 'b2b',
      locale: 'fr-FR',
      startAt: '2025-03-01',
      stopAt: '2025-04-01T00:00:00Z',
      control: 'journey',
      minimumLift: 0.1,
    });
  });

  it('refuses percents that do not add up to 100, naming the path and the sum', () => {
    const e = inputError(() =>
      validate([
        experiment({
          arms: [
            { id: 'journey', label: 'J', kind: 'journey', percent: 50 },
            { id: 'newest', label: 'N', kind: 'newest', percent: 40 },
          ],
        }),
      ])
    );
    expect(e.param).toBe('experiments[0].arms');
    expect(e.message).toMatch(/add up to 100; they add up to 90 \(journey 50, newest 40\)/);
    const p = inputError(() =>
      validate([experiment({ arms: [arms()[0], { ...arms()[1], percent: 50.5 }] })])
    );
    expect(p.param).toBe('experiments[0].arms[1].percent');
    expect(p.message).toMatch(/whole number from 1 to 99/);
  });

  it('refuses a bad kind with the kinds allowed, and arm options of another kind', () => {
    const e = inputError(() =>
      validate([experiment({ arms: [arms()[0], { ...arms()[1], kind: 'random' }] })])
    );
    expect(e.param).toBe('experiments[0].arms[1].kind');
    expect(e.allowed).toEqual(['journey', 'newest', 'fixed', 'variant']);
    expect(e.message).toMatch(/must be one of journey, newest, fixed, variant; got "random"/);
    const docs = inputError(() =>
      validate([experiment({ arms: [arms()[0], { ...arms()[1], documentIds: ['a'] }] })])
    );
    expect(docs.param).toBe('experiments[0].arms[1].documentIds');
    expect(docs.message).toMatch(/only for a "fixed" arm/);
  });

  it('refuses a fixed arm without documentIds, and a variant without a known stage', () => {
    const fixed = { id: 'picks', label: 'Picks', kind: 'fixed', percent: 50 };
    const e = inputError(() => validate([experiment({ arms: [arms()[0], fixed] })]));
    expect(e.param).toBe('experiments[0].arms[1].documentIds');
    expect(e.message).toMatch(/1 to 20 documentIds/);
    const tooMany = Array.from({ length: 21 }, (_, i) => `d${i}`);
    expect(
      inputError(() =>
        validate([experiment({ arms: [arms()[0], { ...fixed, documentIds: tooMany }] })])
      ).param
    ).toBe('experiments[0].arms[1].documentIds');
    const variant = { id: 'v', label: 'V', kind: 'variant', percent: 50, defaultStage: 'b2b:nope' };
    const v = inputError(() => validate([experiment({ arms: [arms()[0], variant] })]));
    expect(v.param).toBe('experiments[0].arms[1].defaultStage');
    expect(v.allowed).toEqual(STAGES);
  });

  it('refuses bad ids, repeated ids, unknown options, bad status, audience, dates, control, lift', () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ id: 'Has Space' }, 'experiments[0].id', /lower case letters/],
      [{ status: 'paused' }, 'experiments[0].status', /draft, running, stopped/],
      [{ audience: 'both' }, 'experiments[0].audience', /b2b, b2c, any/],
      [{ locale: 'not a locale' }, 'experiments[0].locale', /locale code/],
      [{ startAt: '2025-03-01T09:00' }, 'experiments[0].startAt', /with a zone/],
      [{ startAt: '2025-04-01', stopAt: '2025-03-01' }, 'experiments[0].stopAt', /after startAt/],
      [{ control: 'other' }, 'experiments[0].control', /journey, newest/],
      [{ minimumLift: 0 }, 'experiments[0].minimumLift', /0\.01 to 10/],
      [{ spilt: 50 }, 'experiments[0].spilt', /is not an option/],
      [{ arms: [arms()[0]] }, 'experiments[0].arms', /2 to 4 arms/],
      [
        { arms: [arms()[0], { ...arms()[1], id: 'journey' }] },
        'experiments[0].arms[1].id',
        /repeats/,
      ],
      [
        { arms: [arms()[0], { ...arms()[1], label: '' }] },
        'experiments[0].arms[1].label',
        /1 to 80/,
      ],
    ];
    for (const [over, param, message] of cases) {
      const e = inputError(() => validate([experiment(over)]));
      expect([e.param, e.message]).toEqual([param, expect.stringMatching(message)]);
    }
    const twice = inputError(() => validate([experiment(), experiment({ status: 'draft' })]));
    expect(twice.param).toBe('experiments[1].id');
    expect(inputError(() => validate({})).param).toBe('experiments');
  });

  it('puts the prefix before every message', () => {
    const e = inputError(() =>
      validateExperiments([experiment({ status: 'x' })], {
        key: 'experiments',
        stageIds: STAGES,
        prefix: 'journey plugin config: ',
      })
    );
    expect(e.message.startsWith('journey plugin config: experiments[0].status ')).toBe(true);
  });

  it('refuses two running experiments that overlap in scope and dates, naming both', () => {
    const e = inputError(() =>
      validate([
        experiment({ id: 'first', audience: 'b2b', locale: 'en' }),
        experiment({ id: 'second', audience: 'any', locale: 'en' }),
      ])
    );
    expect(e.param).toBe('experiments[1]');
    expect(e.message).toMatch(/"second".*"first"/);
    expect(e.message).toMatch(/only one running experiment per scope/);
    // A '*' locale overlaps every locale; windows that overlap by a day overlap.
    expect(() =>
      validate([
        experiment({ id: 'a', locale: '*', stopAt: '2025-03-02' }),
        experiment({ id: 'b', locale: 'de', startAt: '2025-03-01' }),
      ])
    ).toThrow(/only one running experiment per scope/);
  });

  it('accepts running experiments that do not overlap: back-to-back windows, other scopes, drafts', () => {
    expect(
      validate([
        experiment({ id: 'march', stopAt: '2025-04-01' }),
        experiment({ id: 'april', startAt: '2025-04-01' }), // [start, stop): no shared instant
        experiment({ id: 'draft', status: 'draft' }),
        experiment({ id: 'stopped', status: 'stopped' }),
      ]).map((e) => e.id)
    ).toEqual(['march', 'april', 'draft', 'stopped']);
    expect(
      validate([
        experiment({ id: 'b2b-en', audience: 'b2b', locale: 'en' }),
        experiment({ id: 'b2c-en', audience: 'b2c', locale: 'en' }),
        experiment({ id: 'b2b-fr', audience: 'b2b', locale: 'fr' }),
      ])
    ).toHaveLength(3);
  });
});

describe('isLive, liveExperimentFor, publishExperiments', () => {
  const now = Date.parse('2025-03-15T12:00:00Z');
  const list = validate([
    experiment({
      id: 'b2b-en',
      audience: 'b2b',
      locale: 'en',
      stopAt: '2025-04-01',
      arms: [
        { id: 'journey', label: 'J', kind: 'journey', percent: 80 },
        { id: 'picks', label: 'P', kind: 'fixed', percent: 20, documentIds: ['secret-doc'] },
      ],
    }),
    experiment({ id: 'everyone-fr', locale: 'fr' }),
    experiment({ id: 'later', audience: 'b2c', locale: 'en', startAt: '2025-04-01' }),
    experiment({ id: 'over', audience: 'b2c', locale: 'en', stopAt: '2025-03-01' }),
    experiment({ id: 'draft', status: 'draft', audience: 'b2c', locale: 'en' }),
  ]);
  const byId = (id: string) => list.find((e) => e.id === id) as Experiment;

  it('isLive: running and now within [startAt, stopAt)', () => {
    expect(isLive(byId('b2b-en'), now)).toBe(true);
    expect(isLive(byId('b2b-en'), new Date('2025-04-01T00:00:00Z'))).toBe(false); // stopAt excluded
    expect(isLive(byId('later'), now)).toBe(false);
    expect(isLive(byId('later'), Date.parse('2025-04-01'))).toBe(true); // startAt included
    expect(isLive(byId('over'), now)).toBe(false);
    expect(isLive(byId('draft'), now)).toBe(false);
    expect(isLive({ ...byId('b2b-en'), status: 'stopped' }, now)).toBe(false);
  });

  it('liveExperimentFor matches audience and locale; any and * cover everything', () => {
    expect(liveExperimentFor(list, { audience: 'b2b', locale: 'en' }, now)?.id).toBe('b2b-en');
    expect(liveExperimentFor(list, { audience: 'b2c', locale: 'en' }, now)).toBeUndefined();
    expect(liveExperimentFor(list, { audience: 'b2c', locale: 'fr' }, now)?.id).toBe('everyone-fr');
    expect(liveExperimentFor(list, { locale: 'fr' }, now)?.id).toBe('everyone-fr');
    expect(liveExperimentFor(list, { audience: 'both', locale: 'en' }, now)).toBeUndefined();
    expect(liveExperimentFor(list, { audience: 'b2b' }, now)).toBeUndefined();
    const everywhere = validate([experiment({ id: 'all' })]);
    expect(liveExperimentFor(everywhere, {}, now)?.id).toBe('all');
    expect(
      liveExperimentFor(list, { audience: 'b2b', locale: 'en' }, Date.parse('2025-05-01'))
    ).toBe(undefined);
  });

  it('publishExperiments: live ones only, with ids and percents but no documentIds', () => {
    const published = publishExperiments(list, now);
    expect(published).toEqual([
      {
        id: 'b2b-en',
        audience: 'b2b',
        locale: 'en',
        arms: [
          { id: 'journey', percent: 80 },
          { id: 'picks', percent: 20 },
        ],
        stopAt: '2025-04-01',
      },
      {
        id: 'everyone-fr',
        audience: 'any',
        locale: 'fr',
        arms: [
          { id: 'journey', percent: 50 },
          { id: 'newest', percent: 50 },
        ],
      },
    ]);
    expect(JSON.stringify(published)).not.toContain('secret-doc');
  });
});

describe('assignment', () => {
  const fiftyFifty = {
    id: 'ranking',
    arms: [
      { id: 'journey', percent: 50 },
      { id: 'newest', percent: 50 },
    ],
  };
  const three = {
    id: 'three-way',
    arms: [
      { id: 'a', percent: 20 },
      { id: 'b', percent: 30 },
      { id: 'c', percent: 50 },
    ],
  };

  it('randomBucket draws whole numbers in 0..9999', () => {
    expect(randomBucket(() => 0)).toBe(0);
    expect(randomBucket(() => 0.99999999)).toBe(9999);
    expect(randomBucket(() => 0.5)).toBe(5000);
    for (let i = 0; i < 1000; i++) {
      const b = randomBucket();
      expect(Number.isInteger(b) && b >= 0 && b < BUCKETS).toBe(true);
    }
  });

  it('gives the same arm to the same bucket, every time', () => {
    for (const bucket of [0, 1, 4999, 5000, 9999, 1234]) {
      const arm = armFor(three, bucket);
      expect(armFor(three, bucket)).toBe(arm);
      expect(armFor({ ...three, arms: three.arms.map((a) => ({ ...a })) }, bucket)).toBe(arm);
    }
  });

  it('splits all 10,000 buckets by the percents', () => {
    for (const e of [fiftyFifty, three]) {
      const counts = new Map<string, number>();
      for (let b = 0; b < BUCKETS; b++) {
        const arm = armFor(e, b);
        counts.set(arm, (counts.get(arm) ?? 0) + 1);
      }
      for (const arm of e.arms)
        expect(
          Math.abs((counts.get(arm.id) ?? 0) / BUCKETS - arm.percent / 100)
        ).toBeLessThanOrEqual(0.01);
    }
  });

  it('splits 100,000 random buckets within ±1 % of the percents', () => {
    // A seeded generator (mulberry32), so a failure can be replayed.
    let seed = 42;
    const random = () => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[armFor(three, randomBucket(random))]++;
    expect(Math.abs(counts.a / n - 0.2)).toBeLessThan(0.01);
    expect(Math.abs(counts.b / n - 0.3)).toBeLessThan(0.01);
    expect(Math.abs(counts.c / n - 0.5)).toBeLessThan(0.01);
  });

  it('assigns independently across experiments (joint cells near percent × percent)', () => {
    // Each joint cell of two 50/50 experiments holds about 25 % of the buckets, and the
    // arms are not the same list (as they would be if the id were not mixed in).
    const other = { id: 'cta-copy', arms: fiftyFifty.arms };
    const cells: Record<string, number> = {};
    let same = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const x = armFor(fiftyFifty, b);
      const y = armFor(other, b);
      cells[`${x}/${y}`] = (cells[`${x}/${y}`] ?? 0) + 1;
      if ((x === 'journey') === (y === 'journey')) same++;
    }
    expect(Object.keys(cells)).toHaveLength(4);
    for (const n of Object.values(cells)) expect(Math.abs(n / BUCKETS - 0.25)).toBeLessThan(0.02);
    expect(same).not.toBe(BUCKETS);
    // Against the three-way split too: each cell near 0.5 × percent.
    for (const a of three.arms) {
      let n = 0;
      for (let b = 0; b < BUCKETS; b++)
        if (armFor(three, b) === a.id && armFor(fiftyFifty, b) === 'journey') n++;
      expect(Math.abs(n / BUCKETS - 0.5 * (a.percent / 100))).toBeLessThan(0.02);
    }
  });

  it('keeps most visitors in their arm when the split moves a little', () => {
    const moved = {
      ...fiftyFifty,
      arms: [
        { id: 'journey', percent: 60 },
        { id: 'newest', percent: 40 },
      ],
    };
    let changed = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const before = armFor(fiftyFifty, b);
      const after = armFor(moved, b);
      if (before !== after) {
        changed++;
        expect([before, after]).toEqual(['newest', 'journey']); // only towards the grown arm
      }
    }
    expect(changed).toBe(1000);
  });
});
