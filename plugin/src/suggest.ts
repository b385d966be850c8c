import type { FormatAffinity } from './affinity';
import { phasesOfFormat } from './affinity';
import type { Audience } from './audience';
import type { PhaseKey } from './phases';
import type { Taxonomy } from './taxonomy';
import { PHASE_VOCABULARY, STAGE_VOCABULARY } from './stage-vocabulary';

/**
 * Stage suggestions learned from the entries a site has already tagged. Each
 * stage is a centroid: the TF-IDF vectors of its tagged entries (unit length,
 * a secondary stage counting half) plus its own description as a pseudo-entry
 * (the taxonomy's words and the seed articles' phrases, stage-vocabulary.ts).
 * An entry's score for a stage is the cosine to that centroid, times a weight,
 * plus the log of a per-type prior that starts from the format affinity table
 * (SPEC §2.4) and the audience, and moves towards what the site's editors chose
 * for that type. The nearest tagged entries (TF-IDF cosine) explain a
 * suggestion in words an editor can check.
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
 * (`node bench/suggest.js --grid`) from the middle of a plateau, not its best
 * cell; `--cv` measures how well a choice made on half of the entries holds on
 * the other half (docs/benchmarks.md).
 */
export interface SuggestTuning {
  /** Weight of the cosine to a stage's centroid against the log prior. */
  textWeight: number;
  /** How many pseudo-entries the affinity prior is worth against a type's own tags. */
  priorStrength: number;
  /** Prior weight of a stage whose phase the type's format serves, against one it does not. */
  affinityBoost: number;
  /** Prior weight of a stage of the other audience's framework. */
  otherAudience: number;
  /** What a non-primary stage of an entry teaches, against its primary. */
  secondaryWeight: number;
  /** What an entry teaches the other stages of its stages' phases (a stage with few entries borrows words from its phase). */
  phaseShare: number;
  /** The stage's own words count as this many entries of it in its centroid. */
  seedWeight: number;
}

export const DEFAULT_SUGGEST_TUNING: SuggestTuning = {
  textWeight: 20,
  priorStrength: 10,
  affinityBoost: 4,
  otherAudience: 0.1,
  secondaryWeight: 0.5,
  phaseShare: 0.4,
  seedWeight: 2,
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

/** Derivational endings folded together ("evaluating", "evaluation" → "evalu…"), longest first. */
const SUFFIXES = [
  'ization',
  'isation',
  'ments',
  'ment',
  'ings',
  'ing',
  'ions',
  'ion',
  'ity',
  'ty',
  'ed',
  'ly',
  'er',
  'es',
  's',
];
/** Words are cut to this many letters after the suffix strip: a crude but robust stem for short texts. */
const STEM_LENGTH = 6;

/**
 * A light stemmer: plural and derivational suffixes stripped (keeping at least
 * three letters), then the word cut to STEM_LENGTH letters, so "purchases",
 * "purchasing" and "purchase" meet, and so do "advocates" and "advocacy".
 */
const stem = (w: string): string => {
  let out = w.length > 4 && w.endsWith('ies') ? `${w.slice(0, -3)}y` : w;
  for (const suffix of SUFFIXES) {
    if (out.length - suffix.length >= 3 && out.endsWith(suffix)) {
      out = out.slice(0, -suffix.length);
      break;
    }
  }
  if (out.length > 3 && out.endsWith('e')) out = out.slice(0, -1);
  return out.slice(0, STEM_LENGTH);
};

/** A learned entry: its text is kept only as word counts. */
interface IndexedDoc extends Omit<SuggestDoc, 'text'> {
  counts: Map<string, number>;
  /** Norm of the TF-IDF vector, computed once the IDF is known. */
  norm: number;
}

export interface SuggestIndex {
  tuning: SuggestTuning;
  stages: SuggestStage[];
  stageById: Map<string, SuggestStage>;
  docs: IndexedDoc[];
  byKey: Map<string, IndexedDoc>;
  /** word → how many documents (tagged entries and stage descriptions) contain it. */
  documentFrequency: Map<string, number>;
  /** Tagged entries plus stage descriptions: the IDF's N. */
  documentCount: number;
  /** word → its IDF, filled once the frequencies are known. */
  idf: Map<string, number>;
  /** stage → word → weight: the sum of its entries' unit TF-IDF vectors and its description's. */
  centroids: Map<string, Map<string, number>>;
  /** stage → squared norm of its centroid. */
  centroidNorms: Map<string, number>;
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

/** The words of an entry as the index counts them (the server caches these per row). */
export const entryWords = (title: string, text: string): Map<string, number> =>
  countWords(tokenize(`${title} ${text}`));

const stageWeights = (index: SuggestIndex, doc: { stages: string[] }): Map<string, number> =>
  new Map(
    doc.stages
      .filter((s) => index.stageById.has(s))
      .map((s, i) => [s, i === 0 ? 1 : index.tuning.secondaryWeight])
  );

/** How much an entry adds to each stage's centroid: its own stages, and a share to their phases' other stages. */
const centroidWeights = (index: SuggestIndex, doc: { stages: string[] }): Map<string, number> => {
  const own = stageWeights(index, doc);
  const share = index.tuning.phaseShare;
  if (share <= 0) return own;
  const out = new Map(own);
  for (const [id, w] of own) {
    const phase = index.stageById.get(id)!.phase;
    for (const s of index.stages)
      if (s.phase === phase && !own.has(s.id))
        out.set(s.id, Math.max(out.get(s.id) ?? 0, share * w));
  }
  return out;
};

const idf = (index: SuggestIndex, word: string) =>
  index.idf.get(word) ?? Math.log(1 + index.documentCount) + 1;

const tfidfNorm = (index: SuggestIndex, counts: Map<string, number>) => {
  let norm = 0;
  for (const [word, n] of counts) norm += (n * idf(index, word)) ** 2;
  return Math.sqrt(norm);
};

/** Adds `weight` × the unit TF-IDF vector of `counts` to a centroid. */
const addUnit = (
  index: SuggestIndex,
  centroid: Map<string, number>,
  counts: Map<string, number>,
  norm: number,
  weight: number
) => {
  if (norm === 0) return;
  for (const [word, n] of counts) bump(centroid, word, (weight * n * idf(index, word)) / norm);
};

/**
 * Builds the index from tagged entries. Stages outside `stages` (retired) are
 * ignored, and so are untagged entries. `words` (from `entryWords`) saves the
 * tokenizing of entries whose text the caller already counted.
 */
export const buildSuggestIndex = (
  stages: SuggestStage[],
  docs: Array<SuggestDoc & { words?: Map<string, number> }>,
  tuning: Partial<SuggestTuning> = {}
): SuggestIndex => {
  const index: SuggestIndex = {
    tuning: { ...DEFAULT_SUGGEST_TUNING, ...tuning },
    stages,
    stageById: new Map(stages.map((s) => [s.id, s])),
    docs: [],
    byKey: new Map(),
    documentFrequency: new Map(),
    documentCount: 0,
    idf: new Map(),
    centroids: new Map(stages.map((s) => [s.id, new Map<string, number>()])),
    centroidNorms: new Map(),
    typeStage: new Map(),
    typeCarry: new Map(),
    typeTagged: new Map(),
    postings: new Map(),
  };
  // Each stage's own words are a first "entry" of it: a site with few tags still has a vocabulary.
  const seeds = stages.map((s) => countWords(tokenize(`${s.label} ${s.description ?? ''}`)));
  for (const counts of seeds)
    for (const word of counts.keys()) bump(index.documentFrequency, word, 1);
  for (const doc of docs) {
    const weights = stageWeights(index, doc);
    if (weights.size === 0) continue;
    const { words, ...rest } = doc;
    const indexed: IndexedDoc = {
      ...rest,
      counts: words ?? entryWords(doc.title, doc.text),
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
    }
    for (const [word, n] of indexed.counts) {
      bump(index.documentFrequency, word, 1);
      const list = index.postings.get(word) ?? { docs: [], counts: [] };
      list.docs.push(index.docs.length - 1);
      list.counts.push(n);
      index.postings.set(word, list);
    }
  }
  index.documentCount = index.docs.length + stages.length;
  for (const [word, df] of index.documentFrequency)
    index.idf.set(word, Math.log((1 + index.documentCount) / (1 + df)) + 1);
  stages.forEach((s, i) =>
    addUnit(
      index,
      index.centroids.get(s.id)!,
      seeds[i],
      tfidfNorm(index, seeds[i]),
      index.tuning.seedWeight
    )
  );
  for (const doc of index.docs) {
    doc.norm = tfidfNorm(index, doc.counts);
    for (const [stage, w] of centroidWeights(index, doc))
      addUnit(index, index.centroids.get(stage)!, doc.counts, doc.norm, w);
  }
  for (const [stage, centroid] of index.centroids) {
    let norm = 0;
    for (const v of centroid.values()) norm += v * v;
    index.centroidNorms.set(stage, norm);
  }
  return index;
};

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

/**
 * Cosine of the query's TF-IDF vector to each stage's centroid, with `excluded`
 * taken out of the centroids it was part of (its unit vector subtracted).
 */
const centroidSimilarity = (
  index: SuggestIndex,
  tokens: Map<string, number>,
  excluded?: IndexedDoc
): Map<string, number> => {
  const query = new Map<string, number>();
  let qNorm = 0;
  for (const [word, n] of tokens) {
    const v = n * idf(index, word);
    query.set(word, v);
    qNorm += v * v;
  }
  const minus = excluded ? centroidWeights(index, excluded) : new Map<string, number>();
  const unit = (word: string) =>
    excluded && excluded.norm > 0
      ? ((excluded.counts.get(word) ?? 0) * idf(index, word)) / excluded.norm
      : 0;
  const out = new Map<string, number>();
  for (const s of index.stages) {
    const centroid = index.centroids.get(s.id)!;
    let dot = 0;
    for (const [word, v] of query)
      dot += v * ((centroid.get(word) ?? 0) - (minus.get(s.id) ?? 0) * unit(word));
    let norm = index.centroidNorms.get(s.id) ?? 0;
    const w = minus.get(s.id) ?? 0;
    if (w > 0 && excluded && excluded.norm > 0) {
      let overlap = 0;
      for (const word of excluded.counts.keys()) overlap += (centroid.get(word) ?? 0) * unit(word);
      norm = norm - 2 * w * overlap + w * w;
    }
    out.set(s.id, qNorm > 0 && norm > 1e-12 ? dot / Math.sqrt(qNorm * norm) : 0);
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
    const similarity = dots[i] / (Math.sqrt(qNorm) * doc.norm);
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
  const similarity = centroidSimilarity(index, tokens, excluded);
  const scores = index.stages.map((s) => ({
    stage: s,
    score: Math.log(prior.get(s.id)!) + t.textWeight * similarity.get(s.id)!,
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
      description: [
        s.description,
        s.phase,
        taxonomy.phases.find((p) => p.key === s.phase)?.description ?? '',
        PHASE_VOCABULARY[s.phase] ?? '',
        STAGE_VOCABULARY[s.id] ?? '',
        f.description,
        (taxonomy.formatAffinity[s.phase] ?? []).join(' '),
      ].join(' '),
    }))
  );

/** The confidence from which the bulk dialog ticks an entry's first suggestion in advance. */
export const PRESELECT_CONFIDENCE = 0.4;

/**
 * Whether the bulk dialog ticks an entry's first suggestion before the editor looks: at
 * PRESELECT_CONFIDENCE or more. The dialog states the rule and its measured accuracy
 * (bench/suggest.js: on the demo library, 73 % of ticked ones are the editor's stage; a
 * "clear lead" rule, first ≥ 2 × second, was measured too and was right less often, 63 %).
 */
export const preselects = (suggestions: Array<Pick<Suggestion, 'confidence'>>): boolean =>
  suggestions.length > 0 && suggestions[0].confidence >= PRESELECT_CONFIDENCE;
