import { z } from 'zod';
import { MAX_EVENTS_PER_BATCH, OUTCOMES } from '../demand';
import { ID_PATTERN } from '../experiments';
import { StageIdSchema, VisitorAudienceSchema } from './taxonomy';

/** `POST /api/journey/events`: the body and the answer, declared once (see contracts/taxonomy.ts). */

export const JourneyEventSchema = z
  .strictObject({
    type: z.enum(['view', 'click', 'answer']),
    documentId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    stage: StageIdSchema.optional(),
    visitorStage: StageIdSchema.optional(),
    audience: VisitorAudienceSchema.optional(),
    locale: z.string().optional(),
    outcome: z.enum(OUTCOMES).optional(),
    experiment: z.string().regex(ID_PATTERN).optional().meta({
      description: '`meta.experiment.id` of the answer the event came from',
    }),
    arm: z.string().regex(ID_PATTERN).nullable().optional().meta({
      description: '`meta.experiment.arm` of that answer (null: not in the experiment)',
    }),
  })
  .meta({
    description:
      '`view` / `click`: `documentId` required, `stage` (the stage it was shown for) and `visitorStage` optional. `answer`: `stage` and `outcome` required, `audience` and `locale` optional. Any of them: `experiment` and `arm` as the answer gave them.',
  });

export const EventsRequestSchema = z.strictObject({
  events: z.array(JourneyEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});

const count = () => z.int().min(0).max(MAX_EVENTS_PER_BATCH);

export const EventsAcceptedSchema = z.strictObject({
  data: z.strictObject({ accepted: count(), ignored: count() }),
});

export type EventsAccepted = z.infer<typeof EventsAcceptedSchema>;
