import { PHASE_KEYS, type PhaseKey } from './phases';
import { stageName } from './stage-name';
import type { Audience, VisitorAudience } from './audience';
import { ruleMatches, type SignalName, type SignalRule, type SignalValues } from './signals';

/**
 * A visitor's stage, worked out from what they did: the entries they read and the
 * campaign or page that brought them. A pure function of those signals: nothing is
 * stored about the visitor, and the same code runs on the server and in the browser
 * (the typed client's edge mode), so both always agree.
 */

/** An entry the visitor read, with its published tags (what recommend answers carry). */
export interface SeenEntry {
  documentId: string;
  /** Stage ids, primary first. */
  stages: string[];
  audience: Audience;
}

/** The part of the taxonomy the inference needs (the server's Taxonomy and `GET /api/journey/stages` both fit). */
export interface VisitorTaxonomy {
  frameworks: Array<{
    key: string;
    audience: Audience;
    stages: Array<{ id: string; phase: PhaseKey; order: number; label?: string }>;
  }>;
}

export interface VisitorWeights {
  /** Evidence an entry's primary stage gets from one read. */
  primary: number;
  /** Evidence each of its other stages gets. */
  secondary: number;
  /** At most this much evidence per entry read (its stages are scaled down to fit). */
  entryCap: number;
  /** Each read older than the newest is worth this factor more (0.85: the one before last counts 0.85, then 0.72, …). */
  recency: number;
  /** A phase is reached when its evidence is at least this… */
  phaseThreshold: number;
  /** …and at least this share of the best-evidenced phase's (one stray secondary tag in a long history moves nobody). */
  phaseShare: number;
  /** An audience is decided when its evidence beats the other's by at least this. */
  audienceMargin: number;
}

export const DEFAULT_VISITOR_WEIGHTS: VisitorWeights = {
  primary: 1,
  secondary: 0.5,
  entryCap: 1.5,
  recency: 0.85,
  phaseThreshold: 0.6,
  phaseShare: 0.3,
  audienceMargin: 0.5,
};

export interface VisitorOptions {
  rules?: SignalRule[];
  weights?: Partial<VisitorWeights>;
  /** The stage of a visitor with no evidence; default: the first stage of the first framework for their audience. */
  defaultStage?: string | null;
}

export interface VisitorInput {
  /** Oldest first. */
  seen?: SeenEntry[];
  signals?: SignalValues;
  /** Given by the caller: wins over any inference. */
  audience?: VisitorAudience;
}

export type Evidence =
  | {
      source: 'seen';
      documentId: string;
      stage?: string;
      phase?: PhaseKey;
      audience?: VisitorAudience;
      weight: number;
    }
  | {
      source: 'rule';
      signal: SignalName;
      pattern: string;
      stage?: string;
      phase?: PhaseKey;
      audience?: VisitorAudience;
      weight: number;
    };

export interface VisitorInference {
  stage: string;
  phase: PhaseKey;
  audience: VisitorAudience | null;
  /** 0 with no evidence; 1 when the evidence all points at the phase and is strong. */
  confidence: number;
  /** `inferred` from evidence, `default` when there was none. */
  source: 'inferred' | 'default';
  evidence: Evidence[];
  reason: string;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

type IndexedStage = VisitorTaxonomy['frameworks'][number]['stages'][number] & {
  framework: string;
  fwAudience: Audience;
};
/** Per taxonomy object: the server keeps one per taxonomy change, the client one per model. */
const indexes = new WeakMap<VisitorTaxonomy, Map<string, IndexedStage>>();

/** Every stage with its framework's audience, in taxonomy order (treat as read-only: it is shared). */
const stageIndex = (taxonomy: VisitorTaxonomy): Map<string, IndexedStage> => {
  let index = indexes.get(taxonomy);
  if (!index) {
    index = new Map(
      taxonomy.frameworks.flatMap((f) =>
        f.stages.map((s) => [s.id, { ...s, framework: f.key, fwAudience: f.audience }] as const)
      )
    );
    indexes.set(taxonomy, index);
  }
  return index;
};

const serves = (fwAudience: Audience, audience: VisitorAudience | null) =>
  audience === null || fwAudience === audience || fwAudience === 'both';

export const visitorWeights = (weights?: Partial<VisitorWeights>): VisitorWeights => ({
  ...DEFAULT_VISITOR_WEIGHTS,
  ...weights,
});

/**
 * Infers the visitor's stage, phase and audience (README "Visitor signals" has a
 * worked example):
 * 1. each entry read gives its primary stage `primary` and every other stage
 *    `secondary`, scaled down to at most `entryCap`, times `recency` to the power of
 *    how many reads ago it was; matching rules add their `weight`;
 * 2. the phase is the most advanced one with at least `phaseThreshold` and at
 *    least `phaseShare` of the best phase's evidence (journeys move forward: a
 *    pricing page then an awareness post is still decision); with none that
 *    strong, the phase with the most evidence;
 * 3. the stage is the best-evidenced stage of that phase in a framework for the
 *    visitor's audience (the first such stage when the evidence named only the phase);
 * 4. the audience, unless given, is the one whose entries read and rules beat the
 *    other's by `audienceMargin`; otherwise undecided (null).
 */
export const inferVisitorStage = (
  taxonomy: VisitorTaxonomy,
  input: VisitorInput,
  options: VisitorOptions = {}
): VisitorInference => {
  const w = visitorWeights(options.weights);
  const stages = stageIndex(taxonomy);
  const seen = (input.seen ?? []).filter(
    (e) => e.stages.some((id) => stages.has(id)) || e.audience !== 'both'
  );
  const rules = (options.rules ?? []).filter((r) => ruleMatches(r, input.signals ?? {}));
  const evidence: Evidence[] = [];
  const stageScore = new Map<string, number>();
  const phaseScore = new Map<PhaseKey, number>();
  const audienceScore = { b2b: 0, b2c: 0 };
  const addStage = (id: string, weight: number) => {
    const stage = stages.get(id)!;
    stageScore.set(id, (stageScore.get(id) ?? 0) + weight);
    phaseScore.set(stage.phase, (phaseScore.get(stage.phase) ?? 0) + weight);
  };

  seen.forEach((entry, i) => {
    const recency = w.recency ** (seen.length - 1 - i);
    const known = [...new Set(entry.stages)].filter((id) => stages.has(id));
    const raw = known.map((id, k) => (k === 0 ? w.primary : w.secondary));
    const total = raw.reduce((a, b) => a + b, 0);
    const scale = total > w.entryCap ? w.entryCap / total : 1;
    known.forEach((id, k) => {
      const weight = raw[k] * scale * recency;
      addStage(id, weight);
      evidence.push({
        source: 'seen',
        documentId: entry.documentId,
        stage: id,
        phase: stages.get(id)!.phase,
        weight: round(weight),
      });
    });
    if (entry.audience === 'b2b' || entry.audience === 'b2c') {
      audienceScore[entry.audience] += recency;
      evidence.push({
        source: 'seen',
        documentId: entry.documentId,
        audience: entry.audience,
        weight: round(recency),
      });
    }
  });
  for (const rule of rules) {
    if (rule.stage && stages.has(rule.stage)) addStage(rule.stage, rule.weight);
    if (rule.phase) phaseScore.set(rule.phase, (phaseScore.get(rule.phase) ?? 0) + rule.weight);
    if (rule.audience) audienceScore[rule.audience] += rule.weight;
    const phase = rule.phase ?? (rule.stage ? stages.get(rule.stage)?.phase : undefined);
    evidence.push({
      source: 'rule',
      signal: rule.signal,
      pattern: rule.pattern,
      ...(rule.stage ? { stage: rule.stage } : {}),
      ...(phase ? { phase } : {}),
      ...(rule.audience ? { audience: rule.audience } : {}),
      weight: rule.weight,
    });
  }

  let audience: VisitorAudience | null = input.audience ?? null;
  if (!input.audience) {
    const lead = audienceScore.b2b - audienceScore.b2c;
    if (Math.abs(lead) >= w.audienceMargin) audience = lead > 0 ? 'b2b' : 'b2c';
  }
  const audiencePart = input.audience
    ? ''
    : audience
      ? `; audience ${audience} from ${audienceSources(evidence, audience)}`
      : '';

  const total = [...phaseScore.values()].reduce((a, b) => a + b, 0);
  const eligible = [...stages.values()].filter((s) => serves(s.fwAudience, audience));
  if (total <= 0) {
    const fallback =
      (options.defaultStage && stages.get(options.defaultStage)) ||
      eligible[0] ||
      [...stages.values()][0];
    return {
      stage: fallback.id,
      phase: fallback.phase,
      audience,
      confidence: 0,
      source: 'default',
      evidence,
      reason: `No journey evidence yet: the default stage ${stageName(fallback)}${audiencePart}`,
    };
  }

  const top = Math.max(...phaseScore.values());
  const strong = PHASE_KEYS.filter(
    (p) =>
      (phaseScore.get(p) ?? 0) >= w.phaseThreshold && (phaseScore.get(p) ?? 0) >= w.phaseShare * top
  );
  const phase: PhaseKey = strong.length
    ? strong[strong.length - 1]
    : PHASE_KEYS.reduce(
        (best, p) => ((phaseScore.get(p) ?? 0) >= (phaseScore.get(best) ?? 0) ? p : best),
        PHASE_KEYS[0]
      );
  const inPhase = eligible.filter((s) => s.phase === phase);
  const all = [...stages.values()].filter((s) => s.phase === phase);
  const pool = inPhase.length ? inPhase : all;
  // Best evidence first; on a tie the later stage (journeys move forward); with no stage evidence, the first stage.
  const best = pool.reduce<(typeof pool)[number] | null>((acc, s) => {
    const score = stageScore.get(s.id) ?? 0;
    if (score <= 0) return acc;
    if (!acc) return s;
    const accScore = stageScore.get(acc.id) ?? 0;
    return score > accScore || (score === accScore && s.order > acc.order) ? s : acc;
  }, null);
  const stage = best ?? pool[0];

  const score = phaseScore.get(phase) ?? 0;
  const confidence = round((score / total) * Math.min(1, score / (2 * w.phaseThreshold)), 2);
  const reads = new Set(
    evidence
      .filter((e) => e.source === 'seen' && e.phase === phase)
      .map((e) => (e as { documentId: string }).documentId)
  ).size;
  const parts: string[] = [];
  if (reads)
    parts.push(
      `${reads} of ${seen.length} ${seen.length === 1 ? 'entry' : 'entries'} read ${reads === 1 ? 'is' : 'are'} ${phase} content`
    );
  for (const r of rules)
    if ((r.phase ?? (r.stage ? stages.get(r.stage)?.phase : undefined)) === phase)
      parts.push(`${r.signal} matched "${r.pattern}"`);
  const why = strong.length
    ? strong.length > 1 || phaseScore.size > 1
      ? `; ${phase} is the furthest phase with enough evidence`
      : ''
    : '; little evidence yet';
  return {
    stage: stage.id,
    phase,
    audience,
    confidence,
    source: 'inferred',
    evidence,
    reason: `${cap(phase)}, ${stageName(stage)}: ${parts.join(', ')}${why}${audiencePart}`,
  };
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const audienceSources = (evidence: Evidence[], audience: VisitorAudience) => {
  const reads = evidence.filter((e) => e.source === 'seen' && e.audience === audience).length;
  const rules = evidence.filter((e) => e.source === 'rule' && e.audience === audience).length;
  return [
    reads ? `${reads} ${audience} ${reads === 1 ? 'entry' : 'entries'} read` : '',
    rules ? `${rules} ${rules === 1 ? 'rule' : 'rules'}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
};

/**
 * The history the inference reads when the visitor is on an entry (`from`): that entry
 * is read too, the newest read, unless the history already ends with it or holds it
 * (then the history stands as it is). Server and client both call this, so the two
 * modes agree.
 */
export const historyWith = (seen: SeenEntry[], current?: SeenEntry): SeenEntry[] =>
  current && !seen.some((e) => e.documentId === current.documentId) ? [...seen, current] : seen;

/**
 * The stage one step forward from `stageId` in its own framework: the next stage,
 * or the stage itself when it is the last. Used by `from=<documentId>`.
 */
export const nextStage = (taxonomy: VisitorTaxonomy, stageId: string): string | null => {
  for (const f of taxonomy.frameworks) {
    const i = f.stages.findIndex((s) => s.id === stageId);
    if (i !== -1) return (f.stages[i + 1] ?? f.stages[i]).id;
  }
  return null;
};
