import {
  validateConfig,
  buildTaxonomy,
  DEFAULT_CACHE_CONTROL,
  DEFAULT_FORMAT_AFFINITY,
  PRESET_FRAMEWORKS,
  PHASE_KEYS,
  activeStageIds,
} from '../src';
import { inputError } from './helpers';

const custom = (over: Record<string, unknown> = {}) => ({
  key: 'saas',
  label: 'SaaS funnel',
  audience: 'b2b',
  stages: [
    { label: 'Trial', phase: 'consideration' },
    { label: 'Paid Plan', phase: 'decision', target: 3 },
  ],
  ...over,
});

describe('validateConfig defaults', () => {
  it.each([[undefined], [{}]])('%j gives b2b + b2c and the defaults', (raw) => {
    const c = validateConfig(raw);
    expect(c.frameworks.map((f) => f.key)).toEqual(['b2b', 'b2c']);
    expect(c.frameworks[0]).toEqual(PRESET_FRAMEWORKS.b2b);
    expect(c.stages).toEqual({});
    expect(c.formatAffinity).toEqual(DEFAULT_FORMAT_AFFINITY);
    expect(c.exclude).toEqual([]);
    expect(c.defaultTarget).toBe(1);
    expect(c.cacheControl).toBe(DEFAULT_CACHE_CONTROL);
    expect(c.countCheckMinutes).toBe(10);
  });

  it('accepts classic when asked, in the given order', () => {
    expect(validateConfig({ frameworks: ['classic', 'b2c'] }).frameworks.map((f) => f.key)).toEqual(
      ['classic', 'b2c']
    );
  });

  it.each([[null], [[]], ['b2b'], [3]])('rejects a non-object root %j', (raw) => {
    expect(inputError(() => validateConfig(raw)).param).toBe('(root)');
  });
});

describe('validateConfig rejections', () => {
  it('an unknown top-level key, naming it', () => {
    const e = inputError(() => validateConfig({ framework: ['b2b'] }));
    expect(e.param).toBe('framework');
    expect(e.message).toContain('framework');
    expect(e.allowed).toEqual(
      expect.arrayContaining([
        'frameworks',
        'stages',
        'formatAffinity',
        'exclude',
        'defaultTarget',
        'cacheControl',
      ])
    );
  });

  it('a bad preset name, naming frameworks[0] and listing the presets', () => {
    const e = inputError(() => validateConfig({ frameworks: ['b2x', 'b2c'] }));
    expect(e.param).toBe('frameworks[0]');
    expect([...(e.allowed ?? [])].sort()).toEqual(['b2b', 'b2c', 'classic']);
    expect(e.message).toContain('frameworks[0]');
    expect(e.message).toContain('b2x');
    for (const p of ['b2b', 'b2c', 'classic']) expect(e.message).toContain(p);
  });

  it.each([[[]], ['b2b'], [{}]])('frameworks %j that is not a non-empty array', (frameworks) => {
    expect(inputError(() => validateConfig({ frameworks })).param).toBe('frameworks');
  });

  it('a framework that is neither preset key nor object', () => {
    expect(inputError(() => validateConfig({ frameworks: ['b2b', 7] })).param).toBe(
      'frameworks[1]'
    );
  });

  it('the same framework twice', () => {
    expect(inputError(() => validateConfig({ frameworks: ['b2b', 'b2b'] })).param).toBe(
      'frameworks[1]'
    );
    expect(
      inputError(() => validateConfig({ frameworks: ['b2b', custom({ key: 'b2b' })] })).param
    ).toBe('frameworks[1]');
  });

  it('a custom stage with a bad phase, naming frameworks[1].stages[0].phase and listing the phases', () => {
    const e = inputError(() =>
      validateConfig({
        frameworks: ['b2b', custom({ stages: [{ label: 'Trial', phase: 'purchase' }] })],
      })
    );
    expect(e.param).toBe('frameworks[1].stages[0].phase');
    expect(e.allowed).toEqual(PHASE_KEYS);
    expect(e.message).toContain('frameworks[1].stages[0].phase');
    expect(e.message).toContain('purchase');
  });

  it.each([
    ['missing key', { key: undefined }, 'frameworks[0].key'],
    ['non-slug key', { key: 'Saas Funnel' }, 'frameworks[0].key'],
    ['key with colon', { key: 'saas:x' }, 'frameworks[0].key'],
    ['missing label', { label: '' }, 'frameworks[0].label'],
    ['bad audience', { audience: 'b2g' }, 'frameworks[0].audience'],
    ['no stages', { stages: [] }, 'frameworks[0].stages'],
    ['stages not an array', { stages: {} }, 'frameworks[0].stages'],
    ['stage not an object', { stages: ['Trial'] }, 'frameworks[0].stages[0]'],
    ['stage without label', { stages: [{ phase: 'decision' }] }, 'frameworks[0].stages[0].label'],
    [
      'stage with non-slug key',
      { stages: [{ label: 'Trial', phase: 'decision', key: 'Trial Run' }] },
      'frameworks[0].stages[0].key',
    ],
    [
      'stage with bad target',
      { stages: [{ label: 'Trial', phase: 'decision', target: -1 }] },
      'frameworks[0].stages[0].target',
    ],
    [
      'repeated stage key',
      {
        stages: [
          { label: 'Trial', phase: 'awareness' },
          { label: 'trial', phase: 'decision' },
        ],
      },
      'frameworks[0].stages[1]',
    ],
  ])('custom framework: %s', (_, over, param) => {
    const e = inputError(() => validateConfig({ frameworks: [custom(over)] }));
    expect(e.param).toBe(param);
    expect(e.message).toContain(param);
  });

  // A label with no letters or digits slugifies to "", which would make the stage id "saas:".
  it('custom framework: a stage whose label slugifies to an empty key', () => {
    const e = inputError(() =>
      validateConfig({ frameworks: [custom({ stages: [{ label: '???', phase: 'decision' }] })] })
    );
    expect(e.param).toMatch(/^frameworks\[0\]\.stages\[0\]/);
  });

  it('a stage override for an unknown stage id, listing the ids', () => {
    const e = inputError(() => validateConfig({ stages: { 'classic:decision': { label: 'X' } } }));
    expect(e.param).toBe('stages["classic:decision"]');
    expect(e.allowed).toEqual(activeStageIds(buildTaxonomy()));
  });

  it('a stage override by bare key', () => {
    expect(inputError(() => validateConfig({ stages: { research: { label: 'X' } } })).param).toBe(
      'stages["research"]'
    );
  });

  it.each([
    ['bad target', { target: 1.5 }, 'stages["b2b:research"].target'],
    ['negative target', { target: -1 }, 'stages["b2b:research"].target'],
    ['string target', { target: '2' }, 'stages["b2b:research"].target'],
    ['empty label', { label: '' }, 'stages["b2b:research"].label'],
    ['non-boolean retired', { retired: 'yes' }, 'stages["b2b:research"].retired'],
    ['non-string description', { description: 3 }, 'stages["b2b:research"].description'],
  ])('a stage override with %s', (_, override, param) => {
    expect(inputError(() => validateConfig({ stages: { 'b2b:research': override } })).param).toBe(
      param
    );
  });

  it('stages that is not an object', () => {
    expect(inputError(() => validateConfig({ stages: ['b2b:research'] })).param).toBe('stages');
  });

  it.each([[-1], [1.5], ['1'], [100001]])('a bad defaultTarget %j', (defaultTarget) => {
    expect(inputError(() => validateConfig({ defaultTarget })).param).toBe('defaultTarget');
  });

  it.each([
    [['api::legal-page']],
    [['legal-page']],
    [['plugin::users-permissions.user']],
    [[42]],
    ['api::legal-page.legal-page'],
  ])('a bad exclude %j', (exclude) => {
    expect(inputError(() => validateConfig({ exclude })).param).toBe('exclude');
  });

  it('a formatAffinity override for an unknown phase, naming it and listing the phases', () => {
    const e = inputError(() => validateConfig({ formatAffinity: { purchase: ['demo'] } }));
    expect(e.param).toBe('formatAffinity.purchase');
    expect(e.allowed).toEqual(PHASE_KEYS);
  });

  it.each([[['demo', 3]], ['demo']])(
    'a formatAffinity phase that is not a list of names %j',
    (formats) => {
      expect(
        inputError(() => validateConfig({ formatAffinity: { decision: formats } })).param
      ).toBe('formatAffinity.decision');
    }
  );

  it('an empty cacheControl', () => {
    expect(inputError(() => validateConfig({ cacheControl: ' ' })).param).toBe('cacheControl');
  });

  it.each([[-1], [1.5], [1441], ['10']])('a countCheckMinutes of %j', (minutes) => {
    const e = inputError(() => validateConfig({ countCheckMinutes: minutes }));
    expect(e.param).toBe('countCheckMinutes');
    expect(e.message).toContain('0 (never) to 1440');
  });

  it.each([
    [{ article: {} }, 'targets["article"]'],
    [{ 'api::article.article': { 'b2b:nope': 1 } }, 'targets["api::article.article"].b2b:nope'],
    [
      { 'api::article.article': { 'b2b:research': 'n/a' } },
      'targets["api::article.article"].b2b:research',
    ],
    [
      { 'api::article.article': { 'b2b:research': null } },
      'targets["api::article.article"].b2b:research',
    ],
    [['api::article.article'], 'targets'],
  ])('bad per-type targets %j, naming %s', (targets, param) => {
    const e = inputError(() => validateConfig({ targets }));
    expect(e.param).toBe(param);
    expect(e.message).toMatch(/^journey plugin config: /);
  });

  it('errors say they come from the plugin config', () => {
    expect(inputError(() => validateConfig({ nope: 1 })).message).toMatch(
      /^journey plugin config: nope /
    );
  });
});

describe('validateConfig accepted values', () => {
  it('normalises a custom framework: keys from labels, audience default both', () => {
    const c = validateConfig({ frameworks: ['b2c', custom({ audience: undefined })] });
    const fw = c.frameworks[1];
    expect(fw).toMatchObject({ key: 'saas', label: 'SaaS funnel', audience: 'both' });
    expect(fw.stages.map((s) => [s.key, s.phase, s.target])).toEqual([
      ['trial', 'consideration', undefined],
      ['paid-plan', 'decision', 3],
    ]);
    const t = buildTaxonomy({ frameworks: c.frameworks });
    expect(t.byId.get('saas:paid-plan')).toMatchObject({ order: 2, target: 3, framework: 'saas' });
  });

  it('keeps an explicit stage key', () => {
    const c = validateConfig({
      frameworks: [custom({ stages: [{ label: 'Trial Run', key: 'trial', phase: 'decision' }] })],
    });
    expect(c.frameworks[0].stages[0].key).toBe('trial');
  });

  it('accepts stage overrides for stages of a custom framework', () => {
    expect(
      validateConfig({ frameworks: [custom()], stages: { 'saas:trial': { target: 0 } } }).stages
    ).toEqual({ 'saas:trial': { target: 0 } });
  });

  it('replaces format affinity phase by phase without touching the defaults', () => {
    const before = JSON.stringify(DEFAULT_FORMAT_AFFINITY);
    const c = validateConfig({ formatAffinity: { decision: ['demo'] } });
    expect(c.formatAffinity.decision).toEqual(['demo']);
    expect(c.formatAffinity.awareness).toEqual(DEFAULT_FORMAT_AFFINITY.awareness);
    expect(JSON.stringify(DEFAULT_FORMAT_AFFINITY)).toBe(before);
  });

  it('keeps per-type targets, numbers and "not-applicable"', () => {
    const targets = {
      'api::event.event': { 'b2c:retention': 'not-applicable', 'b2b:research': 3 },
    };
    expect(validateConfig({ targets }).targets).toEqual(targets);
    expect(validateConfig({}).targets).toEqual({});
  });

  it('keeps exclude, defaultTarget, cacheControl', () => {
    const c = validateConfig({
      exclude: ['api::legal-page.legal-page'],
      defaultTarget: 0,
      cacheControl: 'no-store',
    });
    expect(c).toMatchObject({
      exclude: ['api::legal-page.legal-page'],
      defaultTarget: 0,
      cacheControl: 'no-store',
    });
  });

  it('stage overrides (label, target, retired) are applied by buildTaxonomy', () => {
    const c = validateConfig({
      frameworks: ['b2b', 'b2c', 'classic'],
      defaultTarget: 2,
      stages: {
        'b2b:research': { label: 'Desk research', target: 5 },
        'classic:decision': { retired: true },
      },
    });
    const t = buildTaxonomy({
      frameworks: c.frameworks,
      stageOverrides: c.stages,
      formatAffinity: c.formatAffinity,
      defaultTarget: c.defaultTarget,
    });
    expect(t.byId.get('b2b:research')).toMatchObject({
      label: 'Desk research',
      target: 5,
      retired: false,
    });
    expect(t.byId.get('b2b:consideration')!.target).toBe(2);
    expect(activeStageIds(t)).not.toContain('classic:decision');
    expect(t.frameworks[2].stages.map((s) => s.id)).toEqual([
      'classic:awareness',
      'classic:consideration',
    ]);
    expect(t.byId.get('classic:decision')!.retired).toBe(true);
  });
});
