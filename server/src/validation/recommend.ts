import { z } from 'zod';
import {
  ID_PATTERN,
  JourneyInputError,
  isVisitorAudience,
  listOf,
  resolveStage,
  type Stage,
  type Taxonomy,
  type VisitorAudience,
} from '../../../plugin/src';
import { MAX_LIMIT } from '../../../plugin/src/contracts/limits';
import { DOCUMENT_ID, splitList, unknownParam } from './query';
import {
  commaList,
  described,
  documentIdParam,
  integerParam,
  paramsObject,
  single,
  validateParams,
  type ParamsSchema,
} from './params';
import {
  VISITOR_SIGNAL_PARAMS,
  audienceField,
  localeField,
  readVisitorSignals,
  signalFields,
  type VisitorSignalParams,
} from './visitor';

export { MAX_LIMIT };
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
  /** The experiment arm the visitor's bucket drew (checked against the running experiment in the service). */
  arm?: string;
}

/** True when the stage is to be inferred: `auto`, or absent with visitor signals or `from`. */
const infersStage = (query: Record<string, unknown>) =>
  query.stage === 'auto' ||
  (query.stage === undefined && (query.from !== undefined || readVisitorSignals(query).any));

/** `stage` as the document shows it; the taxonomy's check is stageCheck's. */
const stageField = () =>
  described(single('stage'), {
    openapi: { type: 'string', pattern: '^(auto|([a-z0-9-]+:)?[a-z0-9-]+)$' },
    description:
      "A stage id `framework:key` (`b2b:research`), or a bare key (`research`). With `audience`, a bare key is looked up in that audience's framework; without one, it means that key in every framework that has it (then `meta.stages` lists them). The stage ids are those of `GET /api/journey/stages`. Optional with visitor signals: absent (with `seen`, a UTM parameter, `referrer`, `landing` or `from`) or `auto`, the stage is inferred and `meta.visitor` says why; given, it wins. Without stage and without signals: 400.",
    examples: { id: { value: 'b2b:research' }, bareKey: { value: 'research' } },
  });

/**
 * `stage` against a taxonomy: a full id, a bare key (in the audience's
 * frameworks), or `auto`; required unless the visitor's signals or `from` can
 * infer it. resolveStage's own error (with the ids it accepts) is the message.
 * It reads other parameters, so it runs on the whole query, after the fields.
 */
const stageCheck =
  (taxonomy: Taxonomy): ParamsSchema['refine'] =>
  (query, ctx) => {
    const allIds = taxonomy.stages.map((s) => s.id);
    const value = query.stage;
    if (value === undefined) {
      if (infersStage(query)) return;
      ctx.addIssue({
        code: 'custom',
        path: ['stage'],
        message: `stage is required unless visitor signals (seen, utm_*, referrer, landing) or from are given: one of ${listOf(allIds)}, or auto`,
        params: { allowed: [...allIds, 'auto'] },
      });
      return;
    }
    if (value === 'auto' || typeof value !== 'string') return;
    const audience = isVisitorAudience(query.audience) ? query.audience : undefined;
    try {
      resolveStage(taxonomy, value, audience);
    } catch (e) {
      if (!(e instanceof JourneyInputError)) throw e;
      ctx.addIssue({
        code: 'custom',
        path: ['stage'],
        message: e.message,
        params: { allowed: e.allowed },
      });
    }
  };

/** Every field of the recommend query except `stage`, which depends on the taxonomy. */
const recommendFields = () => ({
  audience: audienceField(
    (v) => `audience "${v}" is not allowed: use b2b or b2c (entries tagged both match either)`
  ),
  types: described(
    commaList('types', { min: 1, tooFew: 'types must list at least one content type' }),
    {
      description:
        'Comma list of content-type uids or plural API names. Default: every journey-tagged type the caller may `find`.',
      example: ['whitepapers', 'api::case-study.case-study'],
    }
  ),
  limit: described(integerParam('limit', 1, MAX_LIMIT, DEFAULT_LIMIT), {
    description: 'How many entries at most.',
  }),
  locale: localeField(),
  exclude: described(
    commaList('exclude', {
      max: MAX_EXCLUDE,
      item: DOCUMENT_ID,
      tooMany: (n) => `exclude lists ${n} documentIds: at most ${MAX_EXCLUDE} are allowed`,
      badItem: (id) => `exclude must be a comma list of documentIds; "${id}" is not one`,
    }),
    { description: 'Comma list of documentIds the visitor has already seen.' }
  ),
  // fields and populate are Strapi's own parameters: validated and sanitized by Strapi's
  // content API per type (services/recommend.ts), so any shape is passed on.
  fields: described(z.unknown(), {
    openapi: { type: 'array', items: { type: 'string' } },
    list: true,
    description:
      "As in Strapi's REST API: the attributes to return, as a comma list (`fields=title,summary`) or indexed (`fields[0]=title&fields[1]=summary`). `id`, `documentId`, `publishedAt`, `contentType` and `journey` are always returned. A private or unknown attribute is a 400.",
  }),
  populate: described(z.unknown(), {
    openapi: { type: 'string' },
    example: '*',
    description:
      "As in Strapi's REST API: `populate=*`, `populate[0]=cover`, or the object form `populate[cover][fields][0]=url`; sanitized for the caller's role. An unknown relation is a 400. The `journeyStages` relation is never returned (its ids are in `journey.stages`).",
  }),
  ...signalFields(),
  from: described(documentIdParam('from'), {
    description:
      "The documentId of the entry the visitor is reading: recommends the next step in its framework (the next stage after its primary stage, then that stage's phase), never the entry itself. Unknown or unreadable ids are ignored (`meta.from.next` is null).",
  }),
  arm: described(
    single('arm').regex(ID_PATTERN, {
      error: (issue) =>
        `arm must be an experiment arm id (a lowercase letter, then up to 31 lowercase letters, digits or -); got "${String(issue.input)}"`,
    }),
    {
      description:
        'The arm of the running experiment (GET /api/journey/experiments) the visitor\'s bucket drew: the typed client picks it. Served by that arm and counted for it. Ignored when no experiment covers the request\'s audience and locale; an arm the running experiment does not have is a 400 naming its arms. Without it, the answer is counted as "not in the experiment".',
      example: 'journey',
    }
  ),
});

/** The parameters in the order the OpenAPI document lists them. */
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
  'arm',
] as const;

/** The schema of `GET /api/journey/recommend` for one taxonomy (its stage ids). */
export const buildRecommendQuerySchema = (taxonomy: Taxonomy): ParamsSchema => {
  const { audience, limit, exclude, locale, types, fields, populate, from, arm, ...signals } =
    recommendFields();
  // The order errors are reported in: the audience first (a bare stage key depends on
  // it), the signals and `from` (they decide whether a stage is required), the stage.
  return paramsObject(
    {
      audience,
      ...signals,
      from,
      stage: stageField(),
      limit,
      exclude,
      locale,
      types,
      fields,
      populate,
      arm,
    },
    unknownParam('/api/journey/recommend'),
    RECOMMEND_PARAMS,
    stageCheck(taxonomy)
  );
};

/**
 * What the stage check reads of a taxonomy (resolveStage): its frameworks with
 * their audiences, stage keys and retired flags, and the active stage ids. The
 * taxonomy service builds a new object per read, so schemas are cached by this
 * (labels and targets do not change what a request may ask for).
 */
const stageFingerprint = (taxonomy: Taxonomy): string =>
  JSON.stringify([
    taxonomy.frameworks.map((f) => [f.key, f.audience, f.stages.map((s) => [s.key, s.retired])]),
    taxonomy.stages.map((s) => s.id),
  ]);

const MAX_SCHEMAS = 16; // taxonomies in use at once: one, plus a few during a settings change
const schemas = new Map<string, ParamsSchema>();

/** The recommend schema for this taxonomy, built once per taxonomy shape. */
export const recommendQuerySchema = (taxonomy: Taxonomy): ParamsSchema => {
  const key = stageFingerprint(taxonomy);
  let schema = schemas.get(key);
  if (!schema) {
    schema = buildRecommendQuerySchema(taxonomy);
    if (schemas.size >= MAX_SCHEMAS) schemas.delete(schemas.keys().next().value!);
    schemas.set(key, schema);
  }
  return schema;
};

/**
 * The one validation step of `GET /api/journey/recommend` (REST and GraphQL):
 * every parameter is checked by the schema before any query runs, and each
 * failure names the parameter and what is allowed (SPEC §4). Permission checks on
 * types come after, in the service.
 */
export const parseRecommendParams = (
  taxonomy: Taxonomy,
  query: Record<string, unknown>
): RecommendParams => {
  validateParams(recommendQuerySchema(taxonomy), query);
  const audience = query.audience as VisitorAudience | undefined;
  const visitor = readVisitorSignals(query);
  const stageRaw = query.stage as string | undefined;
  const inferred = infersStage(query);
  return {
    stages: inferred ? null : resolveStage(taxonomy, stageRaw, audience),
    stageRaw: inferred ? undefined : stageRaw,
    audience,
    types: typeof query.types === 'string' ? splitList(query.types) : undefined,
    limit: query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit),
    locale: query.locale as string | undefined,
    exclude: typeof query.exclude === 'string' ? splitList(query.exclude) : [],
    fields: query.fields,
    populate: query.populate,
    visitor,
    from: query.from as string | undefined,
    arm: query.arm as string | undefined,
  };
};
