import { z } from 'zod';
import { PHASE_KEYS } from '../phases';
import { AUDIENCES } from '../audience';
import { PRESET_KEYS, type PresetKey } from '../presets';
import { stageKey } from '../taxonomy';

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

/** A stage target: how many entries a stage wants (per type, or the default). */
export const TargetSchema = z.int().min(0).max(100000);

/** Text that is not only blanks. */
export const NonEmptyTextSchema = z.string().refine((s) => s.trim() !== '');

/** A stage of a framework written in config; its key defaults to its label's slug. */
export const FrameworkStageInputSchema = z.looseObject({
  label: NonEmptyTextSchema,
  phase: z.enum(PHASE_KEYS),
  key: NonEmptyTextSchema.optional(),
  description: NonEmptyTextSchema.optional(),
  target: TargetSchema.optional(),
});

/**
 * A framework written in config. Its stages are checked one by one with
 * FrameworkStageInputSchema (config.ts), since a stage key repeated within the
 * framework is refused where it appears.
 */
export const FrameworkInputSchema = z.looseObject({
  key: NonEmptyTextSchema.refine((k) => stageKey(k) === k),
  label: NonEmptyTextSchema,
  audience: z.enum(AUDIENCES).optional(),
  /** Not checked: kept as written. */
  description: z.custom<string>(() => true).optional(),
  stages: z.array(FrameworkStageInputSchema).min(1),
});

export const PresetKeySchema = z.enum(PRESET_KEYS as [PresetKey, ...PresetKey[]]);

/** Per stage id (checked against the frameworks' stages): label, description, target, retired. */
export const StageOverrideInputSchema = z.looseObject({
  label: NonEmptyTextSchema.optional(),
  description: z.string().optional(),
  target: TargetSchema.optional(),
  retired: z.boolean().optional(),
});

/** A content-type uid like "api::legal-page.legal-page". */
export const ContentTypeUidSchema = z.string().regex(/^api::[\w-]+\.[\w-]+$/);

/** The demand options as written: each may be left out (demand-config.ts has the defaults). */
export const DemandConfigInputSchema = DemandConfigSchema.partial();

/**
 * What a project may write under `journey.config` in config/plugins.ts. config.ts
 * checks it part by part in this order (the first refusal is the one reported) and
 * fills in the defaults; `targets` and `experiments` are checked by targets.ts and
 * experiments.ts, which the settings page's bodies use too.
 */
export const JourneyConfigInputSchema = z.strictObject({
  /** Preset keys (`b2b`, `b2c`, `classic`) and/or framework objects, in display order. */
  frameworks: z
    .array(z.union([PresetKeySchema, FrameworkInputSchema]))
    .min(1)
    .nullish(),
  /** Per stage id: label, description, target, retired. */
  stages: z.record(z.string(), StageOverrideInputSchema).nullish(),
  /** Replaces the format → phase affinity table, phase by phase. */
  formatAffinity: z.partialRecord(z.enum(PHASE_KEYS), z.array(z.string())).optional(),
  /** Content-type uids that do not get journey tags. */
  exclude: z.array(ContentTypeUidSchema).nullish(),
  /** Default target per stage for the coverage page. */
  defaultTarget: TargetSchema.nullish(),
  /** Per content type: `{ [uid]: { [stage id]: number | "not-applicable" } }`; the settings page can edit them. */
  targets: z.unknown().optional(),
  /** Cache-Control header of the public endpoints. */
  cacheControl: NonEmptyTextSchema.nullish(),
  /** Minutes between checks that the coverage counts still match the tables (rows written with SQL); 0 = never. */
  countCheckMinutes: z.int().min(0).max(1440).nullish(),
  /** Counting demand and accepting view / click events (see demand-config.ts). */
  demand: DemandConfigInputSchema.optional(),
  /** Visitor signals: rules (config's; the settings page adds its own), weights, the stage of a visitor with no evidence. */
  visitor: VisitorConfigInputSchema.optional(),
  /** A/B experiments on the recommend answer (experiments.ts); the settings page adds its own. */
  experiments: z.array(z.unknown()).nullish(),
});

export const CONFIG_KEYS = Object.keys(JourneyConfigInputSchema.shape);
