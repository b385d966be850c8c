import { PHASE_KEYS, type PhaseKey } from './phases';
import type { Audience, VisitorAudience } from './audience';
import { formatSuitsPhase, type FormatAffinity } from './affinity';
import type { Stage, Taxonomy } from './taxonomy';
import { stageName } from './stage-name';

export type MatchKind = 'exact' | 'phase' | 'adjacent';

export interface Candidate {
  documentId: string;
  contentType: string;
  /** The type's format (pluginOptions.journey.format), e.g. `whitepaper`. */
  format?: string;
  /** ISO date string or null. */
  publishedAt: string | null;
  /** Stage ids the entry is tagged with, primary first. */
  stages: string[];
  audience: Audience;
}

export interface RecommendRequest {
  /** The stages the caller asked for (one stage, or a bare key across frameworks). */
  stages: Stage[];
  audience?: VisitorAudience;
}

export interface Ranked<C extends Candidate = Candidate> {
  candidate: C;
  match: MatchKind;
  reason: string;
}

/** The phase a request is about: the phase of the first stage it resolved to. */
export const requestPhase = (req: RecommendRequest): PhaseKey => req.stages[0].phase;

/**
 * Match tiers, best first: exact stage, same phase, next phase, previous phase.
 * Returns the stage ids that fall in each tier, which is also what the server
 * queries tier by tier so that it never loads more rows than it can serve.
 */
export const matchTiers = (taxonomy: Taxonomy, req: RecommendRequest) => {
  const phase = requestPhase(req);
  const exact = new Set(req.stages.map((s) => s.id));
  const inPhases = (phases: PhaseKey[]) =>
    taxonomy.stages.filter((s) => phases.includes(s.phase) && !exact.has(s.id)).map((s) => s.id);
  const next: PhaseKey | undefined = PHASE_KEYS[phaseIndex(phase) + 1];
  const previous: PhaseKey | undefined = PHASE_KEYS[phaseIndex(phase) - 1];
  return [
    { match: 'exact' as const, stageIds: [...exact] },
    { match: 'phase' as const, stageIds: inPhases([phase]) },
    { match: 'adjacent' as const, stageIds: next ? inPhases([next]) : [], phase: next },
    { match: 'adjacent' as const, stageIds: previous ? inPhases([previous]) : [], phase: previous },
  ];
};

const phaseIndex = (p: PhaseKey) => PHASE_KEYS.indexOf(p);

const label = (format: string | undefined) => (format ?? 'content').replace(/-/g, ' ');

/**
 * Ranks candidates for a request, key by key (SPEC §4): match tier; audience exact
 * before `both`; format affinity for the requested phase; newer publishedAt;
 * documentId, descending (so the candidate SQL reads one index direction on every
 * database; see server/src/queries/candidates.ts). Candidates of the other audience, or outside the phase and its
 * neighbours, are dropped. Pure and deterministic: the same input gives the same order.
 */
export const rankCandidates = <C extends Candidate>(
  taxonomy: Taxonomy,
  req: RecommendRequest,
  candidates: C[],
  affinity: FormatAffinity = taxonomy.formatAffinity
): Ranked<C>[] => {
  const phase = requestPhase(req);
  const tiers = matchTiers(taxonomy, req);
  const scored = candidates.flatMap((candidate) => {
    if (req.audience && candidate.audience !== req.audience && candidate.audience !== 'both')
      return [];
    const tier = tiers.findIndex((t) => t.stageIds.some((id) => candidate.stages.includes(id)));
    if (tier === -1) return [];
    const matchedId = tiers[tier].stageIds.find((id) => candidate.stages.includes(id))!;
    const audienceRank =
      req.audience && candidate.audience === req.audience ? 0 : req.audience ? 1 : 0;
    const suits = formatSuitsPhase(affinity, candidate.format, phase);
    const matched = taxonomy.byId.get(matchedId);
    const where =
      tier === 0
        ? ''
        : tier === 1
          ? `, same phase (${phase})`
          : `, ${tier === 2 ? 'next' : 'previous'} phase (${matched?.phase})`;
    const reason =
      `tagged ${matched ? stageName(matched) : matchedId}${where}` +
      (req.audience
        ? audienceRank === 0
          ? `, for ${req.audience.toUpperCase()}`
          : ', for both audiences'
        : '') +
      `; ${label(candidate.format)} ${suits ? 'suits' : 'is not a typical format for'} ${phase}`;
    return [
      {
        candidate,
        tier,
        audienceRank,
        affinityRank: suits ? 0 : 1,
        match: tiers[tier].match,
        reason,
      },
    ];
  });

  const time = (c: Candidate) => (c.publishedAt ? Date.parse(c.publishedAt) : 0);
  scored.sort(
    (a, b) =>
      a.tier - b.tier ||
      a.audienceRank - b.audienceRank ||
      a.affinityRank - b.affinityRank ||
      time(b.candidate) - time(a.candidate) ||
      (a.candidate.documentId < b.candidate.documentId
        ? 1
        : a.candidate.documentId > b.candidate.documentId
          ? -1
          : 0)
  );
  return scored.map(({ candidate, match, reason }) => ({ candidate, match, reason }));
};
