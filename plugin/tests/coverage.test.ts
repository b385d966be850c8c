import {
  applyTypeTargetEdits,
  buildTaxonomy,
  cellTarget,
  coverageMatrix,
  gapRatio,
  mergeTypeTargets,
  stagesForAudience,
  validateTypeTargets,
  type TypeCounts,
} from '../src';

const taxonomy = buildTaxonomy({
  stageOverrides: {
    'b2b:research': { target: 3 },
    'b2c:advocacy': { target: 0 },
    'b2c:retention': { retired: true },
  },
});

const types: TypeCounts[] = [
  {
    uid: 'api::article.article',
    displayName: 'Article',
    total: 10,
    untagged: 2,
    byStage: { 'b2b:research': 3, 'b2b:consideration': 1, 'b2c:awareness': 4, 'b2c:retention': 9 },
  },
  {
    uid: 'api::whitepaper.whitepaper',
    displayName: 'Whitepaper',
    total: 5,
    untagged: 0,
    byStage: { 'b2b:research': 2, 'b2c:awareness': 1 },
  },
];

describe('coverageMatrix', () => {
  const m = coverageMatrix(taxonomy.stages, types);

  it('lists the active stages with id, label, phase, framework and target only', () => {
    expect(m.stages.map((s) => s.id)).toEqual(taxonomy.stages.map((s) => s.id));
    expect(m.stages.map((s) => s.id)).not.toContain('b2c:retention');
    expect(m.stages[1]).toEqual({
      id: 'b2b:research',
      label: 'Research',
      phase: 'consideration',
      framework: 'b2b',
      target: 3,
    });
    m.stages.forEach((s) =>
      expect(Object.keys(s).sort()).toEqual(['framework', 'id', 'label', 'phase', 'target'])
    );
  });

  it('has one row per type, in order, with total and untagged passed through', () => {
    expect(m.rows.map((r) => [r.uid, r.displayName, r.total, r.untagged])).toEqual([
      ['api::article.article', 'Article', 10, 2],
      ['api::whitepaper.whitepaper', 'Whitepaper', 5, 0],
    ]);
  });

  it('counts per cell, with the stage target', () => {
    expect(m.rows[0].cells['b2b:research']).toEqual({
      count: 3,
      target: 3,
      gap: false,
      applies: true,
    });
    expect(m.rows[1].cells['b2b:research']).toEqual({
      count: 2,
      target: 3,
      gap: true,
      applies: true,
    });
    expect(m.rows[0].cells['b2c:awareness']).toEqual({
      count: 4,
      target: 1,
      gap: false,
      applies: true,
    });
    expect(m.rows[0].cells['b2b:consideration']).toEqual({
      count: 1,
      target: 1,
      gap: false,
      applies: true,
    });
  });

  it('a missing stage count is 0, a gap when the target is above 0', () => {
    expect(m.rows[1].cells['b2b:consideration']).toEqual({
      count: 0,
      target: 1,
      gap: true,
      applies: true,
    });
    expect(m.rows[1].cells['b2c:purchase']).toEqual({
      count: 0,
      target: 1,
      gap: true,
      applies: true,
    });
  });

  it('target 0 is never a gap', () => {
    expect(m.rows[1].cells['b2c:advocacy']).toEqual({
      count: 0,
      target: 0,
      gap: false,
      applies: true,
    });
  });

  it('has a cell for every stage in every row, and none for stages not listed', () => {
    for (const r of m.rows) {
      expect(Object.keys(r.cells)).toEqual(taxonomy.stages.map((s) => s.id));
      expect(r.cells['b2c:retention']).toBeUndefined();
    }
  });

  it('totals sum every type per stage, 0 where nothing is tagged', () => {
    expect(m.totals['b2b:research']).toBe(5);
    expect(m.totals['b2c:awareness']).toBe(5);
    expect(m.totals['b2b:consideration']).toBe(1);
    expect(m.totals['b2b:selection']).toBe(0);
    expect(Object.keys(m.totals)).toEqual(taxonomy.stages.map((s) => s.id));
    expect(m.totals['b2c:retention']).toBeUndefined();
  });

  it('with no types, every total is 0 and there are no rows', () => {
    const empty = coverageMatrix(taxonomy.stages, []);
    expect(empty.rows).toEqual([]);
    expect(Object.values(empty.totals).every((v) => v === 0)).toBe(true);
    expect(Object.keys(empty.totals)).toHaveLength(taxonomy.stages.length);
  });

  it('does not mutate the counts it was given', () => {
    const before = JSON.stringify(types);
    coverageMatrix(taxonomy.stages, types);
    expect(JSON.stringify(types)).toBe(before);
  });
});

describe('per-type targets', () => {
  const typeTargets = {
    'api::article.article': { 'b2b:research': 1, 'b2c:awareness': 'not-applicable' as const },
    'api::whitepaper.whitepaper': { 'b2b:consideration': 0 },
  };
  const m = coverageMatrix(taxonomy.stages, types, typeTargets);

  it("a type's own target replaces the stage's for that type only", () => {
    expect(m.rows[0].cells['b2b:research']).toEqual({
      count: 3,
      target: 1,
      gap: false,
      applies: true,
    });
    expect(m.rows[1].cells['b2b:research']).toEqual({
      count: 2,
      target: 3,
      gap: true,
      applies: true,
    });
    expect(m.rows[1].cells['b2b:consideration']).toEqual({
      count: 0,
      target: 0,
      gap: false,
      applies: true,
    });
  });

  it('a "not applicable" cell is never a gap and says so, but keeps its count in the totals', () => {
    expect(m.rows[0].cells['b2c:awareness']).toEqual({
      count: 4,
      target: 0,
      gap: false,
      applies: false,
    });
    expect(m.totals['b2c:awareness']).toBe(5);
    expect(gapRatio(m.rows[0].cells['b2c:awareness'])).toBe(0);
    expect(gapRatio({ count: 0, target: 3, applies: false })).toBe(0);
  });

  it('cellTarget: own, else the stage target; null where not applicable', () => {
    const stage = { id: 'b2b:research', target: 3 };
    expect(cellTarget(typeTargets, 'api::article.article', stage)).toBe(1);
    expect(cellTarget(typeTargets, 'api::event.event', stage)).toBe(3);
    expect(cellTarget(undefined, 'api::article.article', stage)).toBe(3);
    expect(
      cellTarget(typeTargets, 'api::article.article', { id: 'b2c:awareness', target: 2 })
    ).toBeNull();
  });

  it("settings edits lay over config's cell by cell; null removes an edit", () => {
    const config = { 'api::a.a': { 'b2b:research': 2, 'b2b:awareness': 5 } };
    const settings = { 'api::a.a': { 'b2b:research': 'not-applicable' as const } };
    expect(mergeTypeTargets(config, settings)).toEqual({
      'api::a.a': { 'b2b:research': 'not-applicable', 'b2b:awareness': 5 },
    });
    expect(config['api::a.a']['b2b:research']).toBe(2);
    const stored = applyTypeTargetEdits(settings, {
      'api::a.a': { 'b2b:research': null },
      'api::b.b': { 'b2b:awareness': 4 },
    });
    expect(stored).toEqual({ 'api::b.b': { 'b2b:awareness': 4 } });
    expect(settings['api::a.a']['b2b:research']).toBe('not-applicable');
  });

  it('validation names the parameter and the allowed values', () => {
    const opts = { key: 'targets', uids: ['api::a.a'], stageIds: ['b2b:research'] };
    expect(() => validateTypeTargets({ 'api::x.x': {} }, opts)).toThrow(
      expect.objectContaining({ param: 'targets["api::x.x"]', allowed: ['api::a.a'] })
    );
    expect(() => validateTypeTargets({ 'api::a.a': { 'b2b:nope': 1 } }, opts)).toThrow(
      expect.objectContaining({ param: 'targets["api::a.a"].b2b:nope', allowed: ['b2b:research'] })
    );
    expect(() => validateTypeTargets({ 'api::a.a': { 'b2b:research': -1 } }, opts)).toThrow(
      /whole number from 0 to 100000 or "not-applicable"/
    );
    expect(() => validateTypeTargets({ 'api::a.a': { 'b2b:research': null } }, opts)).toThrow(
      expect.objectContaining({ param: 'targets["api::a.a"].b2b:research' })
    );
    expect(
      validateTypeTargets({ 'api::a.a': { 'b2b:research': null } }, { ...opts, allowNull: true })
    ).toEqual({ 'api::a.a': { 'b2b:research': null } });
    expect(() => validateTypeTargets([], opts)).toThrow(
      expect.objectContaining({ param: 'targets' })
    );
  });
});

describe('stagesForAudience', () => {
  it('B2B shows the B2B framework and frameworks for both; B2C likewise; all shows every stage', () => {
    const t = buildTaxonomy({ frameworks: undefined });
    const frameworksOf = (a: string) => [
      ...new Set(stagesForAudience(t, a).map((s) => s.framework)),
    ];
    expect(frameworksOf('b2b')).toEqual(['b2b']);
    expect(frameworksOf('b2c')).toEqual(['b2c']);
    expect(frameworksOf('all')).toEqual(['b2b', 'b2c']);
  });
});

describe('gapRatio', () => {
  it.each([
    [{ count: 0, target: 1, gap: true }, 1],
    [{ count: 0, target: 4, gap: true }, 1],
    [{ count: 1, target: 4, gap: true }, 0.75],
    [{ count: 2, target: 4, gap: true }, 0.5],
    [{ count: 4, target: 4, gap: false }, 0],
    [{ count: 9, target: 4, gap: false }, 0],
    [{ count: 0, target: 0, gap: false }, 0],
    [{ count: 3, target: -1, gap: false }, 0],
  ])('%j -> %d', (cell, expected) => {
    expect(gapRatio(cell)).toBeCloseTo(expected, 10);
  });
});
