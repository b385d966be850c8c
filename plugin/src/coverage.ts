import type { Stage } from './taxonomy';
import { cellTarget, type TypeTargets } from './targets';

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
  /** The type's own target for the stage, else the stage's (0 where not applicable). */
  target: number;
  gap: boolean;
  /** False where the team marked the type × stage "not applicable": never a gap, not proposed. */
  applies: boolean;
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
 * type × active stage, a gap wherever the count is below the cell's target (the
 * type's own for that stage, else the stage's; see targets.ts).
 */
export const coverageMatrix = (
  stages: Stage[],
  types: TypeCounts[],
  typeTargets?: TypeTargets
): CoverageMatrix => {
  const totals: Record<string, number> = Object.fromEntries(stages.map((s) => [s.id, 0]));
  const rows = types.map((t) => {
    const cells: Record<string, CoverageCell> = {};
    for (const s of stages) {
      const count = t.byStage[s.id] ?? 0;
      const target = cellTarget(typeTargets, t.uid, s);
      cells[s.id] =
        target === null
          ? { count, target: 0, gap: false, applies: false }
          : { count, target, gap: count < target, applies: true };
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
export const gapRatio = (cell: Pick<CoverageCell, 'count' | 'target'> & { applies?: boolean }) =>
  cell.applies === false || cell.target <= 0
    ? 0
    : Math.max(0, Math.min(1, (cell.target - cell.count) / cell.target));
