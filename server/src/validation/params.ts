import { z } from 'zod';
import { DOCUMENT_ID, splitList, throwInputError, type Refusal } from './query';

/**
 * Building blocks of the content API's query schemas, in zod, and the function
 * that runs them. A query arrives as strings (a repeated parameter is an array,
 * `a[x]=` an object) and is checked as it is, never coerced; each area's parse
 * function reads the typed values afterwards. Every refusal names the parameter
 * and, for a closed list, what it allows (`params.allowed`, or the enum's values).
 *
 * openapi/from-zod.ts writes the OpenAPI parameters from these same schemas: the
 * zod constraints (pattern, maxLength, enum) and the meta (`description`,
 * `example(s)`, `ref` to a component, and `openapi` for a string standing for
 * another type: a whole number, a comma list).
 */

/** One parameter: a zod schema for its value as given (required here: the object makes it optional). */
export type Param = z.ZodType;

export interface ParamsSchema {
  /** The fields in the order errors are reported in. */
  fields: Record<string, Param>;
  /** The parameter names in the order they are listed (errors name them, the document lists them). */
  names: readonly string[];
  unknownMessage: (key: string, known: string[]) => string;
  /** Checks that read several parameters (the stage of recommend), after the fields. */
  refine?: (query: Record<string, unknown>, ctx: z.RefinementCtx) => void;
}

export interface ParamMeta {
  description?: string;
  example?: unknown;
  examples?: Record<string, unknown>;
  /** The component schema the value is (its enum is checked against the schema's). */
  ref?: string;
  /** The document's schema when the text stands for something else. */
  openapi?: Record<string, unknown>;
  /** A comma list (`style: form`, not exploded). */
  list?: boolean;
  /** Checked when absent too (its schema says what absent means); every other field is optional. */
  required?: boolean;
}

/** The value's description and examples, kept where from-zod.ts reads them. */
export const described = <T extends Param>(schema: T, meta: ParamMeta): T =>
  schema.meta(meta as Record<string, unknown>) as T;

/** A parameter given at most once, as text. */
export const single = (name: string) =>
  z.string({ error: `${name} must be given once, as a single value` });

/** A closed list of values: the refusal lists them (`allowed`, and the document's enum). */
export const oneOfValues = (
  name: string,
  allowed: readonly [string, ...string[]],
  message: (value: string) => string
) => single(name).pipe(z.enum(allowed, { error: (issue) => message(String(issue.input)) }));

/** A whole number from `min` to `max`, written in digits only (no sign, exponent or spaces). */
export const integerParam = (name: string, min: number, max: number, defaultValue: number) =>
  described(
    single(name).refine(
      (value) => {
        const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
        return n >= min && n <= max;
      },
      {
        error: (issue) =>
          `${name} must be a whole number from ${min} to ${max}; got "${String(issue.input)}"`,
      }
    ),
    { openapi: { type: 'integer', minimum: min, maximum: max, default: defaultValue } }
  );

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
  const { min, max, item } = options;
  const schema = single(name).superRefine((value, ctx) => {
    const items = splitList(value);
    if (min !== undefined && items.length < min)
      ctx.addIssue({
        code: 'custom',
        message: options.tooFew ?? `${name} must list at least ${min}`,
      });
    if (max !== undefined && items.length > max)
      ctx.addIssue({
        code: 'custom',
        message: options.tooMany?.(items.length) ?? `${name} lists more than ${max}`,
      });
    const bad = item && items.find((v) => !item.test(v));
    if (item && bad !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: options.badItem?.(bad) ?? `${name}: "${bad}" is not allowed`,
      });
  });
  return described(schema, {
    list: true,
    openapi: {
      type: 'array',
      minItems: min,
      maxItems: max,
      items: { type: 'string', pattern: item?.source },
    },
  });
};

/** A documentId parameter (`from`). */
export const documentIdParam = (name: string) =>
  single(name).regex(DOCUMENT_ID, {
    error: (issue) =>
      `${name} must be a documentId (1 to 64 letters, digits, _ or -); got "${String(issue.input)}"`,
  });

/**
 * The query's schema: its fields, each optional, and no other key (an unknown
 * parameter names every parameter the route takes, as `allowed`).
 */
export const paramsObject = (
  fields: Record<string, Param>,
  unknownMessage: ParamsSchema['unknownMessage'],
  /** The order to name them in, when it is not the fields' (which is the order errors are reported in). */
  names: readonly string[] = Object.keys(fields),
  refine?: ParamsSchema['refine']
): ParamsSchema => {
  if (names.length !== Object.keys(fields).length || names.some((k) => !fields[k]))
    throw new Error(`the parameter names ${names} are not the schema's fields`);
  return { fields, names, unknownMessage, refine };
};

const compiled = new WeakMap<ParamsSchema, z.ZodType>();

const objectOf = (params: ParamsSchema): z.ZodType => {
  let schema = compiled.get(params);
  if (!schema) {
    const shape = Object.fromEntries(
      Object.entries(params.fields).map(([k, v]) => [
        k,
        (v.meta() as ParamMeta | undefined)?.required ? v : v.optional(),
      ])
    );
    // Loose: unknown keys are reported by validateParams, one refusal each.
    const object = z.looseObject(shape);
    schema = params.refine
      ? object.superRefine((v, ctx) => params.refine!(v as Record<string, unknown>, ctx), {
          when: () => true,
        })
      : object;
    compiled.set(params, schema);
  }
  return schema;
};

/**
 * Runs the schema on a query, and turns a refusal into a JourneyInputError with
 * every refused value in Strapi's `details.errors[]` shape: unknown parameters
 * first, then the fields in the schema's order, so `param` and the message name
 * the first of them.
 */
export const validateParams = (params: ParamsSchema, query: unknown): void => {
  const given = (query ?? {}) as Record<string, unknown>;
  const known = [...params.names];
  const errors: Refusal[] = Object.keys(given)
    .filter((key) => !known.includes(key))
    .map((key) => ({ path: key, message: params.unknownMessage(key, known), allowed: known }));
  const result = objectOf(params).safeParse(given, { reportInput: true });
  if (!result.success) {
    const order = Object.keys(params.fields);
    const issues = result.error.issues
      .map((issue, index) => ({ issue, index, rank: order.indexOf(String(issue.path[0])) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index);
    for (const { issue } of issues) {
      const fromParams = (issue as { params?: { allowed?: string[] } }).params?.allowed;
      const fromEnum = issue.code === 'invalid_value' ? issue.values.map(String) : undefined;
      const allowed = fromParams ?? fromEnum;
      errors.push({ path: issue.path.join('.'), message: issue.message, allowed });
    }
  }
  if (errors.length) throwInputError(errors);
};
