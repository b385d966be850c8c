import {
  buildTaxonomy,
  globToRegExp,
  historyWith,
  inferVisitorStage,
  nextStage,
  validateConfig,
  validateSignalRules,
  DEFAULT_VISITOR_WEIGHTS,
  type SeenEntry,
  type SignalRule,
} from '../src';
import { inputError } from './helpers';

const taxonomy = buildTaxonomy();
const ids = taxonomy.stages.map((s) => s.id);
let n = 0;
const read = (stages: string[], audience: SeenEntry['audience'] = 'both'): SeenEntry => ({
  documentId: `d${++n}`,
  stages,
  audience,
});

describe('inferVisitorStage: entries read', () => {
  it('no evidence → the default stage (first stage of the audience framework), confidence 0', () => {
    const v = inferVisitorStage(taxonomy, {});
    expect(v).toMatchObject({
      stage: 'b2b:problem-recognition',
      phase: 'awareness',
      audience: null,
      confidence: 0,
      source: 'default',
      evidence: [],
    });
    expect(v.reason).toBe('No journey evidence yet: the default stage Problem Recognition (B2B)');
    expect(inferVisitorStage(taxonomy, { audience: 'b2c' }).stage).toBe('b2c:awareness');
    expect(inferVisitorStage(taxonomy, {}, { defaultStage: 'b2c:consideration' }).stage).toBe(
      'b2c:consideration'
    );
  });

  it('one entry read: its primary stage, with the primary weighted above the others', () => {
    const v = inferVisitorStage(taxonomy, {
      seen: [read(['b2b:research', 'b2b:problem-recognition'], 'b2b')],
    });
    expect(v.stage).toBe('b2b:research');
    expect(v.phase).toBe('consideration');
    expect(v.audience).toBe('b2b');
    expect(v.evidence).toEqual([
      {
        source: 'seen',
        documentId: expect.any(String),
        stage: 'b2b:research',
        phase: 'consideration',
        weight: 1,
      },
      {
        source: 'seen',
        documentId: expect.any(String),
        stage: 'b2b:problem-recognition',
        phase: 'awareness',
        weight: 0.5,
      },
      { source: 'seen', documentId: expect.any(String), audience: 'b2b', weight: 1 },
    ]);
    expect(v.reason).toBe(
      'Consideration, Research (B2B): 1 of 1 entry read is consideration content; consideration is the furthest phase with enough evidence; audience b2b from 1 b2b entry read'
    );
  });

  it('journeys move forward: a decision read then an awareness read is still decision', () => {
    const v = inferVisitorStage(taxonomy, {
      seen: [read(['b2b:selection']), read(['b2b:problem-recognition'])],
    });
    expect(v.phase).toBe('decision');
    expect(v.stage).toBe('b2b:selection');
    // Not every piece of evidence points at decision: confidence below 1.
    expect(v.confidence).toBeGreaterThan(0);
    expect(v.confidence).toBeLessThan(1);
  });

  it('recent reads weigh more: the older read is discounted by the recency factor per step', () => {
    const v = inferVisitorStage(taxonomy, {
      seen: [read(['b2c:awareness']), read(['b2c:awareness']), read(['b2c:consideration'])],
    });
    const weights = v.evidence.filter((e) => e.stage).map((e) => e.weight);
    expect(weights).toEqual([0.722, 0.85, 1]); // 0.85², 0.85, 1
    expect(v.stage).toBe('b2c:consideration');
  });

  it('a read older than the threshold allows no longer makes its phase "reached"', () => {
    // 0.85^4 = 0.52 < 0.6: one old decision read, four awareness reads since.
    const v = inferVisitorStage(taxonomy, {
      seen: [read(['b2c:purchase']), ...[1, 2, 3, 4].map(() => read(['b2c:awareness']))],
    });
    expect(v.phase).toBe('awareness');
  });

  it('a phase with little of the evidence is not "reached": one secondary tag among many reads moves nobody forward', () => {
    const seen = [1, 2, 3, 4].map(() => read(['b2b:research']));
    seen.push(read(['b2b:research', 'b2b:post-purchase'])); // post-purchase gets 0.5 against research's 3.7
    const v = inferVisitorStage(taxonomy, { seen });
    expect(v.phase).toBe('consideration');
    expect(inferVisitorStage(taxonomy, { seen }, { weights: { phaseShare: 0 } }).phase).toBe(
      'consideration'
    ); // 0.5 < 0.6 threshold anyway
    const strong = [...seen, read(['b2b:research', 'b2b:post-purchase'])]; // post-purchase 0.5 + 0.425 = 0.925: above the threshold
    expect(inferVisitorStage(taxonomy, { seen: strong }).phase).toBe('consideration'); // but under 0.3 × research's 4.15
    expect(
      inferVisitorStage(taxonomy, { seen: strong }, { weights: { phaseShare: 0 } }).phase
    ).toBe('retention');
  });

  it('one entry contributes at most entryCap, however many stages it has', () => {
    const many = read([
      'b2b:problem-recognition',
      'b2b:research',
      'b2b:consideration',
      'b2b:selection',
      'b2b:purchase',
    ]);
    const v = inferVisitorStage(taxonomy, { seen: [many] });
    const sum = v.evidence.filter((e) => e.stage).reduce((a, e) => a + e.weight, 0);
    expect(sum).toBeCloseTo(DEFAULT_VISITOR_WEIGHTS.entryCap, 2);
    // Scaled, the secondary stages (0.25 each) do not reach the threshold; the primary (0.5) does not either: best phase wins.
    expect(v.phase).toBe('decision'); // selection + purchase = 0.5 of evidence, the most of any phase
  });

  it('unknown (retired or foreign) stage ids count for nothing', () => {
    const v = inferVisitorStage(taxonomy, { seen: [read(['x:nope'])] });
    expect(v.source).toBe('default');
  });

  it('the stage is chosen within the visitor’s audience frameworks', () => {
    // Read a b2c purchase entry, but the caller says b2b: decision, in the b2b framework.
    const v = inferVisitorStage(taxonomy, { seen: [read(['b2c:purchase'])], audience: 'b2b' });
    expect(v.phase).toBe('decision');
    expect(v.stage).toBe('b2b:selection');
    expect(v.audience).toBe('b2b');
  });

  it('audience: undecided when reads of both audiences are close; `both` entries say nothing', () => {
    expect(
      inferVisitorStage(taxonomy, {
        seen: [read(['b2b:research'], 'b2b'), read(['b2c:consideration'], 'b2c')],
      }).audience
    ).toBeNull();
    expect(
      inferVisitorStage(taxonomy, { seen: [read(['b2c:awareness'], 'both')] }).audience
    ).toBeNull();
    expect(
      inferVisitorStage(taxonomy, {
        seen: [
          read(['b2c:awareness'], 'b2c'),
          read(['b2c:awareness'], 'b2c'),
          read(['b2b:research'], 'b2b'),
        ],
      }).audience
    ).toBe('b2c');
  });
});

describe('inferVisitorStage: signal rules', () => {
  const rules: SignalRule[] = validateSignalRules(
    [
      { signal: 'utm_campaign', pattern: 'pricing-*', phase: 'decision', weight: 1 },
      { signal: 'referrer', pattern: '*linkedin.com*', audience: 'b2b' },
      { signal: 'landing', pattern: '/guides/*', stage: 'b2b:research', weight: 0.5 },
    ],
    ids
  );

  it('a matching rule adds its weight to its phase; the stage is the phase’s first for the audience', () => {
    const v = inferVisitorStage(
      taxonomy,
      { signals: { utm_campaign: 'PRICING-q4', referrer: 'https://www.linkedin.com/feed' } },
      { rules }
    );
    expect(v).toMatchObject({
      stage: 'b2b:selection',
      phase: 'decision',
      audience: 'b2b',
      source: 'inferred',
    });
    expect(v.evidence).toEqual([
      {
        source: 'rule',
        signal: 'utm_campaign',
        pattern: 'pricing-*',
        phase: 'decision',
        weight: 1,
      },
      { source: 'rule', signal: 'referrer', pattern: '*linkedin.com*', audience: 'b2b', weight: 1 },
    ]);
    expect(v.reason).toBe(
      'Decision, Selection (B2B): utm_campaign matched "pricing-*"; audience b2b from 1 rule'
    );
  });

  it('rules that do not match add nothing', () => {
    expect(
      inferVisitorStage(
        taxonomy,
        { signals: { utm_campaign: 'spring', landing: '/blog/x' } },
        { rules }
      ).source
    ).toBe('default');
  });

  it('a weak rule alone is below the threshold and still decides when nothing else does', () => {
    const v = inferVisitorStage(taxonomy, { signals: { landing: '/guides/crm' } }, { rules });
    expect(v.stage).toBe('b2b:research');
    expect(v.reason).toMatch(/little evidence yet/);
  });

  it('weights are configurable', () => {
    const seen = [
      read(['b2b:selection']),
      read(['b2b:problem-recognition']),
      read(['b2b:problem-recognition']),
    ];
    expect(inferVisitorStage(taxonomy, { seen }).phase).toBe('decision'); // 0.72 ≥ 0.6
    expect(inferVisitorStage(taxonomy, { seen }, { weights: { phaseThreshold: 0.8 } }).phase).toBe(
      'awareness'
    );
  });
});

describe('signal rules and config', () => {
  it('globs match the whole value, case-insensitively, with every other character literal', () => {
    expect(globToRegExp('*.example.com').test('www.Example.com')).toBe(true);
    expect(globToRegExp('*.example.com').test('www.exampleXcom')).toBe(false);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('a?c').test('abbc')).toBe(false);
    expect(globToRegExp('(x)').test('(x)')).toBe(true);
  });

  it('rejects bad rules naming the field and what is allowed', () => {
    expect(
      inputError(() =>
        validateSignalRules([{ signal: 'utm_x', pattern: 'a', phase: 'decision' }], ids)
      ).param
    ).toBe('rules[0].signal');
    expect(
      inputError(() =>
        validateSignalRules([{ signal: 'landing', pattern: 'a', stage: 'b2b:nope' }], ids)
      ).allowed
    ).toEqual(ids);
    expect(
      inputError(() => validateSignalRules([{ signal: 'landing', pattern: 'a' }], ids)).message
    ).toMatch(/must name a stage, a phase or an audience/);
    expect(
      inputError(() =>
        validateSignalRules(
          [{ signal: 'landing', pattern: 'a', phase: 'decision', weight: 0 }],
          ids
        )
      ).param
    ).toBe('rules[0].weight');
    expect(
      inputError(() =>
        validateSignalRules(
          [{ signal: 'landing', pattern: 'a', phase: 'decision', stage: 'b2b:research' }],
          ids
        )
      ).message
    ).toMatch(/both a stage and a phase/);
    expect(inputError(() => validateSignalRules('x', ids)).param).toBe('rules');
    // The schema's refusals keep the order the fields are read in, and name the allowed values.
    const unknownField = inputError(() =>
      validateSignalRules([{ signal: 'landing', pattern: 'a', phase: 'decision', x: 1 }], ids)
    );
    expect([unknownField.param, unknownField.allowed]).toEqual([
      'rules[0].x',
      ['signal', 'pattern', 'stage', 'phase', 'audience', 'weight'],
    ]);
    expect(
      inputError(() =>
        validateSignalRules([{ signal: 'landing', pattern: ' ', stage: 'b2b:nope' }], ids)
      ).param
    ).toBe('rules[0].pattern');
    expect(
      validateSignalRules([{ signal: 'landing', pattern: ' a* ', audience: 'b2b' }], ids)
    ).toEqual([{ signal: 'landing', pattern: 'a*', audience: 'b2b', weight: 1 }]);
  });

  it('config: visitor.rules, weights and defaultStage are validated at startup', () => {
    const c = validateConfig({
      visitor: {
        rules: [{ signal: 'utm_source', pattern: 'g*', phase: 'awareness' }],
        weights: { recency: 0.5 },
        defaultStage: 'b2c:awareness',
      },
    });
    expect(c.visitor.rules).toEqual([
      { signal: 'utm_source', pattern: 'g*', phase: 'awareness', weight: 1 },
    ]);
    expect(c.visitor.weights).toEqual({ ...DEFAULT_VISITOR_WEIGHTS, recency: 0.5 });
    expect(c.visitor.defaultStage).toBe('b2c:awareness');
    expect(validateConfig({}).visitor).toEqual({
      rules: [],
      weights: DEFAULT_VISITOR_WEIGHTS,
      defaultStage: null,
    });
    expect(inputError(() => validateConfig({ visitor: { weights: { recency: 2 } } })).message).toBe(
      'journey plugin config: visitor.weights.recency must be a number from 0.01 to 1; got 2'
    );
    expect(inputError(() => validateConfig({ visitor: { defaultStage: 'nope' } })).param).toBe(
      'visitor.defaultStage'
    );
    expect(
      inputError(() =>
        validateConfig({
          visitor: { rules: [{ signal: 'referrer', pattern: 'x', stage: 'b2b:nope' }] },
        })
      ).message
    ).toMatch(/^journey plugin config: visitor\.rules\[0\]\.stage must be a stage id/);
  });
});

describe('nextStage', () => {
  it('is the next stage in the entry’s own framework, the last stays', () => {
    expect(nextStage(taxonomy, 'b2b:research')).toBe('b2b:consideration');
    expect(nextStage(taxonomy, 'b2c:purchase')).toBe('b2c:retention');
    expect(nextStage(taxonomy, 'b2c:advocacy')).toBe('b2c:advocacy');
    expect(nextStage(taxonomy, 'x:y')).toBeNull();
  });
});

describe('historyWith: the entry being read is read', () => {
  it('is added as the newest read, once, and then decides the audience', () => {
    const a = read(['b2b:problem-recognition'], 'both');
    const current = read(['b2b:research'], 'b2b');
    expect(historyWith([a], current)).toEqual([a, current]);
    expect(historyWith([a, current], current)).toEqual([a, current]);
    expect(historyWith([current, a], current)).toEqual([current, a]); // already read: history stands
    expect(historyWith([a])).toEqual([a]);
    const alone = inferVisitorStage(taxonomy, { seen: historyWith([], current) });
    expect(alone).toMatchObject({ stage: 'b2b:research', audience: 'b2b', source: 'inferred' });
  });
});

describe('the README worked example', () => {
  it('three reads and a pricing campaign: decision, b2b:selection, confidence 0.5', () => {
    const rules = validateSignalRules(
      [{ signal: 'utm_campaign', pattern: 'pricing-*', phase: 'decision' }],
      ids
    );
    const seen: SeenEntry[] = [
      { documentId: 'five-signs', stages: ['b2b:problem-recognition'], audience: 'b2b' },
      {
        documentId: 'mapping',
        stages: ['b2b:research', 'b2b:problem-recognition'],
        audience: 'b2b',
      },
      { documentId: 'security', stages: ['b2b:selection'], audience: 'b2b' },
    ];
    const v = inferVisitorStage(
      taxonomy,
      { seen, signals: { utm_campaign: 'pricing-q4' } },
      { rules }
    );
    expect(
      v.evidence
        .filter((e) => e.stage)
        .map((e) => [(e as { documentId: string }).documentId, e.stage, e.weight])
    ).toEqual([
      ['five-signs', 'b2b:problem-recognition', 0.722],
      ['mapping', 'b2b:research', 0.85],
      ['mapping', 'b2b:problem-recognition', 0.425],
      ['security', 'b2b:selection', 1],
    ]);
    expect(v).toMatchObject({
      stage: 'b2b:selection',
      phase: 'decision',
      audience: 'b2b',
      confidence: 0.5,
    });
    expect(v.reason).toBe(
      'Decision, Selection (B2B): 1 of 3 entries read is decision content, utm_campaign matched "pricing-*"; decision is the furthest phase with enough evidence; audience b2b from 3 b2b entries read'
    );
  });
});
