import { JourneyInputError, listOf } from './errors';
import { PHASE_KEYS, isPhase, type PhaseKey } from './phases';
import { isVisitorAudience, type VisitorAudience } from './audience';

/**
 * Signal rules: "a visitor whose utm_campaign matches `pricing-*` is in decision".
 * Pure data, validated here, shared by the config file, the settings page (stored
 * in the database) and the typed client (edge mode), so all three agree.
 */
export const SIGNALS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_content',
  'utm_term',
  'referrer',
  'landing',
] as const;
export type SignalName = (typeof SIGNALS)[number];
export type SignalValues = Partial<Record<SignalName, string>>;

export interface SignalRule {
  signal: SignalName;
  /** A glob over the whole value, case-insensitive: `*` any run of characters, `?` one character. */
  pattern: string;
  /** What a match is evidence for: a stage id, or a phase; and/or an audience. */
  stage?: string;
  phase?: PhaseKey;
  audience?: VisitorAudience;
  /** How much a match counts, 0..10 (default 1, the weight of one entry read). */
  weight: number;
}

export const MAX_RULES = 200;
export const MAX_SIGNAL_LENGTH = 500;

/** Compiles a glob to an anchored, case-insensitive RegExp (every other character is literal). */
export const globToRegExp = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.+()|[\]{}]/g, '\\$&')))
      .join('')}$`,
    'is'
  );

/** Compiled patterns: every request tests every rule, and a site has a few hundred at most. */
const compiled = new Map<string, RegExp>();
const patternRegExp = (pattern: string): RegExp => {
  let re = compiled.get(pattern);
  if (!re) {
    if (compiled.size >= 1000) compiled.clear();
    compiled.set(pattern, (re = globToRegExp(pattern)));
  }
  return re;
};

export const ruleMatches = (rule: SignalRule, signals: SignalValues): boolean => {
  const value = signals[rule.signal];
  return typeof value === 'string' && value !== '' && patternRegExp(rule.pattern).test(value);
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

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
  const fail = (key: string, message: string, allowed?: readonly string[]): never => {
    throw new JourneyInputError(
      key,
      `${prefix}${key} ${message}`,
      allowed ? [...allowed] : undefined
    );
  };
  if (!Array.isArray(raw))
    return fail(
      param,
      'must be an array of { signal, pattern, stage | phase | audience, weight? }'
    );
  if (raw.length > MAX_RULES)
    fail(param, `has ${raw.length} rules: at most ${MAX_RULES} are allowed`);
  return raw.map((r, i): SignalRule => {
    const k = `${param}[${i}]`;
    if (!isObject(r))
      return fail(k, 'must be an object { signal, pattern, stage | phase | audience, weight? }');
    const known = ['signal', 'pattern', 'stage', 'phase', 'audience', 'weight'];
    for (const key of Object.keys(r))
      if (!known.includes(key))
        fail(`${k}.${key}`, `is not a rule field: use ${listOf(known)}`, known);
    if (!(SIGNALS as readonly string[]).includes(r.signal as string))
      fail(
        `${k}.signal`,
        `must be one of ${listOf(SIGNALS)}; got ${JSON.stringify(r.signal)}`,
        SIGNALS
      );
    if (typeof r.pattern !== 'string' || r.pattern.trim() === '' || r.pattern.length > 200)
      fail(
        `${k}.pattern`,
        'must be a glob of 1 to 200 characters (* any characters, ? one character)'
      );
    if (r.stage !== undefined && (typeof r.stage !== 'string' || !stageIds.includes(r.stage)))
      fail(`${k}.stage`, `must be a stage id: ${listOf(stageIds)}`, stageIds);
    if (r.phase !== undefined && !isPhase(r.phase))
      fail(`${k}.phase`, `must be one of ${listOf(PHASE_KEYS)}`, PHASE_KEYS);
    if (r.stage !== undefined && r.phase !== undefined)
      fail(k, 'names both a stage and a phase: give one of them');
    if (r.audience !== undefined && !isVisitorAudience(r.audience))
      fail(`${k}.audience`, 'must be b2b or b2c', ['b2b', 'b2c']);
    if (r.stage === undefined && r.phase === undefined && r.audience === undefined)
      fail(k, 'must name a stage, a phase or an audience');
    const weight = r.weight ?? 1;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0 || weight > 10)
      fail(`${k}.weight`, `must be a number above 0, at most 10; got ${JSON.stringify(r.weight)}`);
    return {
      signal: r.signal as SignalName,
      pattern: (r.pattern as string).trim(),
      ...(r.stage !== undefined ? { stage: r.stage as string } : {}),
      ...(r.phase !== undefined ? { phase: r.phase as PhaseKey } : {}),
      ...(r.audience !== undefined ? { audience: r.audience as VisitorAudience } : {}),
      weight: weight as number,
    };
  });
};
