import { JourneyInputError, listOf } from './errors';
import type { z } from 'zod';
import {
  DemandConfigSchema,
  type DemandConfigInputSchema,
  type DemandConfigShape,
} from './contracts/config';

/**
 * `demand` in the plugin config: counting what visitors ask for (SPEC §8). Each option
 * may be left out: enabled and events default to true, flushSeconds (1..300) to 5,
 * retentionDays (1..3650) to 400.
 */
export type DemandConfigInput = z.input<typeof DemandConfigInputSchema>;

/** The normalised `demand`: contracts/config.ts's DemandConfigSchema. */
export type DemandConfig = DemandConfigShape;

export const DEFAULT_DEMAND_CONFIG: DemandConfig = {
  enabled: true,
  events: true,
  flushSeconds: 5,
  retentionDays: 400,
};

const KEYS = Object.keys(DEFAULT_DEMAND_CONFIG);

const fail = (key: string, message: string, allowed?: string[]): never => {
  throw new JourneyInputError(
    `demand.${key}`,
    `journey plugin config: demand.${key} ${message}`,
    allowed
  );
};

/** The integer fields and their ranges, for the message (the schema holds the same). */
const RANGES: Record<string, [number, number]> = {
  flushSeconds: [1, 300],
  retentionDays: [1, 3650],
};

export const validateDemandConfig = (raw: unknown): DemandConfig => {
  if (raw === undefined) return { ...DEFAULT_DEMAND_CONFIG };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('(root)', `must be an object with ${listOf(KEYS)}`, KEYS);
  const out = { ...DEFAULT_DEMAND_CONFIG, ...(raw as Record<string, unknown>) };
  const result = DemandConfigSchema.safeParse(out);
  if (result.success) return result.data;
  // An unknown key is reported before any value; then the fields in their order.
  const issues = result.error.issues;
  const unknown = issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown?.code === 'unrecognized_keys')
    fail(unknown.keys[0], `is not an option: use one of ${listOf(KEYS)}`, KEYS);
  const k = issues[0].path[0] as keyof DemandConfig;
  const got = JSON.stringify(out[k]);
  const range = RANGES[k];
  return range
    ? fail(k, `must be a whole number from ${range[0]} to ${range[1]}; got ${got}`)
    : fail(k, `must be true or false; got ${got}`);
};
