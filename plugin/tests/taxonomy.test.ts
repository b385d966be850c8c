import {
  PHASES,
  PHASE_KEYS,
  adjacentPhases,
  phaseOrder,
  isPhase,
  AUDIENCES,
  PRESET_FRAMEWORKS,
  DEFAULT_FRAMEWORKS,
  DEFAULT_FORMAT_AFFINITY,
  buildTaxonomy,
  publicTaxonomy,
  stageKey,
  stageId,
  activeStageIds,
  stagesInPhase,
  type PhaseKey,
} from '../src';

const EXPECTED: Record<'b2c' | 'b2b' | 'classic', Array<[string, PhaseKey]>> = {
  b2c: [
    ['awareness', 'awareness'],
    ['consideration', 'consideration'],
    ['purchase', 'decision'],
    ['retention', 'retention'],
    ['advocacy', 'advocacy'],
  ],
  b2b: [
    ['problem-recognition', 'awareness'],
    ['research', 'consideration'],
    ['consideration', 'consideration'],
    ['selection', 'decision'],
    ['purchase', 'decision'],
    ['post-purchase', 'retention'],
  ],
  classic: [
    ['awareness', 'awareness'],
    ['consideration', 'consideration'],
    ['decision', 'decision'],
  ],
};

const allPresets = () =>
  buildTaxonomy({
    frameworks: [PRESET_FRAMEWORKS.b2b, PRESET_FRAMEWORKS.b2c, PRESET_FRAMEWORKS.classic],
  });

describe('phases (SPEC §2.1)', () => {
  it('are the five phases in order', () => {
    expect(PHASE_KEYS).toEqual(['awareness', 'consideration', 'decision', 'retention', 'advocacy']);
    expect(PHASES.map((p) => p.key)).toEqual(PHASE_KEYS);
  });

  it('have 1-based order', () => {
    expect(PHASE_KEYS.map(phaseOrder)).toEqual([1, 2, 3, 4, 5]);
  });

  it('isPhase accepts phase keys only', () => {
    expect(isPhase('decision')).toBe(true);
    expect(isPhase('purchase')).toBe(false);
    expect(isPhase('Decision')).toBe(false);
    expect(isPhase(undefined)).toBe(false);
    expect(isPhase(3)).toBe(false);
  });

  describe('adjacentPhases', () => {
    it.each([
      ['awareness', ['consideration']],
      ['consideration', ['decision', 'awareness']],
      ['decision', ['retention', 'consideration']],
      ['retention', ['advocacy', 'decision']],
      ['advocacy', ['retention']],
    ] as Array<[PhaseKey, PhaseKey[]]>)('%s -> %j (next before previous)', (phase, expected) => {
      expect(adjacentPhases(phase)).toEqual(expected);
    });
  });
});

describe('stageKey / stageId', () => {
  it('slugifies labels, lower case, strict', () => {
    expect(stageKey('Problem Recognition')).toBe('problem-recognition');
    expect(stageKey('Post-Purchase')).toBe('post-purchase');
    expect(stageKey("Buyer's Choice!")).toBe('buyers-choice');
    expect(stageKey('Café Étude')).toBe('cafe-etude');
  });

  it('builds framework:key ids', () => {
    expect(stageId('b2b', 'research')).toBe('b2b:research');
  });
});

describe('preset frameworks (SPEC §2.2)', () => {
  const taxonomy = allPresets();

  it.each(Object.keys(EXPECTED) as Array<keyof typeof EXPECTED>)(
    '%s has exactly the spec stages, ids, phases and 1-based order',
    (fw) => {
      const framework = taxonomy.frameworks.find((f) => f.key === fw)!;
      expect(framework).toBeDefined();
      expect(framework.stages.map((s) => [s.key, s.phase])).toEqual(EXPECTED[fw]);
      expect(framework.stages.map((s) => s.id)).toEqual(EXPECTED[fw].map(([k]) => `${fw}:${k}`));
      expect(framework.stages.map((s) => s.order)).toEqual(EXPECTED[fw].map((_, i) => i + 1));
      framework.stages.forEach((s) => {
        expect(s.framework).toBe(fw);
        expect(s.key).toBe(stageKey(s.label));
        expect(s.retired).toBe(false);
        expect(s.target).toBe(1);
        expect(s.description).not.toBe('');
      });
    }
  );

  it('frameworks carry their audience', () => {
    expect(Object.fromEntries(taxonomy.frameworks.map((f) => [f.key, f.audience]))).toEqual({
      b2b: 'b2b',
      b2c: 'b2c',
      classic: 'both',
    });
  });

  it('the same key may exist in two frameworks with distinct ids', () => {
    expect(taxonomy.byId.get('b2b:consideration')!.framework).toBe('b2b');
    expect(taxonomy.byId.get('b2c:consideration')!.framework).toBe('b2c');
    expect(taxonomy.byId.get('classic:consideration')!.framework).toBe('classic');
  });

  it('classic is pre-purchase only', () => {
    const classic = taxonomy.frameworks.find((f) => f.key === 'classic')!;
    expect(
      classic.stages.every((s) => ['awareness', 'consideration', 'decision'].includes(s.phase))
    ).toBe(true);
  });
});

describe('buildTaxonomy defaults', () => {
  const taxonomy = buildTaxonomy();

  it('default frameworks are b2b and b2c, in that order; classic only when asked', () => {
    expect(DEFAULT_FRAMEWORKS).toEqual(['b2b', 'b2c']);
    expect(taxonomy.frameworks.map((f) => f.key)).toEqual(['b2b', 'b2c']);
    expect(taxonomy.byId.has('classic:decision')).toBe(false);
    expect(allPresets().byId.has('classic:decision')).toBe(true);
  });

  it('lists every active stage, frameworks in order then stages in order', () => {
    expect(activeStageIds(taxonomy)).toEqual([
      ...EXPECTED.b2b.map(([k]) => `b2b:${k}`),
      ...EXPECTED.b2c.map(([k]) => `b2c:${k}`),
    ]);
    expect([...taxonomy.byId.keys()].sort()).toEqual(activeStageIds(taxonomy).sort());
  });

  it('uses the default format affinity and audiences', () => {
    expect(taxonomy.formatAffinity).toEqual(DEFAULT_FORMAT_AFFINITY);
    expect([...taxonomy.audiences]).toEqual(['b2b', 'b2c', 'both']);
    expect([...AUDIENCES]).toEqual(['b2b', 'b2c', 'both']);
  });

  it('applies defaultTarget unless a stage has its own target', () => {
    const t = buildTaxonomy({
      defaultTarget: 4,
      frameworks: [
        {
          key: 'x',
          label: 'X',
          audience: 'both',
          stages: [
            { label: 'A', phase: 'awareness' },
            { label: 'B', phase: 'decision', target: 2 },
          ],
        },
      ],
    });
    expect(t.stages.map((s) => s.target)).toEqual([4, 2]);
  });

  it('stagesInPhase returns active stages of that phase across frameworks', () => {
    expect(stagesInPhase(taxonomy, 'consideration').map((s) => s.id)).toEqual([
      'b2b:research',
      'b2b:consideration',
      'b2c:consideration',
    ]);
    expect(stagesInPhase(taxonomy, 'advocacy').map((s) => s.id)).toEqual(['b2c:advocacy']);
  });
});

describe('stage overrides', () => {
  const taxonomy = buildTaxonomy({
    stageOverrides: {
      'b2b:research': { label: 'Desk research', target: 5, description: 'Looking around' },
      'b2c:retention': { retired: true },
    },
  });

  it('rename the label and set the target without changing key or id', () => {
    const s = taxonomy.byId.get('b2b:research')!;
    expect(s).toMatchObject({
      id: 'b2b:research',
      key: 'research',
      label: 'Desk research',
      target: 5,
      description: 'Looking around',
    });
  });

  it('leave other stages untouched', () => {
    expect(taxonomy.byId.get('b2b:consideration')).toMatchObject({
      label: 'Consideration',
      target: 1,
    });
  });

  it('retired stages are absent from stages and framework stages but kept in byId', () => {
    expect(activeStageIds(taxonomy)).not.toContain('b2c:retention');
    expect(taxonomy.frameworks.find((f) => f.key === 'b2c')!.stages.map((s) => s.key)).toEqual([
      'awareness',
      'consideration',
      'purchase',
      'advocacy',
    ]);
    expect(taxonomy.byId.get('b2c:retention')).toMatchObject({ retired: true, phase: 'retention' });
    expect(stagesInPhase(taxonomy, 'retention').map((s) => s.id)).toEqual(['b2b:post-purchase']);
    expect(publicTaxonomy(taxonomy).frameworks[1].stages.map((s) => s.id)).not.toContain(
      'b2c:retention'
    );
  });
});

describe('publicTaxonomy (SPEC §4 GET /api/journey/stages)', () => {
  const pub = publicTaxonomy(buildTaxonomy());

  it('has phases, frameworks and audiences only', () => {
    expect(Object.keys(pub).sort()).toEqual(['audiences', 'frameworks', 'phases']);
    expect(pub.audiences).toEqual(['b2b', 'b2c', 'both']);
  });

  it('phases carry key, label, description and order', () => {
    expect(pub.phases.map((p) => [p.key, p.order])).toEqual(PHASE_KEYS.map((k, i) => [k, i + 1]));
    pub.phases.forEach((p) => {
      expect(typeof p.label).toBe('string');
      expect(typeof p.description).toBe('string');
    });
  });

  it('frameworks carry key, label, audience and stages { id, key, label, description, phase, order }', () => {
    expect(pub.frameworks.map((f) => [f.key, f.audience])).toEqual([
      ['b2b', 'b2b'],
      ['b2c', 'b2c'],
    ]);
    for (const f of pub.frameworks) {
      expect(typeof f.label).toBe('string');
      for (const s of f.stages) {
        expect(Object.keys(s).sort()).toEqual([
          'description',
          'id',
          'key',
          'label',
          'order',
          'phase',
        ]);
      }
    }
    expect(pub.frameworks[0].stages[0]).toEqual({
      id: 'b2b:problem-recognition',
      key: 'problem-recognition',
      label: 'Problem Recognition',
      description: expect.any(String),
      phase: 'awareness',
      order: 1,
    });
  });

  it('is JSON-serialisable (no Map, no internal fields)', () => {
    const json = JSON.parse(JSON.stringify(pub));
    expect(json).toEqual(pub);
    expect(JSON.stringify(pub)).not.toContain('retired');
    expect(JSON.stringify(pub)).not.toContain('"target"');
  });
});
