import { z } from 'zod';
import { DEMAND_PERIODS, listOf } from '../../../plugin/src';
import { oneOfValues, paramsObject, validateParams } from './params';

/**
 * The coverage page's two admin queries: `GET /journey/coverage` and
 * `GET /journey/demand`. For the demand report an empty audience or locale is the
 * default (its selects send `audience=` for "all").
 */
const AUDIENCE_SCOPES = ['all', 'b2b', 'b2c'] as const;
const STATUSES = ['published', 'draft'] as const;
const PERIODS = DEMAND_PERIODS.map(String) as [string, ...string[]];

const notAParameter = (key: string, known: string[]) =>
  `${key} is not a parameter: use ${listOf(known)}`;

const closedList = (name: string, allowed: readonly [string, ...string[]]) =>
  oneOfValues(name, allowed, () => `${name} must be one of ${listOf(allowed)}`);

/** A locale of the site; empty or absent: every locale. */
const siteLocale = () => z.string({ error: 'locale must be given once' });

export const coverageQuerySchema = paramsObject(
  {
    audience: closedList('audience', AUDIENCE_SCOPES),
    locale: siteLocale(),
    status: closedList('status', STATUSES),
  },
  notAParameter
);

export interface CoverageScope {
  audience: string;
  status: string;
  locale?: string;
}

/** `GET /journey/coverage?audience=all|b2b|b2c&status=published|draft&locale=`. */
export const parseCoverageQuery = (query: Record<string, unknown>): CoverageScope => {
  // The service's own callers may leave out a member as undefined: the same as absent.
  const given = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
  validateParams(coverageQuerySchema, given);
  return {
    audience: (given.audience as string | undefined) ?? 'all',
    status: (given.status as string | undefined) ?? 'published',
    locale: given.locale === '' ? undefined : (given.locale as string | undefined),
  };
};

export const demandQuerySchema = paramsObject(
  {
    days: closedList('days', PERIODS),
    audience: closedList('audience', AUDIENCE_SCOPES),
    locale: siteLocale(),
  },
  notAParameter
);

export interface DemandScope {
  days: number;
  audience: string;
  locale?: string;
}

/** `GET /journey/demand?days=7|30|90&audience=all|b2b|b2c&locale=`. */
export const parseDemandQuery = (query: Record<string, unknown>): DemandScope => {
  const given = Object.fromEntries(
    Object.entries(query).filter(([k, v]) => !(v === '' && (k === 'audience' || k === 'locale')))
  );
  validateParams(demandQuerySchema, given);
  return {
    days: given.days === undefined ? 30 : Number(given.days),
    audience: (given.audience as string | undefined) ?? 'all',
    locale: given.locale as string | undefined,
  };
};
