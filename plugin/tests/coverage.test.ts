import { buildTaxonomy, coverageMatrix, gapRatio, type TypeCounts } from '../src';

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
    expect(m.rows[0].cells['b2b:research']).toEqual({ count: 3, target: 3, gap: false });
    expect(m.rows[1].cells['b2b:research']).toEqual({ count: 2, target: 3, gap: true });
    expect(m.rows[0].cells['b2c:awareness']).toEqual({ count: 4, target: 1, gap: false });
    expect(m.rows[0].cells['b2b:consideration']).toEqual({ count: 1, target: 1, gap: false });
  });

  it('a missing stage count is 0, a gap when the target is above 0', () => {
    expect(m.rows[1].cells['b2b:consideration']).toEqual({ count: 0, target: 1, gap: true });
    expect(m.rows[1].cells['b2c:purchase']).toEqual({ count: 0, target: 1, gap: true });
  });

  it('target 0 is never a gap', () => {
    expect(m.rows[1].cells['b2c:advocacy']).toEqual({ count: 0, target: 0, gap: false });
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
