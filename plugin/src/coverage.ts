import type { Stage } from './taxonomy';

/** What the server counts for one content type with grouped SQL. */
export interface TypeCounts {
  uid: string;
  displayName: string;
  /** Entries (documents) in scope: locale, status, audience. */
  total: number;
  /** Entries in scope with no stage at all. */
  untagged: number;
  /** Entries in scope per stage id; an entry with two stages counts in both. */
  byStage: Record<string, number>;
}

export interface CoverageCell {
  count: number;
  target: number;
  gap: boolean;
}

export interface CoverageMatrix {
  stages: Array<Pick<Stage, 'id' | 'label' | 'phase' | 'framework' | 'target'>>;
  rows: Array<{
    uid: string;
    displayName: string;
    total: number;
    untagged: number;
    cells: Record<string, CoverageCell>;
  }>;
  totals: Record<string, number>;
}

/**
 * Turns per-type grouped counts into the coverage matrix of SPEC §5: a cell per
 * type × active stage, a gap wherever the count is below the stage's target.
 */
export const coverageMatrix = (stages: Stage[], types: TypeCounts[]): CoverageMatrix => {
  const totals: Record<string, number> = Object.fromEntries(stages.map((s) => [s.id, 0]));
  const rows = types.map((t) => {
    const cells: Record<string, CoverageCell> = {};
    for (const s of stages) {
      const count = t.byStage[s.id] ?? 0;
      cells[s.id] = { count, target: s.target, gap: count < s.target };
      totals[s.id] += count;
    }
    return { uid: t.uid, displayName: t.displayName, total: t.total, untagged: t.untagged, cells };
  });
  return {
    stages: stages.map(({ id, label, phase, framework, target }) => ({
      id,
      label,
      phase,
      framework,
      target,
    })),
    rows,
    totals,
  };
};

/** Gap severity for colouring: 0 = at or above target, 1 = empty. */
export const gapRatio = (cell: CoverageCell): number =>
  cell.target <= 0 ? 0 : Math.max(0, Math.min(1, (cell.target - cell.count) / cell.target));
