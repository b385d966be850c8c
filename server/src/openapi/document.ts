import { buildTaxonomy } from '../../../plugin/src';
import routes from '../routes';
import { buildRecommendQuerySchema } from '../validation/recommend';
import { visitorModelQuerySchema, visitorQuerySchema } from '../validation/visitor';
import type { ParamsSchema } from '../validation/params';
import { headers, schemas, securitySchemes } from './components';
import { ifNoneMatch, info, operations, security, servers, tags } from './operations';
import { queryParameters } from './from-zod';

/**
 * docs/openapi.json, written from the code: one path per content-API route of
 * routes/index.ts, its query parameters from the route's request schema (the very
 * schema the controller validates with), the rest from openapi/components.ts and
 * openapi/operations.ts. `npm run openapi` writes it; server/tests/openapi.test.ts
 * fails when the committed file differs.
 */

interface QueryDoc {
  schema: ParamsSchema;
  /** Answers carry an ETag and honour If-None-Match (utils/cacheable.ts, the recommend controller). */
  conditional: boolean;
}

/** The stage ids are the site's own: the document shows the default taxonomy's schema (a pattern, not an enum). */
const QUERIES: Record<string, QueryDoc> = {
  'GET /recommend': {
    schema: buildRecommendQuerySchema(buildTaxonomy()),
    conditional: true,
  },
  'GET /visitor': { schema: visitorQuerySchema, conditional: true },
  'GET /visitor/model': { schema: visitorModelQuerySchema, conditional: true },
};

/** Drops undefined members, as JSON would, so the document compares equal to its file. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));

export const buildOpenApiDocument = (version: string) => {
  const parameters: Record<string, unknown> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes['content-api'].routes) {
    const key = `${route.method} ${route.path}`;
    const operation = operations[key];
    if (!operation) throw new Error(`openapi/operations.ts does not describe ${key}`);
    const query = QUERIES[key];
    const refs: unknown[] = [];
    for (const parameter of query ? queryParameters(query.schema, schemas) : []) {
      const known = parameters[parameter.name];
      if (known && JSON.stringify(plain(known)) !== JSON.stringify(plain(parameter)))
        throw new Error(`${key}: parameter ${parameter.name} differs from another route's`);
      parameters[parameter.name] = parameter;
      refs.push({ $ref: `#/components/parameters/${parameter.name}` });
    }
    if (query?.conditional) refs.push(ifNoneMatch);
    const { responses, ...rest } = operation;
    paths[`/api/journey${route.path}`] = {
      ...paths[`/api/journey${route.path}`],
      [route.method.toLowerCase()]: {
        ...rest,
        ...(refs.length ? { parameters: refs } : {}),
        responses,
      },
    };
  }
  const { title, ...about } = info;
  return plain({
    openapi: '3.0.3',
    info: { title, version, ...about },
    servers,
    tags,
    security,
    paths,
    components: { securitySchemes, headers, parameters, schemas },
  });
};
