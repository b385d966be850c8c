import { coverageByPhase } from '../../admin/src/utils/phaseCoverage';
import type { CoverageMatrix } from '../src/coverage';

const cell = (count: number, target = 1) => ({
  count,
  target,
  gap: count < target,
  applies: true,
});

const matrix: CoverageMatrix = {
  stages: [
    { id: 'b2b:research', label: 'Research', phase: 'consideration', framework: 'b2b', target: 1 },
    { id: 'b2c:awareness', label: 'Awareness', phase: 'awareness', framework: 'b2c', target: 2 },
    { id: 'b2b:selection', label: 'Selection', phase: 'decision', framework: 'b2b', target: 1 },
  ],
  rows: [
    {
      uid: 'api::a.a',
      displayName: 'A',
      total: 3,
      untagged: 0,
      cells: { 'b2b:research': cell(1), 'b2c:awareness': cell(1, 2), 'b2b:selection': cell(0) },
    },
    {
      uid: 'api::b.b',
      displayName: 'B',
      total: 4,
      untagged: 1,
      cells: { 'b2b:research': cell(0), 'b2c:awareness': cell(3, 2), 'b2b:selection': cell(2) },
    },
  ],
  totals: {},
};

describe('coverageByPhase', () => {
  test('counts each phase’s type × stage cells at target and below it, in journey order', () => {
    expect(coverageByPhase(matrix)).toEqual([
      { phase: 'awareness', cells: 2, atTarget: 1, gaps: 1 },
      { phase: 'consideration', cells: 2, atTarget: 1, gaps: 1 },
      { phase: 'decision', cells: 2, atTarget: 1, gaps: 1 },
    ]);
  });

  test('leaves out "not applicable" cells: neither at target nor a gap', () => {
    const na = {
      ...matrix,
      rows: [
        matrix.rows[0],
        {
          ...matrix.rows[1],
          cells: {
            ...matrix.rows[1].cells,
            'b2b:selection': { count: 0, target: 0, gap: false, applies: false },
          },
        },
      ],
    };
    expect(coverageByPhase(na).find((p) => p.phase === 'decision')).toEqual({
      phase: 'decision',
      cells: 1,
      atTarget: 0,
      gaps: 1,
    });
  });

  test('leaves out phases no stage maps to, and cells of stages the matrix does not list', () => {
    const onlyResearch: CoverageMatrix = {
      ...matrix,
      stages: [matrix.stages[0]],
    };
    expect(coverageByPhase(onlyResearch)).toEqual([
      { phase: 'consideration', cells: 2, atTarget: 1, gaps: 1 },
    ]);
  });

  test('an empty matrix has no phase rows', () => {
    expect(coverageByPhase({ stages: matrix.stages, rows: [], totals: {} })).toEqual([]);
  });
});
