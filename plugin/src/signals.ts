import type { SignalRule } from './contracts/visitor';

export type { SignalRule };

/**
 * Signal rules: "a visitor whose utm_campaign matches `pricing-*` is in decision".
 * Pure data, shared by the config file, the settings page (stored in the
 * database) and the typed client (edge mode), so all three agree. Validated by
 * signal-rules.ts, apart: this module is in the client's bundle, the schema is not.
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
