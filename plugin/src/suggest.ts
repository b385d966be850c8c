import type { FormatAffinity } from './affinity';
import { phasesOfFormat } from './affinity';
import type { Audience } from './audience';
import type { PhaseKey } from './phases';
import type { Taxonomy } from './taxonomy';

/**
 * Stage suggestions learned from the entries a site has already tagged: a
 * multinomial naive Bayes over words per stage, with a per-type prior that
 * starts from the format affinity table (SPEC §2.4) and moves towards what the
 * site's editors actually chose for that type. The nearest tagged entries
 * (TF-IDF cosine) explain a suggestion in words an editor can check.
 * Pure and synchronous: no network, no model file; the server builds the index
 * from its own database.
 */

/** A tagged entry as the index learns it. `key` is unique (uid, documentId, locale). */
export interface SuggestDoc {
  key: string;
  uid: string;
  documentId: string;
  title: string;
  text: string;
  format?: string;
  audience: Audience;
  /** First = primary. */
  stages: string[];
}

/** What the model needs of a stage (a subset of the taxonomy's Stage). */
export interface SuggestStage {
  id: string;
  label: string;
  phase: PhaseKey;
  /** The audience of the stage's framework: a b2b entry rarely takes a b2c stage. */
  audience: Audience;
  /** Words that describe the stage (its description, its phase's): what the model knows before any entry is tagged. */
  description?: string;
}

export interface Neighbour {
  key: string;
  uid: string;
  documentId: string;
  title: string;
  similarity: number;
}

export interface Suggestion {
  stage: string;
  /** Posterior probability of this stage among the active stages, 0..1. */
  confidence: number;
  reason: string;
  /** Tagged entries most like this one that carry this stage (best first, at most 3). */
  like: Neighbour[];
}

export interface SuggestQuery {
  text: string;
  format?: string;
  audience?: Audience;
  uid?: string;
  /** A document of the index to leave out (the entry itself, or leave-one-out evaluation). */
  excludeKey?: string;
  /** Neighbours only from these types (the ones the editor may read); default all. */
  visibleUids?: ReadonlySet<string>;
}

export interface SuggestOptions {
  /** How many suggestions (default 3). */
  limit?: number;
  /** Neighbours considered for the explanation (default 5). */
  neighbours?: number;
}

/**
 * The model's knobs. Defaults chosen by leave-one-out on the demo library
 * (`node bench/suggest.js --grid`): many neighbouring settings score the same,
 * so these sit on a plateau rather than a spike fitted to 38 entries.
 */
export interface SuggestTuning {
  /** Laplace α per word and stage. */
  wordSmoothing: number;
  /** Tempers naive Bayes' overconfidence on short texts (1 = plain naive Bayes). */
  likelihoodWeight: number;
  /** How many pseudo-entries the affinity prior is worth against a type's own tags. */
  priorStrength: number;
  /** Prior weight of a stage whose phase the type's format serves, against one it does not. */
  affinityBoost: number;
  /** Prior weight of a stage of the other audience's framework. */
  otherAudience: number;
  /** What a non-primary stage of an entry teaches, against its primary. */
  secondaryWeight: number;
  /** The stage's label and description (and its phase's) count as this many entries of it. */
  seedWeight: number;
}

export const DEFAULT_SUGGEST_TUNING: SuggestTuning = {
  wordSmoothing: 0.1,
  likelihoodWeight: 0.4,
  priorStrength: 3,
  affinityBoost: 4,
  otherAudience: 0.1,
  secondaryWeight: 0.5,
  seedWeight: 1,
};

const STOP_WORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours ' +
    'le la les un une des du de et en est pour que qui dans sur au aux ce ces son sa ses pas plus par ne se il elle ils nous vous leur leurs'
  ).split(' ')
);

/** Lower-case words without accents, stop words or one-letter tokens; a light plural strip. */
export const tokenize = (text: string): string[] => {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/);
  const out: string[] = [];
  for (const w of words) {
    if (w.length < 2 || STOP_WORDS.has(w) || /^\d+$/.test(w)) continue;
    out.push(stem(w));
  }
  return out;
};

const stem = (w: string): string => {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us'))
    return w.slice(0, -1);
  return w;
};

interface IndexedDoc extends SuggestDoc {
  counts: Map<string, number>;
  length: number;
  /** Squared norm of the TF-IDF vector, computed once the IDF is known. */
  norm: number;
}

export interface SuggestIndex {
  tuning: SuggestTuning;
  stages: SuggestStage[];
  stageById: Map<string, SuggestStage>;
  docs: IndexedDoc[];
  byKey: Map<string, IndexedDoc>;
  /** word → stage → weighted count. */
  wordStage: Map<string, Map<string, number>>;
  /** stage → weighted word total. */
  stageWords: Map<string, number>;
  /** uid → stage → weighted entry count. */
  typeStage: Map<string, Map<string, number>>;
  /** uid → stage → entries carrying it; uid → tagged entries (for the reasons). */
  typeCarry: Map<string, Map<string, number>>;
  typeTagged: Map<string, number>;
  /** word → the documents containing it (positions in `docs`) and its count in each: the neighbours' inverted index. */
  postings: Map<string, { docs: number[]; counts: number[] }>;
}

const bump = <K>(map: Map<K, number>, key: K, by: number) => map.set(key, (map.get(key) ?? 0) + by);

const countWords = (tokens: string[]) => {
  const counts = new Map<string, number>();
  for (const t of tokens) bump(counts, t, 1);
  return counts;
};

const stageWeights = (index: SuggestIndex, doc: SuggestDoc): Map<string, number> =>
  new Map(
    doc.stages
      .filter((s) => index.stageById.has(s))
      .map((s, i) => [s, i === 0 ? 1 : index.tuning.secondaryWeight])
  );

const learnWords = (
  index: SuggestIndex,
  stage: string,
  counts: Map<string, number>,
  length: number,
  weight: number
) => {
  bump(index.stageWords, stage, weight * length);
  for (const [word, n] of counts) {
    const row = index.wordStage.get(word) ?? new Map<string, number>();
    index.wordStage.set(word, row);
    bump(row, stage, weight * n);
  }
};

/** Builds the index from tagged entries. Stages outside `stages` (retired) are ignored, and so are untagged entries. */
export const buildSuggestIndex = (
  stages: SuggestStage[],
  docs: SuggestDoc[],
  tuning: Partial<SuggestTuning> = {}
): SuggestIndex => {
  const index: SuggestIndex = {
    tuning: { ...DEFAULT_SUGGEST_TUNING, ...tuning },
    stages,
    stageById: new Map(stages.map((s) => [s.id, s])),
    docs: [],
    byKey: new Map(),
    wordStage: new Map(),
    stageWords: new Map(),
    typeStage: new Map(),
    typeCarry: new Map(),
    typeTagged: new Map(),
    postings: new Map(),
  };
  // Each stage's own words are its first "entry": a site with few tags still has a vocabulary.
  for (const s of stages) {
    const tokens = tokenize(`${s.label} ${s.description ?? ''}`);
    learnWords(index, s.id, countWords(tokens), tokens.length, index.tuning.seedWeight);
  }
  for (const doc of docs) {
    const weights = stageWeights(index, doc);
    if (weights.size === 0) continue;
    const tokens = tokenize(`${doc.title} ${doc.text}`);
    const indexed: IndexedDoc = {
      ...doc,
      counts: countWords(tokens),
      length: tokens.length,
      norm: 0,
    };
    index.docs.push(indexed);
    index.byKey.set(doc.key, indexed);
    const perType = index.typeStage.get(doc.uid) ?? new Map<string, number>();
    index.typeStage.set(doc.uid, perType);
    const carry = index.typeCarry.get(doc.uid) ?? new Map<string, number>();
    index.typeCarry.set(doc.uid, carry);
    bump(index.typeTagged, doc.uid, 1);
    for (const [stage, w] of weights) {
      bump(perType, stage, w);
      bump(carry, stage, 1);
      learnWords(index, stage, indexed.counts, indexed.length, w);
    }
    for (const [word, n] of indexed.counts) {
      const list = index.postings.get(word) ?? { docs: [], counts: [] };
      list.docs.push(index.docs.length - 1);
      list.counts.push(n);
      index.postings.set(word, list);
    }
  }
  for (const doc of index.docs) {
    let norm = 0;
    for (const [word, n] of doc.counts) norm += (n * idf(index, word)) ** 2;
    doc.norm = norm;
  }
  return index;
};

const idf = (index: SuggestIndex, word: string) =>
  Math.log((1 + index.docs.length) / (1 + (index.postings.get(word)?.docs.length ?? 0))) + 1;

/**
 * The prior of each stage for an entry of this type and format: the affinity
 * table (and the audience) as `priorStrength` pseudo-entries, plus the type's
 * own tagged entries.
 */
const stagePrior = (
  index: SuggestIndex,
  q: SuggestQuery,
  affinity: FormatAffinity,
  excluded?: IndexedDoc
): Map<string, number> => {
  const t = index.tuning;
  const phases = new Set(phasesOfFormat(affinity, q.format));
  const audienceFit = (s: SuggestStage) =>
    !q.audience || q.audience === 'both' || s.audience === 'both' || s.audience === q.audience
      ? 1
      : t.otherAudience;
  const shape = new Map(
    index.stages.map((s) => [
      s.id,
      (phases.size === 0 || phases.has(s.phase) ? t.affinityBoost : 1) * audienceFit(s),
    ])
  );
  const shapeTotal = [...shape.values()].reduce((a, b) => a + b, 0);
  const own = (q.uid && index.typeStage.get(q.uid)) || new Map<string, number>();
  const minus =
    excluded && excluded.uid === q.uid ? stageWeights(index, excluded) : new Map<string, number>();
  const prior = new Map<string, number>();
  for (const s of index.stages) {
    const seen = Math.max(0, (own.get(s.id) ?? 0) - (minus.get(s.id) ?? 0));
    prior.set(s.id, t.priorStrength * (shape.get(s.id)! / shapeTotal) + seen * audienceFit(s));
  }
  const total = [...prior.values()].reduce((a, b) => a + b, 0);
  for (const [k, v] of prior) prior.set(k, v / total);
  return prior;
};

/** Log-likelihood of the query's words under each stage, leaving `excluded` out of the counts. */
const wordLikelihood = (
  index: SuggestIndex,
  tokens: Map<string, number>,
  excluded?: IndexedDoc
): Map<string, number> => {
  const minus = excluded ? stageWeights(index, excluded) : new Map<string, number>();
  const alpha = index.tuning.wordSmoothing;
  const v = Math.max(1, index.wordStage.size);
  const out = new Map<string, number>();
  for (const s of index.stages) {
    const w = minus.get(s.id) ?? 0;
    const total = Math.max(0, (index.stageWords.get(s.id) ?? 0) - w * (excluded?.length ?? 0));
    let ll = 0;
    for (const [word, n] of tokens) {
      const count = Math.max(
        0,
        (index.wordStage.get(word)?.get(s.id) ?? 0) - w * (excluded?.counts.get(word) ?? 0)
      );
      ll += n * Math.log((count + alpha) / (total + alpha * v));
    }
    out.set(s.id, ll);
  }
  return out;
};

/**
 * The k tagged entries most like the query (cosine of TF-IDF vectors). Dot
 * products accumulate in a typed array through the inverted index, then one
 * pass keeps the best k: no per-document allocation, no full sort.
 */
const nearest = (
  index: SuggestIndex,
  tokens: Map<string, number>,
  q: SuggestQuery,
  k: number
): Array<{ doc: IndexedDoc; similarity: number }> => {
  const dots = new Float64Array(index.docs.length);
  let qNorm = 0;
  for (const [word, n] of tokens) {
    const list = index.postings.get(word);
    if (!list) continue;
    const weight = idf(index, word);
    qNorm += (n * weight) ** 2;
    const w2 = n * weight * weight;
    for (let i = 0; i < list.docs.length; i += 1) dots[list.docs[i]] += w2 * list.counts[i];
  }
  if (qNorm === 0) return [];
  const best: Array<{ doc: IndexedDoc; similarity: number }> = [];
  for (let i = 0; i < dots.length; i += 1) {
    if (dots[i] === 0) continue;
    const doc = index.docs[i];
    if (doc.key === q.excludeKey || (q.visibleUids && !q.visibleUids.has(doc.uid))) continue;
    const similarity = dots[i] / Math.sqrt(qNorm * doc.norm);
    if (best.length === k && similarity <= best[k - 1].similarity) continue;
    best.push({ doc, similarity });
    best.sort((a, b) => b.similarity - a.similarity || (a.doc.key < b.doc.key ? -1 : 1));
    if (best.length > k) best.pop();
  }
  return best;
};

const quote = (title: string) =>
  title.length > 40 ? `‘${title.slice(0, 38).trimEnd()}…’` : `‘${title}’`;

interface TypeShare {
  carrying: number;
  tagged: number;
}

const explain = (
  stage: SuggestStage,
  like: Neighbour[],
  format: string | undefined,
  affinity: FormatAffinity,
  share: TypeShare
): string => {
  const parts: string[] = [];
  if (like.length > 0) {
    const others = like.length - 1;
    parts.push(
      `like ${quote(like[0].title)}${others > 0 ? ` and ${others} other ${stage.label} ${others === 1 ? 'entry' : 'entries'}` : ` (${stage.label})`}`
    );
  }
  if (format && phasesOfFormat(affinity, format).includes(stage.phase)) {
    const f = format.replace(/-/g, ' ');
    parts.push(`${/^[aeiou]/i.test(f) ? 'an' : 'a'} ${f} usually serves ${stage.phase}`);
  }
  if (parts.length === 0 && share.carrying > 0)
    parts.push(
      `${share.carrying} of this type’s ${share.tagged} tagged entries ${share.carrying === 1 ? 'carries' : 'carry'} it`
    );
  return parts.length ? parts.join('; ') : `the words it shares with ${stage.label} entries`;
};

/**
 * The best stages for an entry, most likely first, each with a confidence (its
 * posterior probability among the active stages) and a reason. Empty when nothing
 * is tagged yet and the format says nothing either.
 */
export const suggestStages = (
  index: SuggestIndex,
  q: SuggestQuery,
  affinity: FormatAffinity,
  opts: SuggestOptions = {}
): Suggestion[] => {
  const t = index.tuning;
  const excluded = q.excludeKey ? index.byKey.get(q.excludeKey) : undefined;
  const learned = index.docs.length - (excluded ? 1 : 0) > 0;
  if (index.stages.length === 0 || (!learned && phasesOfFormat(affinity, q.format).length === 0))
    return [];
  const tokens = countWords(tokenize(q.text));
  const prior = stagePrior(index, q, affinity, excluded);
  const ll = wordLikelihood(index, tokens, excluded);
  const scores = index.stages.map((s) => ({
    stage: s,
    score: Math.log(prior.get(s.id)!) + t.likelihoodWeight * ll.get(s.id)!,
  }));
  const max = Math.max(...scores.map((s) => s.score));
  const z = scores.reduce((sum, s) => sum + Math.exp(s.score - max), 0);
  const ranked = scores
    .map((s) => ({ stage: s.stage, confidence: Math.exp(s.score - max) / z }))
    .sort((a, b) => b.confidence - a.confidence || (a.stage.id < b.stage.id ? -1 : 1));

  const near = nearest(index, tokens, q, opts.neighbours ?? 5).filter((n) => n.similarity > 0);
  return ranked.slice(0, opts.limit ?? 3).map(({ stage, confidence }) => {
    const like = near
      .filter((n) => n.doc.stages.includes(stage.id))
      .slice(0, 3)
      .map(({ doc, similarity }) => ({
        key: doc.key,
        uid: doc.uid,
        documentId: doc.documentId,
        title: doc.title,
        similarity: round(similarity),
      }));
    const self = excluded && excluded.uid === q.uid;
    const share = {
      carrying:
        ((q.uid && index.typeCarry.get(q.uid)?.get(stage.id)) || 0) -
        (self && excluded.stages.includes(stage.id) ? 1 : 0),
      tagged: ((q.uid && index.typeTagged.get(q.uid)) || 0) - (self ? 1 : 0),
    };
    return {
      stage: stage.id,
      confidence: round(confidence),
      reason: explain(stage, like, q.format, affinity, share),
      like,
    };
  });
};

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The active stages of a taxonomy as the model needs them: each with its framework's audience and its words. */
export const suggestStageList = (taxonomy: Taxonomy): SuggestStage[] =>
  taxonomy.frameworks.flatMap((f) =>
    f.stages.map((s) => ({
      id: s.id,
      label: s.label,
      phase: s.phase,
      audience: f.audience,
      description: `${s.description} ${taxonomy.phases.find((p) => p.key === s.phase)?.description ?? ''}`,
    }))
  );
