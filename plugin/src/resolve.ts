import { JourneyInputError, listOf } from './errors';
import { isVisitorAudience, type VisitorAudience } from './audience';
import type { Stage, Taxonomy } from './taxonomy';

/**
 * Turns what a caller wrote for a stage into the stages it means (SPEC §2.2):
 * - a full id `framework:key` is that stage;
 * - a bare key with an audience is that key in the audience's framework(s);
 * - a bare key without an audience is that key in every framework that has it.
 * Retired and unknown stages are rejected with the ids that would have been accepted.
 */
export const resolveStage = (
  taxonomy: Taxonomy,
  raw: unknown,
  audience?: VisitorAudience,
  param = 'stage'
): Stage[] => {
  const allIds = taxonomy.stages.map((s) => s.id);
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new JourneyInputError(param, `${param} is required: one of ${listOf(allIds)}`, allIds);
  }
  const value = raw.trim();

  if (audience !== undefined && !isVisitorAudience(audience)) {
    throw new JourneyInputError(
      'audience',
      `audience "${audience}" is not allowed: use b2b or b2c`,
      ['b2b', 'b2c']
    );
  }

  if (value.includes(':')) {
    const stage = taxonomy.byId.get(value);
    if (!stage || stage.retired) {
      throw new JourneyInputError(
        param,
        `${param} "${value}" is not a stage: use one of ${listOf(allIds)}`,
        allIds
      );
    }
    return [stage];
  }

  // With an audience, its own frameworks pick the key; frameworks for both audiences are the fallback.
  let candidates = taxonomy.frameworks;
  if (audience !== undefined) {
    const own = taxonomy.frameworks.filter((f) => f.audience === audience);
    const shared = taxonomy.frameworks.filter((f) => f.audience === 'both');
    candidates = own.some((f) => f.stages.some((s) => s.key === value)) ? own : [...own, ...shared];
  }
  const matches = candidates.flatMap((f) => f.stages.filter((s) => s.key === value));
  if (matches.length === 0) {
    const allowed = [...new Set(candidates.flatMap((f) => f.stages.flatMap((s) => [s.key, s.id])))];
    const scope = audience ? ` for audience ${audience}` : '';
    throw new JourneyInputError(
      param,
      `${param} "${value}" is not a stage${scope}: use one of ${listOf(allowed)}`,
      allowed
    );
  }
  return matches;
};

/** Validates a list of full stage ids for tagging: no bare keys, no duplicates, no retired stages. */
export const resolveStageIds = (taxonomy: Taxonomy, raw: unknown, param = 'stages'): Stage[] => {
  const allIds = taxonomy.stages.map((s) => s.id);
  if (!Array.isArray(raw)) {
    throw new JourneyInputError(
      param,
      `${param} must be an array of stage ids (first = primary): ${listOf(allIds)}`,
      allIds
    );
  }
  const seen = new Set<string>();
  return raw.map((value, i) => {
    const stage = typeof value === 'string' ? taxonomy.byId.get(value) : undefined;
    if (!stage || stage.retired) {
      throw new JourneyInputError(
        `${param}[${i}]`,
        `${param}[${i}] ${JSON.stringify(value)} is not a stage id: use one of ${listOf(allIds)}`,
        allIds
      );
    }
    if (seen.has(stage.id)) {
      throw new JourneyInputError(
        `${param}[${i}]`,
        `${param}[${i}] "${stage.id}" is listed twice`,
        allIds
      );
    }
    seen.add(stage.id);
    return stage;
  });
};
