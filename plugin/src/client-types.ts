/**
 * The typed client's request and response shapes (re-exported by client.ts), in a
 * module of their own so the client's parts (client.ts, visitor-client.ts,
 * events-client.ts) share them without importing one another in a cycle.
 */
import type { z } from 'zod';
import type {
  JourneyFramework,
  JourneyPhase,
  JourneyStage,
  JourneyStagesResponse,
  PublicTaxonomyData,
} from './contracts/taxonomy';
import type { RecommendItemSchema, RecommendJourney, RecommendMeta } from './contracts/recommend';
import type { ExperimentsResponse } from './contracts/experiments';
import type { VisitorAudience } from './audience';

// ---------------------------------------------------------------------------
// Response types: inferred from the wire shapes' one declaration (contracts/),
// which docs/openapi.json is generated from. Type imports only: no zod in the bundle.
// ---------------------------------------------------------------------------

export type {
  JourneyPhase,
  JourneyStage,
  JourneyFramework,
  JourneyStagesResponse,
  PublicTaxonomyData,
  RecommendJourney,
  RecommendMeta,
  ExperimentsResponse,
};

/** The fields every recommended entry has, whatever its content type. */
export type RecommendItemBase = z.infer<typeof RecommendItemSchema>;

/**
 * One recommended entry: the entry's own fields (as Strapi's REST API would return
 * them, `T`), plus `contentType` and `journey`.
 */
export type RecommendItem<T extends object = Record<string, unknown>> = T & RecommendItemBase;

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

/** Per-request options of every client method. */
export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}
