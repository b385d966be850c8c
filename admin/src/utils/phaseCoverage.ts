import type { CoverageMatrix } from '../../../plugin/src/coverage';
import { PHASES, type PhaseKey } from '../../../plugin/src/phases';

export interface PhaseCoverage {
  phase: PhaseKey;
  /** Content type × stage cells of this phase's stages (the coverage page's cells). */
  cells: number;
  /** Those at or above their stage's target. */
  atTarget: number;
  /** Those below it: the phase's gaps, as the coverage page counts them. */
  gaps: number;
}

/**
 * The coverage matrix folded per phase, in journey order, for a glance: how many of a phase's
 * cells (content type × stage) reach their target. A phase no stage maps to is left out, so a
 * project without retention or advocacy stages sees no empty rows for them.
 */
export const coverageByPhase = (matrix: CoverageMatrix): PhaseCoverage[] => {
  const phaseOf = new Map(matrix.stages.map((s) => [s.id, s.phase]));
  const byPhase = new Map<string, PhaseCoverage>();
  for (const row of matrix.rows) {
    for (const [stageId, cell] of Object.entries(row.cells)) {
      const phase = phaseOf.get(stageId);
      // A type × stage marked "not applicable" is neither at target nor a gap: not counted.
      if (!phase || cell.applies === false) continue;
      const entry = byPhase.get(phase) ?? { phase, cells: 0, atTarget: 0, gaps: 0 };
      entry.cells += 1;
      if (cell.gap) entry.gaps += 1;
      else entry.atTarget += 1;
      byPhase.set(phase, entry);
    }
  }
  return PHASES.map((p) => byPhase.get(p.key)).filter((p): p is PhaseCoverage => Boolean(p));
};
