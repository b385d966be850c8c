import { z } from 'zod';
import { MAX_EVENTS_PER_BATCH, OUTCOMES } from '../demand';
import { ID_PATTERN } from '../experiments';
import { VISITOR_AUDIENCES } from '../audience';
import { DOCUMENT_ID, LOCALE_CODE } from './limits';
import { StageIdSchema } from './taxonomy';

/**
 * `POST /api/journey/events`: the body and the answer, declared once (see
 * contracts/taxonomy.ts); server/src/validation/events.ts validates with these
 * schemas (and checks the stage ids against the site's taxonomy).
 */

export const EVENT_TYPES = ['view', 'click', 'answer'] as const;

/** Which experiment arm the event happened in (`meta.experiment` of the answer it came from). */
const armFields = {
  experiment: z
    .string()
    .regex(ID_PATTERN)
    .optional()
    .meta({ description: '`meta.experiment.id` of the answer the event came from' }),
  arm: z
    .string()
    .regex(ID_PATTERN)
    .nullable()
    .optional()
    .meta({ description: '`meta.experiment.arm` of that answer (null: not in the experiment)' }),
};

export const EntryEventSchema = z
  .strictObject({
    type: z.enum(['view', 'click']),
    documentId: z.string().regex(DOCUMENT_ID),
    stage: StageIdSchema.optional().meta({ description: 'The stage it was shown for' }),
    visitorStage: StageIdSchema.optional(),
    ...armFields,
  })
  .meta({ description: 'A recommended entry was seen (`view`) or followed (`click`).' });

export const AnswerEventSchema = z
  .strictObject({
    type: z.literal('answer'),
    stage: StageIdSchema,
    audience: z.enum(VISITOR_AUDIENCES).nullable().optional(),
    locale: z.string().regex(LOCALE_CODE).nullable().optional(),
    outcome: z.enum(OUTCOMES),
    ...armFields,
  })
  .meta({
    description:
      'How a recommend answer went, reported by a frontend that serves answers from a cache (send `X-Journey-Demand: client` on its recommend calls).',
  });

export const JourneyEventSchema = z
  .discriminatedUnion('type', [EntryEventSchema, AnswerEventSchema])
  .meta({ description: 'One event, by its `type`: a view or click of an entry, or an answer.' });

export const EventsRequestSchema = z.strictObject({
  events: z.array(JourneyEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});

const count = () => z.int().min(0).max(MAX_EVENTS_PER_BATCH);

export const EventsAcceptedSchema = z.strictObject({
  data: z.strictObject({ accepted: count(), ignored: count() }),
});

export type EntryEvent = z.infer<typeof EntryEventSchema>;
export type AnswerEvent = z.infer<typeof AnswerEventSchema>;
export type EventsAccepted = z.infer<typeof EventsAcceptedSchema>;
