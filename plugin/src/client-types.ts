/**
 * The typed client's request and response shapes (re-exported by client.ts), in a
 * module of their own so the client's parts (client.ts, visitor-client.ts,
 * events-client.ts) share them without importing one another in a cycle.
 */
import type { MatchKind } from './rank';
import type { PhaseKey } from './phases';
import type { Audience, VisitorAudience } from './audience';
import type { VisitorInference } from './visitor';
import type { PublishedExperiment } from './experiments';

// ---------------------------------------------------------------------------
// Response types (docs/openapi.json describes the same shapes)
// ---------------------------------------------------------------------------

export interface JourneyPhase {
  key: PhaseKey;
  label: string;
  description: string;
  /** 1-based: awareness 1 … advocacy 5. */
  order: number;
}

export interface JourneyStage {
  /** `framework:key`, e.g. `b2b:research`. */
  id: string;
  key: string;
  label: string;
  description: string;
  phase: PhaseKey;
  /** 1-based position within its framework. */
  order: number;
}

export interface JourneyFramework {
  key: string;
  label: string;
  /** Who the framework is for; `both` for a framework that serves either audience. */
  audience: Audience;
  description: string;
  stages: JourneyStage[];
}

/** `GET /api/journey/stages`. */
export interface JourneyStagesResponse {
  data: PublicTaxonomyData;
}

export interface PublicTaxonomyData {
  phases: JourneyPhase[];
  frameworks: JourneyFramework[];
  audiences: Audience[];
}

/** Why and how an entry was recommended. */
export interface RecommendJourney {
  /** What a person calls the entry (its title-like field, else its first text field, else its slug), whatever `fields` asked. */
  title: string | null;
  /** The entry's stage ids, primary first. */
  stages: string[];
  audience: Audience;
  /** How it matched; `baseline`: served by an experiment arm that does not rank by journey (newest, a fixed list). */
  match: MatchKind | 'baseline';
  /** A sentence for humans, e.g. `tagged b2b:research, for b2b; whitepaper suits consideration`. */
  reason: string;
}

/** The fields every recommended entry has, whatever its content type. */
export interface RecommendItemBase {
  id?: number;
  documentId: string;
  /** The entry's content-type uid, e.g. `api::whitepaper.whitepaper`. */
  contentType: string;
  journey: RecommendJourney;
}

/**
 * One recommended entry: the entry's own fields (as Strapi's REST API would return
 * them, `T`), plus `contentType` and `journey`.
 */
export type RecommendItem<T extends object = Record<string, unknown>> = T & RecommendItemBase;

export interface RecommendMeta {
  /** The first stage the request resolved to, as a full id. */
  stage: string;
  /** Present when a bare key without an audience resolved to several stages. */
  stages?: string[];
  phase: PhaseKey;
  audience: VisitorAudience | null;
  locale: string | null;
  /** The content-type uids that were searched. */
  types: string[];
  /** True when exact-stage entries alone did not fill `limit` and the list was widened. */
  fallback: boolean;
  count: number;
  /** With visitor signals (or `stage=auto`): the inferred stage, phase, audience, confidence, evidence and reason. */
  visitor?: VisitorInference;
  /** With `from`: that entry's primary stage and the next stage served (null when unknown or unreadable). */
  from?: { documentId: string; stage: string | null; next: string | null };
  /** When a running experiment covers the request: its id and the arm that served it (null: none was named). Report events with both. */
  experiment?: { id: string; arm: string | null };
}

/** `GET /api/journey/recommend`. */
export interface RecommendResponse<T extends object = Record<string, unknown>> {
  data: RecommendItem<T>[];
  meta: RecommendMeta;
}

/** Strapi's `populate` parameter: `*`, a list of relations, or the object form. */
export type PopulateParam = string | string[] | { [key: string]: unknown };

export interface RecommendParams {
  /** A full stage id (`b2b:research`) or a bare key (`research`) resolved through `audience`. */
  stage: string;
  audience?: VisitorAudience;
  /** Content-type uids or plural API names; sent as a comma list. */
  types?: string | string[];
  /** 1..50, default 3. */
  limit?: number;
  locale?: string;
  /** documentIds the visitor has already seen; sent as a comma list. */
  exclude?: string | string[];
  /** Sent as `fields[0]=…&fields[1]=…`, as in Strapi's REST API. */
  fields?: string | string[];
  populate?: PopulateParam;
  /** The visitor's arm of the experiment running for this scope (an arm picker's `armFor`); sent as `arm=`. */
  arm?: string;
}

/** `GET /api/journey/experiments`: the live experiments' splits, the same for every visitor. */
export interface ExperimentsResponse {
  data: PublishedExperiment[];
}

/** Per-request options of every client method. */
export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}
