/**
 * The `components` of docs/openapi.json. The schemas are generated from the wire
 * shapes' zod declarations (plugin/src/contracts), the same ones the server
 * validates with and the client and admin take their types from;
 * server/tests/openapi.test.ts validates real responses against the result.
 */
import { z } from 'zod';
import { OPENAPI_COMPONENTS } from '../../../plugin/src/contracts';

export const securitySchemes = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A Strapi API token, or a Users & Permissions JWT. Without one the Public role applies.',
  },
};

export const headers = {
  ETag: {
    description:
      'A strong validator of the exact body: equal answers have equal ETags, on every Strapi instance',
    schema: {
      type: 'string',
      pattern: '^"[A-Za-z0-9_-]+"$',
    },
  },
};

type Json = Record<string, any>;

/**
 * Zod's output, tidied into the document's idiom: no `$id` per component, no
 * safe-integer bounds on every `z.int()` (no constraint a reader needs),
 * `additionalProperties: true` for a loose object, and a plain `$ref` (with its
 * description, the one sibling OpenAPI 3.0 tolerates) where zod wraps a
 * component in `allOf` because it is optional or described. And what OpenAPI 3.0
 * needs that zod leaves out: `null` in the `enum` of a nullable enum (else
 * validators such as Ajv refuse the null).
 */
const tidy = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== 'object') return node;
  const { $id: _id, ...s } = node as Json;
  if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
  if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
  const extra = s.additionalProperties;
  if (extra && typeof extra === 'object' && !Object.keys(extra).length)
    s.additionalProperties = true;
  if (s.nullable && Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null];
  // 3.0 has no null type: zod writes a lone null as a nullable string, the document as the object it stands for.
  if (s.enum?.length === 1 && s.enum[0] === null) s.type = 'object';
  const { allOf, ...rest } = s;
  const annotations = Object.keys(rest).every((k) => k === 'description' || k === 'example');
  if (allOf?.length === 1 && allOf[0].$ref && annotations) return { ...allOf[0], ...rest };
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, tidy(v)]));
};

const generate = (): Record<string, Json> => {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(OPENAPI_COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'openapi-3.0',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return tidy(schemas) as Record<string, Json>;
};

export const schemas = generate();
