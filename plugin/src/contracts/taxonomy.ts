import { z } from 'zod';
import { PHASE_KEYS } from '../phases';
import { AUDIENCES, VISITOR_AUDIENCES } from '../audience';

/**
 * The taxonomy on the wire (`GET /api/journey/stages`, and inside the visitor
 * model). Each schema is declared once here: the server documents it
 * (docs/openapi.json), the typed client and the admin take its inferred type.
 */

export const PhaseKeySchema = z
  .enum(PHASE_KEYS)
  .meta({ description: 'The five phases every framework maps onto, in order (SPEC §2.1)' });

export const AudienceSchema = z.enum(AUDIENCES).meta({ description: "An entry's audience" });

export const VisitorAudienceSchema = z.enum(VISITOR_AUDIENCES).meta({
  description: "A visitor's audience: `both` describes content, never a visitor",
});

export const StageIdSchema = z
  .string()
  .regex(/^[a-z0-9-]+:[a-z0-9-]+$/)
  .meta({ description: '`framework:key`', example: 'b2b:research' });

export const PhaseSchema = z.strictObject({
  key: PhaseKeySchema,
  label: z.string(),
  description: z.string(),
  order: z.int().min(1).max(5),
});

export const StageSchema = z.strictObject({
  id: StageIdSchema,
  key: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string(),
  description: z.string(),
  phase: PhaseKeySchema,
  order: z.int().min(1).meta({ description: '1-based position within its framework' }),
});

export const FrameworkSchema = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .meta({ example: 'b2b' }),
  label: z.string(),
  audience: AudienceSchema,
  description: z.string(),
  stages: z.array(StageSchema),
});

export const PublicTaxonomySchema = z.strictObject({
  phases: z.array(PhaseSchema).length(5),
  frameworks: z.array(FrameworkSchema),
  audiences: z.array(AudienceSchema),
});

export const StagesResponseSchema = z.strictObject({ data: PublicTaxonomySchema });

export type JourneyPhase = z.infer<typeof PhaseSchema>;
export type JourneyStage = z.infer<typeof StageSchema>;
export type JourneyFramework = z.infer<typeof FrameworkSchema>;
export type PublicTaxonomyData = z.infer<typeof PublicTaxonomySchema>;
export type JourneyStagesResponse = z.infer<typeof StagesResponseSchema>;
