import type { z } from 'zod';
import { JourneyInputError, listOf } from './errors';
import { PHASE_KEYS } from './phases';
import { MAX_RULES, SIGNALS, type SignalRule } from './signals';
import { SIGNAL_RULE_FIELDS, SignalRulesSchema } from './contracts/signal-rules';

/**
 * Validates signal rules with contracts/signal-rules.ts, for the server only (the
 * config, the settings page): signals.ts, which the typed client bundles, stays
 * free of schema code. The first refusal is thrown, naming the field and what it allows.
 */

const SHAPE = '{ signal, pattern, stage | phase | audience, weight? }';

/** A rule's refusals are reported in the order its fields are read. */
const RANK = [
  '',
  'unknown',
  'signal',
  'pattern',
  'stage',
  'phase',
  'both',
  'audience',
  'none',
  'weight',
];

interface Refusal {
  index: number;
  rank: string;
  key: string;
  message: string;
  allowed?: readonly string[];
}

const refusalOf = (
  issue: z.core.$ZodIssue,
  raw: unknown[],
  param: string,
  stageIds: string[]
): Refusal => {
  const [index, field] = issue.path as [number, string | undefined];
  const k = `${param}[${index}]`;
  const rule = (raw[index] ?? {}) as Record<string, unknown>;
  const at = (rank: string, message: string, allowed?: readonly string[]): Refusal => ({
    index,
    rank,
    key:
      field === undefined || rank === 'both' || rank === 'none' || rank === ''
        ? k
        : `${k}.${field}`,
    message,
    allowed,
  });
  if (issue.code === 'unrecognized_keys')
    return {
      ...at(
        'unknown',
        `is not a rule field: use ${listOf(SIGNAL_RULE_FIELDS)}`,
        SIGNAL_RULE_FIELDS
      ),
      key: `${k}.${issue.keys[0]}`,
    };
  if (issue.code === 'custom') {
    const which = (issue.params as { rule: string }).rule;
    return which === 'both'
      ? at('both', 'names both a stage and a phase: give one of them')
      : at('none', 'must name a stage, a phase or an audience');
  }
  switch (field) {
    case 'signal':
      return at(
        'signal',
        `must be one of ${listOf(SIGNALS)}; got ${JSON.stringify(rule.signal)}`,
        SIGNALS
      );
    case 'pattern':
      return at(
        'pattern',
        'must be a glob of 1 to 200 characters (* any characters, ? one character)'
      );
    case 'stage':
      return at('stage', `must be a stage id: ${listOf(stageIds)}`, stageIds);
    case 'phase':
      return at('phase', `must be one of ${listOf(PHASE_KEYS)}`, PHASE_KEYS);
    case 'audience':
      return at('audience', 'must be b2b or b2c', ['b2b', 'b2c']);
    case 'weight':
      return at(
        'weight',
        `must be a number above 0, at most 10; got ${JSON.stringify(rule.weight)}`
      );
    default:
      return at('', `must be an object ${SHAPE}`);
  }
};

/**
 * Validates a list of rules against the stage ids in use. `param` prefixes every
 * error (`visitor.rules[2].stage` in config, `rules[2].stage` on the settings page).
 */
export const validateSignalRules = (
  raw: unknown,
  stageIds: string[],
  param = 'rules',
  prefix = ''
): SignalRule[] => {
  const fail = ({ key, message, allowed }: Omit<Refusal, 'index' | 'rank'>): never => {
    throw new JourneyInputError(
      key,
      `${prefix}${key} ${message}`,
      allowed ? [...allowed] : undefined
    );
  };
  if (!Array.isArray(raw)) return fail({ key: param, message: `must be an array of ${SHAPE}` });
  if (raw.length > MAX_RULES)
    fail({ key: param, message: `has ${raw.length} rules: at most ${MAX_RULES} are allowed` });
  const result = SignalRulesSchema.safeParse(raw);
  const refusals = result.success
    ? []
    : result.error.issues.map((i) => refusalOf(i, raw, param, stageIds));
  // Which stage ids there are is the site's to say, not the schema's.
  raw.forEach((rule, index) => {
    const stage = (rule as { stage?: unknown } | null)?.stage;
    if (typeof stage === 'string' && !stageIds.includes(stage))
      refusals.push({
        index,
        rank: 'stage',
        key: `${param}[${index}].stage`,
        message: `must be a stage id: ${listOf(stageIds)}`,
        allowed: stageIds,
      });
  });
  refusals.sort((a, b) => a.index - b.index || RANK.indexOf(a.rank) - RANK.indexOf(b.rank));
  if (refusals.length) fail(refusals[0]);
  return result.data!.map(({ signal, pattern, stage, phase, audience, weight }) => ({
    signal,
    pattern,
    ...(stage !== undefined ? { stage } : {}),
    ...(phase !== undefined ? { phase } : {}),
    ...(audience !== undefined ? { audience } : {}),
    weight,
  }));
};
