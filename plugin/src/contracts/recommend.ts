import { z } from 'zod';
import { MAX_LIMIT } from './limits';
import { VISITOR_AUDIENCES } from '../audience';
import { AudienceSchema, PhaseKeySchema, StageIdSchema } from './taxonomy';
import { VisitorInferenceSchema } from './visitor';

/** `GET /api/journey/recommend`'s answer, declared once (see contracts/taxonomy.ts). */

export const MatchKindSchema = z.enum(['exact', 'phase', 'adjacent', 'baseline']).meta({
  description:
    '`exact`: tagged with a requested stage; `phase`: another stage of the same phase (any framework); `adjacent`: a stage of the next or the previous phase; `baseline`: served by an experiment arm that does not rank by journey (newest, or a fixed list)',
});

export const RecommendJourneySchema = z.strictObject({
  title: z.string().nullable().meta({
    description:
      'What a person calls the entry, whatever `fields` asked: its title-like field (`title`, `name`, `headline`, else its first text field, else its slug); null when that field is empty',
    example: 'The B2B research checklist',
  }),
  stages: z.array(StageIdSchema).min(1).meta({ description: "The entry's stages, primary first" }),
  audience: AudienceSchema,
  match: MatchKindSchema,
  reason: z.string().meta({
    description: 'Why it was recommended, for humans',
    example: 'tagged Research (B2B), for B2B; whitepaper suits consideration',
  }),
});

const dateTime = () => z.string().meta({ format: 'date-time' });

/** Loose: the entry's own attributes (narrowed by `fields`, extended by `populate`) pass through. */
export const RecommendItemSchema = z
  .looseObject({
    id: z.int(),
    documentId: z.string(),
    publishedAt: dateTime(),
    createdAt: dateTime().optional(),
    updatedAt: dateTime().optional(),
    locale: z.string().optional().meta({ description: 'On localized types' }),
    contentType: z
      .string()
      .regex(/^api::[a-z0-9-]+\.[a-z0-9-]+$/)
      .meta({ example: 'api::whitepaper.whitepaper' }),
    journey: RecommendJourneySchema,
  })
  .meta({
    description:
      "One entry, as Strapi's REST API returns it for its type (its own attributes, narrowed by `fields`, extended by `populate`), plus `contentType` and `journey`. The `journeyStages` and `journeyAudience` attributes are not repeated: they are in `journey`.",
  });

export const RecommendMetaSchema = z.strictObject({
  stage: StageIdSchema,
  stages: z.array(StageIdSchema).min(2).optional().meta({
    description:
      'Only when a bare key without an audience resolved to several stages (`stage` is the first)',
  }),
  phase: PhaseKeySchema,
  audience: z.enum(VISITOR_AUDIENCES).nullable(),
  locale: z.string().nullable(),
  types: z.array(z.string()).meta({ description: 'The content-type uids that were searched' }),
  fallback: z.boolean().meta({
    description:
      'True when exact-stage entries alone did not fill `limit` and the list was widened to the phase and its neighbours',
  }),
  count: z.int().min(0).max(MAX_LIMIT),
  experiment: z.strictObject({ id: z.string(), arm: z.string().nullable() }).optional().meta({
    description:
      'Present when a running experiment covers the request (its audience and locale): its id, and the arm that served it (null: the request named no arm, counted as not in the experiment). Report views and clicks with these two fields.',
  }),
  visitor: VisitorInferenceSchema.optional().meta({
    description:
      'Present when visitor signals, `from` or `stage=auto` were given: the inferred stage (a given stage or `from` wins over it for the answer).',
  }),
  from: z
    .strictObject({
      documentId: z.string(),
      stage: z.string().nullable(),
      next: z.string().nullable(),
    })
    .optional()
    .meta({
      description:
        "Present with `from`: the entry's primary stage and the stage served (null when the entry is unknown or unreadable).",
    }),
});

export const RecommendResponseSchema = z.strictObject({
  data: z.array(RecommendItemSchema).max(MAX_LIMIT),
  meta: RecommendMetaSchema,
});

export type MatchKind = z.infer<typeof MatchKindSchema>;
export type RecommendJourney = z.infer<typeof RecommendJourneySchema>;
export type RecommendMeta = z.infer<typeof RecommendMetaSchema>;
