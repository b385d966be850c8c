import { formatYupErrors } from '@strapi/utils';
import { JourneyInputError, listOf, type InputErrorItem } from '../../../plugin/src';
import { DOCUMENT_ID } from '../../../plugin/src/contracts/limits';

/**
 * What every request schema shares: the one 400 they throw (throwInputError),
 * and the list helpers. The schemas themselves are zod: params.ts for queries and
 * flat bodies, contracts/events.ts for the events body.
 */

export { DOCUMENT_ID };

export const splitList = (value: string): string[] =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export const unknownParam =
  (route: string) =>
  (key: string, known: string[]): string =>
    known.length
      ? `${key} is not a parameter of ${route}: use ${listOf(known)}`
      : `${key} is not a parameter of ${route}: it takes none`;

/** One refused value: where (`events[0].type`, as the caller wrote it), why, and what is allowed. */
export interface Refusal {
  path: string;
  message: string;
  allowed?: string[];
}

/**
 * The one 400 of every request schema (params.ts, events.ts): a
 * JourneyInputError naming the first refusal (`param`, its message and allowed
 * values) and listing each in Strapi's `details.errors[]` shape, the path split
 * as Strapi's own `formatYupErrors` splits it.
 */
export const throwInputError = (refusals: Refusal[]): never => {
  const items: InputErrorItem[] = refusals.map(({ path, message, allowed }) => {
    const [formatted] = formatYupErrors({
      path,
      message,
      name: 'ValidationError',
      inner: [],
    } as any).errors;
    return {
      path: formatted.path,
      message: formatted.message,
      name: formatted.name,
      ...(allowed ? { allowed } : {}),
    };
  });
  const first = items[0];
  throw new JourneyInputError(
    refusals[0].path || 'query',
    first.message,
    first.allowed,
    400,
    items
  );
};
