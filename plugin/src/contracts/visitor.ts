import { z } from 'zod';
import { SIGNALS } from '../signals';
import { VISITOR_AUDIENCES } from '../audience';
import type { VisitorInference as ModelInference } from '../visitor';
import { MAX_SEEN } from './limits';
import {
  PhaseKeySchema,
  PublicTaxonomySchema,
  StageIdSchema,
  VisitorAudienceSchema,
} from './taxonomy';

/** `GET /api/journey/visitor` and `/visitor/model`, declared once (see contracts/taxonomy.ts). */

/** Flat on the wire: the model's union (visitor.ts) by `source` fits it. */
export const EvidenceSchema = z
  .strictObject({
    source: z.enum(['seen', 'rule']),
    documentId: z.string().optional(),
    signal: z.enum(SIGNALS).optional(),
    pattern: z.string().optional(),
    stage: StageIdSchema.optional(),
    phase: PhaseKeySchema.optional(),
    audience: VisitorAudienceSchema.optional(),
    weight: z.number().min(0),
  })
  .meta({
    description:
      'One piece of evidence: an entry read (`seen`, with its stage or its audience) or a matching signal rule (`rule`).',
  });

export const VisitorInferenceSchema = z.strictObject({
  stage: StageIdSchema,
  phase: PhaseKeySchema,
  audience: z
    .enum(VISITOR_AUDIENCES)
    .nullable()
    .meta({ description: 'null: undecided (entries for both audiences are served)' }),
  confidence: z.number().min(0).max(1),
  source: z.enum(['inferred', 'default']),
  evidence: z.array(EvidenceSchema),
  reason: z.string().min(1),
});

export const VisitorResponseSchema = z.strictObject({
  data: VisitorInferenceSchema,
  meta: z.strictObject({
    seen: z.int().min(0).max(MAX_SEEN).meta({ description: 'How many of the seen ids counted' }),
    locale: z.string().nullable(),
  }),
});

export const SignalRuleSchema = z.strictObject({
  signal: z.enum(SIGNALS),
  pattern: z.string().min(1).meta({
    description: 'A glob over the whole value, case-insensitive (* any characters, ? one)',
  }),
  stage: StageIdSchema.optional(),
  phase: PhaseKeySchema.optional(),
  audience: VisitorAudienceSchema.optional(),
  weight: z.number().min(0).max(10),
});

const weight = () => z.number().min(0);

export const VisitorModelResponseSchema = z.strictObject({
  data: z.strictObject({
    taxonomy: PublicTaxonomySchema,
    rules: z.array(SignalRuleSchema),
    weights: z.strictObject({
      primary: weight(),
      secondary: weight(),
      entryCap: weight(),
      recency: weight(),
      phaseThreshold: weight(),
      phaseShare: weight(),
      audienceMargin: weight(),
    }),
    defaultStage: z.string().nullable(),
  }),
});

export type VisitorInference = z.infer<typeof VisitorInferenceSchema>;
export type VisitorResponse = z.infer<typeof VisitorResponseSchema>;
/** A rule as the server keeps and serves it (signal-rules.ts returns this shape). */
export type SignalRule = z.infer<typeof SignalRuleSchema>;
export type VisitorModelResponse = z.infer<typeof VisitorModelResponseSchema>;

/** What the server sends is the model's own inference: a compile error when the two part. */
const _modelFits = (v: ModelInference): VisitorInference => v;
void _modelFits;
