import type { QuerySchema } from '../validation/query';

/**
 * Turns a request schema (validation/*.ts) into OpenAPI 3.0 query parameters,
 * reading only what `describe()` exposes: each field's type, its tests' names and
 * params (`max`, `matches`, `oneOf`, the comma list's `minItems`/`maxItems`/`items`,
 * `integer`) and its meta (`description`, `example(s)`, `list`, `integer`,
 * `default`, `ref`, `pattern`, and `schema` for Strapi's pass-through parameters).
 * A test it does not know is an error, so the document cannot silently lose a
 * constraint the server enforces.
 */

type Json = Record<string, any>;
interface Described {
  type: string;
  meta?: Json;
  tests: Array<{ name?: string; params?: Json }>;
}

/** Tests that check something the document cannot express, and say so in the description. */
const UNDOCUMENTED_TESTS = new Set(['stage']);

const paramsOf = (field: Described, name: string): Json | undefined =>
  field.tests.find((t) => t.name === name)?.params;

const fieldSchema = (name: string, field: Described, components: Json): Json => {
  const meta = field.meta ?? {};
  for (const test of field.tests) {
    const known = ['max', 'matches', 'oneOf', 'minItems', 'maxItems', 'items', 'integer'];
    if (!known.includes(test.name ?? '') && !UNDOCUMENTED_TESTS.has(test.name ?? ''))
      throw new Error(`${name}: the OpenAPI writer does not know the yup test "${test.name}"`);
  }
  if (meta.schema) return meta.schema;
  const allowed: string[] | undefined = paramsOf(field, 'oneOf')?.allowed;
  if (meta.ref) {
    const target = components[meta.ref];
    if (!target) throw new Error(`${name}: meta.ref ${meta.ref} is not a component schema`);
    if (allowed && JSON.stringify(target.enum) !== JSON.stringify(allowed))
      throw new Error(`${name}: component ${meta.ref} lists ${target.enum}, the schema ${allowed}`);
    return { $ref: `#/components/schemas/${meta.ref}` };
  }
  if (meta.list) {
    const pattern: RegExp | undefined = paramsOf(field, 'items')?.pattern;
    return {
      type: 'array',
      minItems: paramsOf(field, 'minItems')?.min,
      maxItems: paramsOf(field, 'maxItems')?.max,
      items: { type: 'string', pattern: pattern?.source },
    };
  }
  if (meta.integer) {
    const range = paramsOf(field, 'integer') ?? {};
    return { type: 'integer', minimum: range.min, maximum: range.max, default: meta.default };
  }
  const regex: RegExp | undefined = paramsOf(field, 'matches')?.regex;
  return {
    type: field.type,
    pattern: regex?.source ?? meta.pattern,
    maxLength: paramsOf(field, 'max')?.max,
    enum: allowed,
  };
};

/** The schema's query parameters, in `order` (default: the schema's field order). */
export const queryParameters = (
  schema: QuerySchema,
  components: Json,
  order?: readonly string[]
): Json[] => {
  const fields = schema.describe().fields as Record<string, Described>;
  const names = order ?? Object.keys(fields);
  const missing = Object.keys(fields).filter((n) => !names.includes(n));
  if (missing.length || names.some((n) => !fields[n]))
    throw new Error(`the parameter order does not match the schema's fields (${missing})`);
  return names.map((name) => {
    const field = fields[name];
    const meta = field.meta ?? {};
    if (!meta.description) throw new Error(`${name}: the schema gives no meta.description`);
    return {
      name,
      in: 'query',
      required: false,
      description: meta.description,
      ...(meta.list ? { style: 'form', explode: false } : {}),
      schema: fieldSchema(name, field, components),
      example: meta.example,
      examples: meta.examples,
    };
  });
};
