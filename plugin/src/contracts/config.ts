import { z } from 'zod';

/**
 * The plugin config (`journey.config` in config/plugins.ts), declared as zod schemas
 * like the request shapes. The validators (demand-config.ts, config.ts) parse with
 * them and turn the first refusal into the JourneyInputError message the config has
 * always given; the normalised types are inferred from them.
 */

/**
 * `demand`: counting what visitors ask for (SPEC §8). Parsed once the defaults are
 * filled in, so every field is present: one written as `undefined` is refused.
 */
export const DemandConfigSchema = z.strictObject({
  /** Count recommend / visitor answers per day × stage × audience × locale × outcome. */
  enabled: z.boolean(),
  /** Accept `POST /api/journey/events` (still off until a role is granted the action). */
  events: z.boolean(),
  /** How often each instance writes its buffered counts, in seconds. */
  flushSeconds: z.int().min(1).max(300),
  /** Days of aggregates kept; older rows are pruned daily. */
  retentionDays: z.int().min(1).max(3650),
});

export type DemandConfigShape = z.infer<typeof DemandConfigSchema>;
