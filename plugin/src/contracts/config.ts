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

/** `visitor.weights`: each weight's allowed range (visitor.ts has their meaning and defaults). */
export const WEIGHT_RANGES = {
  primary: [0, 10],
  secondary: [0, 10],
  entryCap: [0.01, 100],
  recency: [0.01, 1],
  phaseThreshold: [0, 100],
  phaseShare: [0, 1],
  audienceMargin: [0, 100],
} as const satisfies Record<string, readonly [number, number]>;

export type WeightKey = keyof typeof WEIGHT_RANGES;

const weight = (key: WeightKey) =>
  z.number().min(WEIGHT_RANGES[key][0]).max(WEIGHT_RANGES[key][1]).exactOptional();

/** Some of the weights; a weight written as `undefined` is refused. */
export const VisitorWeightsInputSchema = z.strictObject({
  primary: weight('primary'),
  secondary: weight('secondary'),
  entryCap: weight('entryCap'),
  recency: weight('recency'),
  phaseThreshold: weight('phaseThreshold'),
  phaseShare: weight('phaseShare'),
  audienceMargin: weight('audienceMargin'),
});

export const VISITOR_CONFIG_KEYS = ['rules', 'weights', 'defaultStage'];

/**
 * `visitor`: the rules are checked by signal-rules.ts (contracts/signal-rules.ts), the
 * default stage against the site's stage ids.
 */
export const VisitorConfigInputSchema = z.strictObject({
  rules: z.unknown().optional(),
  weights: VisitorWeightsInputSchema.optional(),
  defaultStage: z.string().nullish(),
});

export type VisitorConfigInput = z.input<typeof VisitorConfigInputSchema>;
