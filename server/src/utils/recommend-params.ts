import {
  JourneyInputError,
  isVisitorAudience,
  listOf,
  resolveStage,
  type Stage,
  type Taxonomy,
  type VisitorAudience,
} from '../../../plugin/src';
import {
  VISITOR_SIGNAL_PARAMS,
  parseDocumentId,
  parseVisitorSignals,
  type VisitorSignalParams,
} from './visitor-params';

export const RECOMMEND_PARAMS = [
  'stage',
  'audience',
  'types',
  'limit',
  'locale',
  'exclude',
  'fields',
  'populate',
  ...VISITOR_SIGNAL_PARAMS,
  'from',
] as const;
export const MAX_LIMIT = 50;
export const DEFAULT_LIMIT = 3;
export const MAX_EXCLUDE = 100;

export interface RecommendParams {
  /** null: infer it from the visitor's signals (`stage=auto`, or no stage with signals or `from`). */
  stages: Stage[] | null;
  /** What the caller wrote for the stage (re-resolved when the audience is inferred). */
  stageRaw?: string;
  audience?: VisitorAudience;
  /** Requested types (uids or plural API names) as written; resolved against permissions later. */
  types?: string[];
  limit: number;
  locale?: string;
  exclude: string[];
  fields?: unknown;
  populate?: unknown;
  visitor: VisitorSignalParams;
  /** documentId of the entry being read: recommend the step after it. */
  from?: string;
}

const single = (query: Record<string, unknown>, name: string): string | undefined => {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new JourneyInputError(name, `${name} must be given once, as a single value`);
  }
  return value;
};

const commaList = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);

/**
 * The one validation step of `GET /api/journey/recommend`: every parameter is
 * checked here, before any query runs, and each failure names the parameter and
 * what is allowed (SPEC §4). Permission checks on types come after, in the service.
 */
export const parseRecommendParams = (
  taxonomy: Taxonomy,
  query: Record<string, unknown>
): RecommendParams => {
  for (const key of Object.keys(query)) {
    if (!(RECOMMEND_PARAMS as readonly string[]).includes(key)) {
      throw new JourneyInputError(
        key,
        `${key} is not a parameter of /api/journey/recommend: use ${listOf(RECOMMEND_PARAMS)}`,
        [...RECOMMEND_PARAMS]
      );
    }
  }

  const audienceRaw = single(query, 'audience');
  if (audienceRaw !== undefined && !isVisitorAudience(audienceRaw)) {
    throw new JourneyInputError(
      'audience',
      `audience "${audienceRaw}" is not allowed: use b2b or b2c (entries tagged both match either)`,
      ['b2b', 'b2c']
    );
  }
  const audience = audienceRaw as VisitorAudience | undefined;
  const visitor = parseVisitorSignals(query);
  const from = parseDocumentId(query, 'from');
  const stageRaw = single(query, 'stage');
  const inferred =
    stageRaw === 'auto' || (stageRaw === undefined && (visitor.any || from !== undefined));
  if (stageRaw === undefined && !inferred) {
    const allIds = taxonomy.stages.map((s) => s.id);
    throw new JourneyInputError(
      'stage',
      `stage is required unless visitor signals (seen, utm_*, referrer, landing) or from are given: one of ${listOf(allIds)}, or auto`,
      [...allIds, 'auto']
    );
  }
  const stages = inferred ? null : resolveStage(taxonomy, stageRaw, audience);

  const limitRaw = single(query, 'limit');
  let limit = DEFAULT_LIMIT;
  if (limitRaw !== undefined) {
    limit = /^\d{1,3}$/.test(limitRaw) ? Number(limitRaw) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) {
      throw new JourneyInputError(
        'limit',
        `limit must be a whole number from 1 to ${MAX_LIMIT}; got "${limitRaw}"`
      );
    }
  }

  const exclude = commaList(single(query, 'exclude')) ?? [];
  if (exclude.length > MAX_EXCLUDE) {
    throw new JourneyInputError(
      'exclude',
      `exclude lists ${exclude.length} documentIds: at most ${MAX_EXCLUDE} are allowed`
    );
  }
  const badId = exclude.find((id) => !/^[A-Za-z0-9_-]{1,64}$/.test(id));
  if (badId !== undefined)
    throw new JourneyInputError(
      'exclude',
      `exclude must be a comma list of documentIds; "${badId}" is not one`
    );

  const locale = single(query, 'locale');
  if (locale !== undefined && !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(locale)) {
    throw new JourneyInputError('locale', `locale "${locale}" is not a locale code`);
  }

  const types = commaList(single(query, 'types'));
  if (types !== undefined && types.length === 0)
    throw new JourneyInputError('types', 'types must list at least one content type');

  return {
    stages,
    stageRaw: inferred ? undefined : stageRaw,
    audience,
    types,
    limit,
    locale,
    exclude,
    fields: query.fields,
    populate: query.populate,
    visitor,
    from,
  };
};
