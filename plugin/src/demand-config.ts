import { JourneyInputError, listOf } from './errors';

/** `demand` in the plugin config: counting what visitors ask for (SPEC §8). */
export interface DemandConfigInput {
  /** Count recommend / visitor answers per day × stage × audience × locale × outcome. Default true. */
  enabled?: boolean;
  /** Accept `POST /api/journey/events` (still off until a role is granted the action). Default true. */
  events?: boolean;
  /** How often each instance writes its buffered counts, in seconds (1..300). Default 5. */
  flushSeconds?: number;
  /** Days of aggregates kept; older rows are pruned daily (1..3650). Default 400. */
  retentionDays?: number;
}

export type DemandConfig = Required<DemandConfigInput>;

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

const checkInt = (key: string, value: unknown, min: number, max: number) => {
  if (!(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)) {
    fail(key, `must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`);
  }
};

export const validateDemandConfig = (raw: unknown): DemandConfig => {
  if (raw === undefined) return { ...DEFAULT_DEMAND_CONFIG };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('(root)', `must be an object with ${listOf(KEYS)}`, KEYS);
  const input = raw as Record<string, unknown>;
  for (const k of Object.keys(input))
    if (!KEYS.includes(k)) fail(k, `is not an option: use one of ${listOf(KEYS)}`, KEYS);
  const out = { ...DEFAULT_DEMAND_CONFIG, ...input } as DemandConfig;
  for (const k of ['enabled', 'events'] as const)
    if (typeof out[k] !== 'boolean')
      fail(k, `must be true or false; got ${JSON.stringify(out[k])}`);
  checkInt('flushSeconds', out.flushSeconds, 1, 300);
  checkInt('retentionDays', out.retentionDays, 1, 3650);
  return out;
};
