/**
 * Typed client for the plugin's content API (SPEC §4), for frontends.
 *
 *   import { createJourneyClient } from 'strapi-plugin-journey/client';
 *   const journey = createJourneyClient({ baseUrl: 'https://cms.example.com' });
 *   const { data, meta } = await journey.recommend({ stage: 'research', audience: 'b2b' });
 *
 * It needs only `fetch` (browsers, Node 18+, Deno, Bun, edge runtimes) and imports
 * nothing from Strapi: every import below is a type and is erased at build time.
 */
import type { MatchKind } from './rank';
import type { PhaseKey } from './phases';
import type { Audience, VisitorAudience } from './audience';
import type { VisitorInference } from './visitor';
import type { PublishedExperiment } from './experiments';
import type { JourneyErrorDetails, StrapiErrorBody } from './contracts/errors';
import type {
  ExperimentsResponse,
  JourneyStagesResponse,
  RecommendParams,
  RecommendResponse,
  RequestOptions,
} from './client-types';
import {
  visitorMethods,
  type RecommendForVisitorParams,
  type VisitorResponse,
  type VisitorModelResponse,
  type VisitorSignalsParams,
} from './visitor-client';

export type { MatchKind, PhaseKey, Audience, VisitorAudience };
export * from './client-types';
export * from './visitor-client';
// The inference itself, for frontends that infer without the client's request (and for bench/).
export {
  inferVisitorStage,
  nextStage,
  DEFAULT_VISITOR_WEIGHTS,
  type SeenEntry,
  type VisitorInference,
  type VisitorWeights,
  type Evidence,
} from './visitor';
export {
  createVisitorTracker,
  pageSignals,
  memoryStorage,
  type VisitorTracker,
  type TrackerOptions,
  type VisitorStorage,
  type Readable,
} from './tracker';
// A/B experiments: the published split and the browser's arm picker (see experiment-client.ts).
export {
  armFor,
  randomBucket,
  BUCKETS,
  type PublishedExperiment,
  type ArmKind,
  type ExperimentAudience,
} from './experiments';
export * from './experiment-client';

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

export type { JourneyErrorDetails, StrapiErrorBody };

const ERROR_BRAND = Symbol.for('strapi-plugin-journey.JourneyApiError');

/**
 * A non-2xx answer (or no answer at all). `status`, `name`, `message` and `details`
 * are Strapi's own (`name` is e.g. `ValidationError` or `ForbiddenError`); an answer
 * that is not in Strapi's shape gets `name: 'HttpError'`, and a request that never
 * got an answer (network, CORS, abort) gets `status: 0, name: 'NetworkError'`
 * with the original error as `cause`. An aborted request rejects with fetch's own
 * `AbortError`, not with this.
 */
export class JourneyApiError extends Error {
  readonly status: number;
  readonly details: JourneyErrorDetails;
  /** The URL that was requested. */
  readonly url: string;
  /** The parsed response body, when there was one. */
  readonly body: unknown;
  declare readonly cause?: unknown;

  constructor(
    error: { status: number; name: string; message: string; details?: JourneyErrorDetails },
    init: { url: string; body?: unknown; cause?: unknown }
  ) {
    super(error.message);
    this.name = error.name;
    this.status = error.status;
    this.details = error.details ?? {};
    this.url = init.url;
    this.body = init.body;
    if (init.cause !== undefined)
      Object.defineProperty(this, 'cause', { value: init.cause, enumerable: false });
    Object.defineProperty(this, ERROR_BRAND, { value: true });
    Object.setPrototypeOf(this, new.target.prototype);
  }

  /** The parameter Strapi refused, if the error names one. */
  get param(): string | undefined {
    return this.details.param;
  }

  /** The values that parameter accepts, if the error lists them. */
  get allowed(): string[] | undefined {
    return this.details.allowed;
  }

  /** Strapi's error object, as it came over the wire. */
  toJSON() {
    return { status: this.status, name: this.name, message: this.message, details: this.details };
  }

  /** Works across copies of this module (ESM and CJS builds of one app), unlike `instanceof`. */
  static is(value: unknown): value is JourneyApiError {
    return typeof value === 'object' && value !== null && (value as any)[ERROR_BRAND] === true;
  }
}

export const isJourneyApiError = (value: unknown): value is JourneyApiError =>
  JourneyApiError.is(value);

// ---------------------------------------------------------------------------
// Query string
// ---------------------------------------------------------------------------

const enc = encodeURIComponent;
/** `['a', 'b']`, `'a,b'` and `['a,b']` all mean a and b. */
const list = (value: string | string[]) =>
  (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/** Strapi's (qs) bracket form: `populate[author][fields][0]=name`. Keys keep their brackets unencoded. */
const bracketPairs = (prefix: string, value: unknown, out: string[]) => {
  if (value === undefined) return;
  if (value === null) {
    out.push(`${prefix}=`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => bracketPairs(`${prefix}[${i}]`, v, out));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      bracketPairs(`${prefix}[${enc(k)}]`, v, out);
  } else {
    out.push(`${prefix}=${enc(String(value))}`);
  }
};

/**
 * The query string of `GET /api/journey/recommend` for these parameters, in a
 * fixed order (so equal requests have equal URLs, and equal ETag cache keys):
 * `types` and `exclude` as comma lists, `fields` as `fields[0]=…`, `populate` as
 * Strapi's REST API takes it. Parameters left undefined are not sent.
 */
export const recommendQuery = (params: RecommendParams): string => {
  const out: string[] = [];
  out.push(`stage=${enc(params.stage)}`);
  if (params.audience !== undefined) out.push(`audience=${enc(params.audience)}`);
  if (params.types !== undefined) out.push(`types=${list(params.types).map(enc).join(',')}`);
  if (params.limit !== undefined) out.push(`limit=${enc(String(params.limit))}`);
  if (params.locale !== undefined) out.push(`locale=${enc(params.locale)}`);
  if (params.arm !== undefined && params.arm !== '') out.push(`arm=${enc(params.arm)}`);
  if (params.exclude !== undefined) {
    const ids = list(params.exclude);
    // An empty exclude list means "nothing seen yet": not sending it is the same request.
    if (ids.length) out.push(`exclude=${ids.map(enc).join(',')}`);
  }
  if (params.fields !== undefined) bracketPairs('fields', list(params.fields), out);
  if (params.populate !== undefined) {
    if (typeof params.populate === 'string') out.push(`populate=${enc(params.populate)}`);
    else bracketPairs('populate', params.populate, out);
  }
  return out.join('&');
};

// ---------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------

type FetchLike = (input: string, init?: any) => Promise<any>;

export interface JourneyClientOptions {
  /** Strapi's origin, e.g. `https://cms.example.com` (or `''` for the page's own origin). */
  baseUrl: string;
  /**
   * An API token or a Users & Permissions JWT, sent as `Authorization: Bearer …`.
   * A function is called before every request (for tokens that expire).
   */
  token?: string | (() => string | undefined | null | Promise<string | undefined | null>);
  /** A fetch implementation; defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Strapi's REST prefix (`config/api.ts` → `rest.prefix`); default `/api`. */
  prefix?: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * Reuse answers with `If-None-Match`: the client keeps the last ETag and body per
   * URL in memory, and a `304 Not Modified` returns that body. Off by default; a
   * browser's HTTP cache already revalidates on its own. Cross-origin, it needs
   * Strapi's CORS to allow the `If-None-Match` request header and expose `ETag`.
   */
  etag?: boolean;
  /** How many URLs the ETag cache remembers (least recently used are dropped); default 100. */
  etagCacheSize?: number;
}

export interface JourneyClient {
  /** `GET /api/journey/stages`: phases, frameworks and their stages, audiences. */
  stages(options?: RequestOptions): Promise<JourneyStagesResponse>;
  /** `GET /api/journey/recommend`: the entries a visitor at `stage` should see, best first. */
  recommend<T extends object = Record<string, unknown>>(
    params: RecommendParams,
    options?: RequestOptions
  ): Promise<RecommendResponse<T>>;
  /** The URL `recommend(params)` requests. */
  recommendUrl(params: RecommendParams): string;
  /** `GET /api/journey/experiments`: the live experiments' splits, for an arm picker. */
  experiments(options?: RequestOptions): Promise<PublishedExperiment[]>;
  /** Forgets every remembered ETag. */
  clearCache(): void;
  /** `GET /api/journey/visitor`: the server's inference for these signals. */
  visitor(params: VisitorSignalsParams, options?: RequestOptions): Promise<VisitorResponse>;
  /** `GET /api/journey/visitor/model` (fetched once per client): taxonomy, rules, weights for edge mode. */
  visitorModel(options?: RequestOptions): Promise<VisitorModelResponse>;
  /** Edge mode's inference, in this process, with the same code as the server. */
  inferLocally(params: VisitorSignalsParams, options?: RequestOptions): Promise<VisitorInference>;
  /** Recommendations for a visitor known by their signals: `mode: 'server'` (default) or `'edge'` (one URL per stage). */
  recommendForVisitor<T extends object = Record<string, unknown>>(
    params: RecommendForVisitorParams,
    options?: RequestOptions
  ): Promise<RecommendResponse<T>>;
}

const isStrapiError = (body: any): body is StrapiErrorBody =>
  typeof body === 'object' &&
  body !== null &&
  typeof body.error === 'object' &&
  body.error !== null &&
  typeof body.error.message === 'string' &&
  typeof body.error.status === 'number';

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export const createJourneyClient = (options: JourneyClientOptions): JourneyClient => {
  if (!options || typeof options.baseUrl !== 'string')
    throw new TypeError('createJourneyClient: baseUrl is required (e.g. "http://127.0.0.1:1337")');
  const doFetch: FetchLike =
    options.fetch ??
    ((input, init) => {
      if (typeof globalThis.fetch !== 'function')
        throw new TypeError('createJourneyClient: no global fetch; pass options.fetch');
      // Called as a plain function: browsers refuse `fetch` called on another object.
      return globalThis.fetch(input, init);
    });
  const base = options.baseUrl.replace(/\/+$/, '');
  const prefix = `/${(options.prefix ?? '/api').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  const url = (path: string, query?: string) =>
    `${base}${prefix}/journey${path}${query ? `?${query}` : ''}`;
  const maxEntries = Math.max(1, options.etagCacheSize ?? 100);
  const cache = new Map<string, { etag: string; text: string }>();

  const token = async () =>
    typeof options.token === 'function' ? await options.token() : options.token;

  const get = async <R>(target: string, req: RequestOptions = {}): Promise<R> => {
    const auth = await token();
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...options.headers,
      ...req.headers,
    };
    if (auth) headers.Authorization = `Bearer ${auth}`;
    // Answers differ per caller (Vary: Authorization): the cache key includes who asks.
    const key = `${auth ?? ''} ${target}`;
    const cached = options.etag ? cache.get(key) : undefined;
    if (cached) headers['If-None-Match'] = cached.etag;

    let res: any;
    try {
      res = await doFetch(target, { method: 'GET', headers, signal: req.signal });
    } catch (cause) {
      // An abort is the caller's own doing: let it through as is, like fetch does.
      if ((cause as any)?.name === 'AbortError') throw cause;
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new JourneyApiError(
        { status: 0, name: 'NetworkError', message: `GET ${target} failed: ${message}` },
        { url: target, cause }
      );
    }

    if (res.status === 304 && cached) {
      cache.delete(key); // re-insert: most recently used last
      cache.set(key, cached);
      return JSON.parse(cached.text) as R;
    }

    const text: string = await res.text();
    const body = parseJson(text);
    if (res.status < 200 || res.status > 299) {
      if (options.etag) cache.delete(key);
      if (isStrapiError(body)) {
        const { status, name, message, details } = body.error;
        throw new JourneyApiError(
          { status, name: name || 'HttpError', message, details: details ?? {} },
          { url: target, body }
        );
      }
      const statusText = res.statusText ? ` ${res.statusText}` : '';
      throw new JourneyApiError(
        {
          status: res.status,
          name: 'HttpError',
          message: `GET ${target} answered ${res.status}${statusText}`,
        },
        { url: target, body: body ?? text }
      );
    }
    if (body === undefined) {
      throw new JourneyApiError(
        {
          status: res.status,
          name: 'HttpError',
          message: `GET ${target} answered ${res.status} without a JSON body`,
        },
        { url: target, body: text }
      );
    }

    const etag = options.etag ? res.headers?.get?.('etag') : null;
    if (etag) {
      cache.delete(key);
      cache.set(key, { etag, text });
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    }
    return body as R;
  };

  const recommend = <T extends object = Record<string, unknown>>(
    params: RecommendParams,
    req?: RequestOptions
  ) => get<RecommendResponse<T>>(url('/recommend', recommendQuery(params)), req);
  return {
    stages: (req) => get<JourneyStagesResponse>(url('/stages'), req),
    recommend,
    recommendUrl: (params) => url('/recommend', recommendQuery(params)),
    experiments: async (req) => (await get<ExperimentsResponse>(url('/experiments'), req)).data,
    clearCache: () => cache.clear(),
    ...visitorMethods({ get, url, recommend, recommendQuery }),
  };
};

// View / click events and self-reported answers (opt-in; see events-client.ts).
export * from './events-client';
