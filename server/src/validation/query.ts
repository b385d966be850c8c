import { yup, formatYupErrors } from '@strapi/utils';
import { JourneyInputError, listOf, type InputErrorItem } from '../../../plugin/src';

/**
 * Building blocks of the request schemas still in yup (the admin routes' queries
 * and bodies, the events body; the content API's queries are zod, params.ts), the
 * one function that runs them, and the one 400 both runners throw
 * (throwInputError). The schemas check the query as it arrives (strings; a
 * repeated parameter is an array, `a[x]=` an object) in strict mode, so nothing
 * is coerced behind the caller's back; the typed values are read afterwards by
 * each area's parse function.
 */

export type AnySchema = yup.AnySchema;
export type QuerySchema = yup.AnyObjectSchema;

export const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const splitList = (value: string): string[] =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** A query parameter given at most once, as text. */
export const single = (name: string) =>
  yup.string().strict(true).typeError(`${name} must be given once, as a single value`);

/** A closed list of values; `allowed` is what the error details and the OpenAPI enum show. */
export const oneOfValues = <S extends yup.StringSchema>(
  schema: S,
  allowed: readonly string[],
  message: (value: string) => string
): S =>
  schema.test({
    name: 'oneOf',
    params: { allowed: [...allowed] },
    message: ({ value }: { value: unknown }) => message(String(value)),
    test: (value: unknown) => value === undefined || allowed.includes(value as string),
  }) as S;

/** A whole number from `min` to `max`, written in digits only (no sign, exponent or spaces). */
export const integerParam = (name: string, min: number, max: number, defaultValue: number) =>
  single(name)
    .meta({ integer: true, default: defaultValue })
    .test({
      name: 'integer',
      params: { min, max },
      message: ({ value }: { value: unknown }) =>
        `${name} must be a whole number from ${min} to ${max}; got "${String(value)}"`,
      test: (value: unknown) => {
        if (value === undefined) return true;
        const n = /^\d{1,6}$/.test(value as string) ? Number(value) : NaN;
        return n >= min && n <= max;
      },
    });

export interface CommaListOptions {
  min?: number;
  max?: number;
  /** What each item must match. */
  item?: RegExp;
  tooFew?: string;
  tooMany?: (count: number) => string;
  badItem?: (item: string) => string;
}

/** A comma list in one parameter (`seen=a,b,c`): the OpenAPI form style, not exploded. */
export const commaList = (name: string, options: CommaListOptions) => {
  let schema = single(name).meta({ list: true });
  const { min, max, item } = options;
  if (min !== undefined)
    schema = schema.test({
      name: 'minItems',
      params: { min },
      message: options.tooFew ?? `${name} must list at least ${min}`,
      test: (value: unknown) => value === undefined || splitList(value as string).length >= min,
    });
  if (max !== undefined)
    schema = schema.test({
      name: 'maxItems',
      params: { max },
      message: ({ value }: { value: unknown }) =>
        options.tooMany?.(splitList(String(value)).length) ?? `${name} lists more than ${max}`,
      test: (value: unknown) => value === undefined || splitList(value as string).length <= max,
    });
  if (item)
    schema = schema.test({
      name: 'items',
      params: { pattern: item },
      message: ({ value }: { value: unknown }) => {
        const bad = splitList(String(value)).find((v) => !item.test(v)) ?? '';
        return options.badItem?.(bad) ?? `${name}: "${bad}" is not allowed`;
      },
      test: (value: unknown) =>
        value === undefined || splitList(value as string).every((v) => item.test(v)),
    });
  return schema;
};

/** A documentId parameter (`from`). */
export const documentIdParam = (name: string) =>
  single(name).matches(
    DOCUMENT_ID,
    ({ value }: { value: unknown }) =>
      `${name} must be a documentId (1 to 64 letters, digits, _ or -); got "${String(value)}"`
  );

/**
 * The query object: its fields, and no other key (an unknown parameter names
 * every parameter the route takes, as `allowed`).
 */
export const queryObject = (
  fields: Record<string, AnySchema>,
  unknownMessage: (key: string, known: string[]) => string,
  /** The order to name them in, when it is not the fields' (which is the order errors are reported in). */
  names: readonly string[] = Object.keys(fields)
): QuerySchema => {
  const known = [...names];
  if (known.length !== Object.keys(fields).length || known.some((k) => !fields[k]))
    throw new Error(`the parameter names ${known} are not the schema's fields`);
  return yup
    .object(fields)
    .strict(true)
    .test({
      name: 'known',
      params: { allowed: known },
      test(value: Record<string, unknown> | undefined) {
        const unknown = Object.keys(value ?? {}).filter((k) => !known.includes(k));
        if (!unknown.length) return true;
        return new yup.ValidationError(
          unknown.map((key) =>
            this.createError({
              path: key,
              message: unknownMessage(key, known),
              params: { allowed: known },
            })
          )
        );
      },
    });
};

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
