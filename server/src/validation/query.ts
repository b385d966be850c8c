import { yup, formatYupErrors } from '@strapi/utils';
import { JourneyInputError, listOf, type InputErrorItem } from '../../../plugin/src';

/**
 * What every request schema shares: the one 400 they throw (throwInputError),
 * the list and documentId helpers, and the runner of the one schema still in yup
 * (the events body, validation/events.ts; the others are zod, params.ts).
 */

export type QuerySchema = yup.AnyObjectSchema;

export const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

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

/** yup's own ValidationError, by shape: the copy of yup that built it may not be this module's. */
const isYupError = (e: unknown): e is yup.ValidationError =>
  e instanceof Error && e.name === 'ValidationError' && Array.isArray((e as any).inner);

/** One refused value: where (`events[0].type`, as the caller wrote it), why, and what is allowed. */
export interface Refusal {
  path: string;
  message: string;
  allowed?: string[];
}

/**
 * The one 400 of every request schema (yup here, zod in params.ts): a
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

/**
 * Runs a schema with Strapi's own defaults (`strict`, `abortEarly: false`, as
 * `validateYupSchema`), and turns a failure into a JourneyInputError (throwInputError).
 * Unknown parameters come first, then the fields in the schema's order, so `param`
 * and the message name the first of them.
 */
export const validateQuery = (
  schema: QuerySchema,
  query: unknown,
  context: Record<string, unknown> = {}
): void => {
  try {
    schema.validateSync(query ?? {}, { strict: true, abortEarly: false, context });
  } catch (e) {
    if (!isYupError(e)) throw e;
    const order = Object.keys((schema as any).fields ?? {});
    const inner = (e.inner.length ? e.inner : [e]).map((err, index) => ({ err, index }));
    const rank = (path: string | undefined) => {
      const i = order.indexOf(String(path ?? '').split(/[.[]/)[0]);
      return i === -1 ? -1 : i;
    };
    inner.sort((a, b) => rank(a.err.path) - rank(b.err.path) || a.index - b.index);
    throwInputError(
      inner.map(({ err }) => ({
        path: err.path ?? '',
        message: err.message,
        allowed: (err.params as { allowed?: string[] } | undefined)?.allowed,
      }))
    );
  }
};
