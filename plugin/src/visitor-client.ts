/**
 * The typed client's visitor methods (see client.ts): the same inference in two modes.
 * - server mode: the signals go to the endpoint, which infers and excludes;
 * - edge mode: the client infers with the same plugin/ code (visitor.ts), asks only
 *   for stage, audience, locale, types and a slightly larger limit, and drops the
 *   entries already read itself, so every visitor at one stage requests one URL.
 */
import type { VisitorModelResponse, VisitorResponse } from './contracts/visitor';
import type { RecommendParams, RecommendResponse, RequestOptions } from './client-types';
import type { SignalValues } from './signals';
import type { VisitorAudience } from './audience';
import {
  historyWith,
  inferVisitorStage,
  nextStage,
  type SeenEntry,
  type VisitorInference,
} from './visitor';
import { SIGNALS } from './signals';
import { MAX_LIMIT } from './contracts/limits';

export type { SeenEntry, VisitorInference, SignalValues, VisitorResponse, VisitorModelResponse };

export interface VisitorSignalsParams {
  /** What the visitor read, oldest first (a tracker's `history()`); only the latest 50 are sent. */
  seen?: SeenEntry[];
  /** UTM parameters, referrer, landing path (`pageSignals()` reads them from the page). */
  signals?: SignalValues;
  /** Given: wins over the inferred audience. */
  audience?: VisitorAudience;
  locale?: string;
}

export interface RecommendForVisitorParams
  extends VisitorSignalsParams, Omit<RecommendParams, 'stage' | 'audience' | 'exclude' | 'locale'> {
  /** `server` (default): the endpoint infers; `edge`: the client infers and asks one URL per stage. */
  mode?: 'server' | 'edge';
  /** A given stage wins over the inference (both modes). */
  stage?: string;
  /**
   * Recommend the next step after this entry (the one being read). Server mode sends
   * its documentId; edge mode needs its tags (a tracker entry) to find the next stage.
   */
  from?: string | SeenEntry;
}

/** How many more entries edge mode asks for than it shows, to drop the ones already read. */
export const EDGE_EXTRA = 10;

const enc = encodeURIComponent;

/** `seen=a,b&utm_source=…&referrer=…&landing=…` in a fixed order. */
export const signalsQuery = (p: VisitorSignalsParams): string => {
  const out: string[] = [];
  const seen = (p.seen ?? []).slice(-50).map((e) => enc(e.documentId));
  if (seen.length) out.push(`seen=${seen.join(',')}`);
  for (const name of SIGNALS) {
    const v = p.signals?.[name];
    if (v) out.push(`${name}=${enc(v)}`);
  }
  return out.join('&');
};

interface Deps {
  get: <R>(target: string, req?: RequestOptions) => Promise<R>;
  url: (path: string, query?: string) => string;
  recommend: <T extends object>(
    params: RecommendParams,
    req?: RequestOptions
  ) => Promise<RecommendResponse<T>>;
  recommendQuery: (params: RecommendParams) => string;
}

export const visitorMethods = ({ get, url, recommend, recommendQuery }: Deps) => {
  let model: Promise<VisitorModelResponse> | null = null;
  const visitorModel = (req?: RequestOptions) => {
    // One request per client: the model is the same for every visitor (and CDN-cacheable).
    model ??= get<VisitorModelResponse>(url('/visitor/model'), req).catch((e) => {
      model = null;
      throw e;
    });
    return model;
  };

  const serverMode = <T extends object>(p: RecommendForVisitorParams, req?: RequestOptions) => {
    const { seen, signals, mode, from, stage, ...rest } = p;
    const base = recommendQuery({ ...rest, stage: stage ?? 'auto' } as RecommendParams);
    const fromId = typeof from === 'string' ? from : from?.documentId;
    const extra = [signalsQuery({ seen, signals }), fromId ? `from=${enc(fromId)}` : '']
      .filter(Boolean)
      .join('&');
    return get<RecommendResponse<T>>(url('/recommend', extra ? `${base}&${extra}` : base), req);
  };

  const inferLocally = async (
    p: VisitorSignalsParams,
    req?: RequestOptions
  ): Promise<VisitorInference> => {
    const { data } = await visitorModel(req);
    return inferVisitorStage(
      data.taxonomy,
      { seen: p.seen, signals: p.signals, audience: p.audience },
      data
    );
  };

  return {
    visitorModel,
    /** The edge-mode inference alone (same code as the server's). */
    inferLocally,

    /** `GET /api/journey/visitor`: the server's inference for these signals. */
    visitor: (p: VisitorSignalsParams, req?: RequestOptions) => {
      const q = [
        signalsQuery(p),
        p.audience ? `audience=${enc(p.audience)}` : '',
        p.locale ? `locale=${enc(p.locale)}` : '',
      ]
        .filter(Boolean)
        .join('&');
      return get<VisitorResponse>(url('/visitor', q), req);
    },

    /**
     * Recommendations for a visitor known only by their signals. Both modes give
     * the same stage and entries for the same history (tested on generated histories).
     */
    async recommendForVisitor<T extends object = Record<string, unknown>>(
      p: RecommendForVisitorParams,
      req?: RequestOptions
    ): Promise<RecommendResponse<T>> {
      if (p.mode !== 'edge' || typeof p.from === 'string') return serverMode<T>(p, req);
      // The entry being read is read (as the server counts it).
      const visitor = await inferLocally({ ...p, seen: historyWith(p.seen ?? [], p.from) }, req);
      const { taxonomy } = (await visitorModel(req)).data;
      const known = new Set(taxonomy.frameworks.flatMap((f) => f.stages.map((s) => s.id)));
      const fromPrimary = p.from ? (p.from.stages.find((id) => known.has(id)) ?? null) : null;
      const fromNext = fromPrimary ? nextStage(taxonomy, fromPrimary) : null;
      const limit = p.limit ?? 3;
      const asked = Math.min(MAX_LIMIT, limit + EDGE_EXTRA);
      const audience = p.audience ?? visitor.audience ?? undefined;
      const res = await recommend<T>(
        {
          stage: p.stage ?? fromNext ?? visitor.stage,
          audience,
          locale: p.locale,
          types: p.types,
          limit: asked,
          fields: p.fields,
          populate: p.populate,
          arm: p.arm,
        },
        req
      );
      const read = new Set([
        ...(p.seen ?? []).map((e) => e.documentId),
        ...(p.from ? [p.from.documentId] : []),
      ]);
      const data = res.data.filter((d) => !read.has(d.documentId)).slice(0, limit);
      // More read entries among the answer than EDGE_EXTRA: only the server can fill the list.
      if (data.length < limit && res.data.length === asked) return serverMode<T>(p, req);
      const from = p.from
        ? { from: { documentId: p.from.documentId, stage: fromPrimary, next: fromNext } }
        : {};
      return { data, meta: { ...res.meta, count: data.length, visitor, ...from } };
    },
  };
};
