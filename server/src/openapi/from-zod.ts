import { z } from 'zod';
import type { ParamMeta, ParamsSchema } from '../validation/params';

/**
 * Turns a query schema (validation/params.ts) into OpenAPI 3.0 query
 * parameters: each field's zod constraints through zod's own `toJSONSchema`
 * (pattern, maxLength, enum), its meta for the rest (`description`,
 * `example(s)`, `ref` to a component, `openapi` when the text stands for a
 * number or a list). A constraint zod cannot express (a refinement) is an error
 * unless `openapi` states it, so the document cannot silently lose one.
 */

type Json = Record<string, any>;
const META_KEYS = ['description', 'example', 'examples', 'ref', 'openapi', 'list'];

const fieldSchema = (name: string, field: z.ZodType, meta: ParamMeta, components: Json): Json => {
  if (meta.openapi) return meta.openapi;
  const json: Json = z.toJSONSchema(field, { target: 'openapi-3.0', io: 'output' });
  for (const key of META_KEYS) delete json[key];
  if (meta.ref) {
    const target = components[meta.ref];
    if (!target) throw new Error(`${name}: meta.ref ${meta.ref} is not a component schema`);
    if (JSON.stringify(target.enum) !== JSON.stringify(json.enum))
      throw new Error(
        `${name}: component ${meta.ref} lists ${target.enum}, the schema ${json.enum}`
      );
    return { $ref: `#/components/schemas/${meta.ref}` };
  }
  return json;
};

/** The schema's query parameters, in its names' order. */
export const queryParameters = (params: ParamsSchema, components: Json): Json[] =>
  params.names.map((name) => {
    const field = params.fields[name];
    const meta = (field.meta() ?? {}) as ParamMeta;
    if (!meta.description) throw new Error(`${name}: the schema gives no meta description`);
    // A refinement is invisible to toJSONSchema: only a field whose `openapi` states it may carry one.
    if (!meta.openapi && JSON.stringify(field._zod.def).includes('"custom"'))
      throw new Error(`${name}: a refinement the document cannot show; state it in meta.openapi`);
    return {
      name,
      in: 'query',
      required: false,
      description: meta.description,
      ...(meta.list ? { style: 'form', explode: false } : {}),
      schema: fieldSchema(name, field, meta, components),
      example: meta.example,
      examples: meta.examples,
    };
  });
