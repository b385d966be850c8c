/**
 * Keeps docs/openapi.json true: it must be exactly what the code generates
 * (server/src/openapi/document.ts, from the request schemas the server validates
 * with; `npm run openapi` rewrites it). Then boots the real example app, makes real requests
 * (success, empty result, 304, 400, 401, 403) and validates every response body
 * against the schema the document gives for that operation and status. It also
 * checks the document against the code it describes (routes, parameter names,
 * ranges and enums) and that every documented response was seen at least once.
 */
import fs from 'fs';
import path from 'path';
import { startApp, grantPublic, createEntry, ensureLocale, type TestApp } from './helpers/strapi';
import { openApiValidator } from './helpers/openapi-validator';
import routes from '../src/routes';
import { buildOpenApiDocument } from '../src/openapi/document';
import {
  RECOMMEND_PARAMS,
  MAX_LIMIT,
  DEFAULT_LIMIT,
  MAX_EXCLUDE,
} from '../src/validation/recommend';
import { MAX_SEEN, VISITOR_PARAMS } from '../src/validation/visitor';
import {
  PHASE_KEYS,
  AUDIENCES,
  VISITOR_AUDIENCES,
  buildTaxonomy,
  matchTiers,
} from '../../plugin/src';

const ROOT = path.resolve(__dirname, '../..');
const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/openapi.json'), 'utf8'));

type Schema = Record<string, any>;
const checkAgainst = openApiValidator(doc);
/** The violations of `value` against a schema of the document ([] = valid); `root` is the document. */
const validate = (_root: unknown, schema: Schema, value: unknown) => checkAgainst(schema, value);

/** Every schema node under a subtree, for static checks. */
const schemaNodes = (schema: Schema, out: Schema[] = []): Schema[] => {
  out.push(schema);
  for (const p of Object.values(schema.properties ?? {})) schemaNodes(p as Schema, out);
  if (schema.items) schemaNodes(schema.items, out);
  if (typeof schema.additionalProperties === 'object')
    schemaNodes(schema.additionalProperties, out);
  return out;
};

const allRefs = (node: unknown, out: string[] = []): string[] => {
  if (Array.isArray(node)) node.forEach((n) => allRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else allRefs(v, out);
    }
  }
  return out;
};

/** A local `#/…` reference's target in the document; throws when it does not resolve. */
const resolveRef = (root: any, ref: string): Schema => {
  if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}: only local refs`);
  const target = ref
    .slice(2)
    .split('/')
    .reduce((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
  if (target === undefined) throw new Error(`$ref ${ref} does not resolve`);
  return target;
};

const deref = (node: any) => (node?.$ref ? resolveRef(doc, node.$ref) : node);

// ---------------------------------------------------------------------------

describe('the validator', () => {
  const item = {
    id: 1,
    documentId: 'abc',
    publishedAt: '2026-01-01T00:00:00.000Z',
    contentType: 'api::whitepaper.whitepaper',
    journey: { title: 'T', stages: ['b2b:research'], audience: 'b2b', match: 'exact', reason: 'r' },
  };
  const meta = {
    stage: 'b2b:research',
    phase: 'consideration',
    audience: 'b2b',
    locale: null,
    types: [],
    fallback: false,
    count: 1,
  };
  const schema = { $ref: '#/components/schemas/RecommendResponse' };

  it('accepts a valid body', () => {
    expect(validate(doc, schema, { data: [item], meta })).toEqual([]);
  });

  it('reports a missing required property, an extra one, a wrong enum, type, pattern, null and date', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ data: [item] }, /^\/ must have required property 'meta'/],
      [{ data: [item], meta: { ...meta, extra: 1 } }, /^\/meta must NOT have additional .*"extra"/],
      [
        { data: [{ ...item, journey: { ...item.journey, match: 'close' } }], meta },
        /^\/data\/0\/journey\/match must be equal to one of the allowed values/,
      ],
      [{ data: [item], meta: { ...meta, count: 1.5 } }, /^\/meta\/count must be integer/],
      [
        { data: [item], meta: { ...meta, audience: 'both' } },
        /^\/meta\/audience must be equal to one of/,
      ],
      [{ data: [item], meta: { ...meta, stage: null } }, /^\/meta\/stage must be string/],
      [
        { data: [{ ...item, journey: { ...item.journey, stages: ['research'] } }], meta },
        /stages\/0 must match pattern/,
      ],
      [
        { data: [{ ...item, publishedAt: 'yesterday' }], meta },
        /publishedAt must match format "date-time"/,
      ],
      [{ data: [item], meta: { ...meta, count: 51 } }, /must be <= 50/],
    ];
    for (const [body, message] of cases)
      expect(validate(doc, schema, body).join('\n')).toMatch(message);
  });

  it('allows null only where nullable, and then only if the enum lists it', () => {
    expect(
      validate(
        doc,
        { $ref: '#/components/schemas/Error' },
        { data: {}, error: { status: 400, name: 'x', message: 'm', details: {} } }
      ).join()
    ).toMatch(/^\/data must be equal to one of the allowed values \[null\]/);
    expect(validate(doc, { type: 'string', nullable: true, enum: ['a'] }, null)).toHaveLength(1);
  });

  it('refuses a dangling $ref and a keyword it does not know', () => {
    expect(() => validate(doc, { $ref: '#/components/schemas/Nope' }, {})).toThrow(
      /can't resolve reference/
    );
    expect(() => validate(doc, { type: 'string', exclusiveMaximumish: 1 }, 'a')).toThrow(
      /strict mode: unknown keyword/
    );
  });
});

describe('the document', () => {
  it('is the one the code generates (npm run openapi), so it cannot drift from the schemas', () => {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(doc).toStrictEqual(buildOpenApiDocument(version));
  });

  it('is OpenAPI 3.0, versioned as the package, and every $ref resolves', () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d$/);
    expect(doc.info.version).toBe(
      JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version
    );
    const refs = allRefs(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(() => resolveRef(doc, ref)).not.toThrow();
  });

  it('compiles in Ajv’s strict mode (no keyword it would ignore), with no $ref beside constraints', () => {
    for (const [name, schema] of Object.entries(doc.components.schemas) as [string, Schema][]) {
      expect(() => checkAgainst({ $ref: `#/components/schemas/${name}` }, null)).not.toThrow();
      // OpenAPI 3.0 ignores whatever stands beside a $ref: a constraint there would be dead.
      for (const node of schemaNodes(schema))
        if (node.$ref)
          expect(
            Object.keys(node).filter((k) => !['$ref', 'description', 'example'].includes(k))
          ).toEqual([]);
    }
  });

  it('describes exactly the plugin’s content-API routes', () => {
    const served = routes['content-api'].routes
      .map((r: any) => `${r.method} /api/journey${r.path}`)
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]: [string, any]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(documented).toEqual(served);
  });

  it('lists the recommend parameters the server accepts, with its ranges and enums', () => {
    const params = doc.paths['/api/journey/recommend'].get.parameters.map(deref);
    const query = params.filter((p: any) => p.in === 'query');
    expect(query.map((p: any) => p.name).sort()).toEqual([...RECOMMEND_PARAMS].sort());
    const byName = Object.fromEntries(query.map((p: any) => [p.name, p]));
    // stage is optional since visitor signals can infer it (a request with neither is a 400, tested below).
    expect(query.filter((p: any) => p.required).map((p: any) => p.name)).toEqual([]);
    expect(byName.seen.schema.maxItems).toBe(MAX_SEEN);
    expect(byName.limit.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: MAX_LIMIT,
      default: DEFAULT_LIMIT,
    });
    expect(byName.exclude.schema.maxItems).toBe(MAX_EXCLUDE);
    expect(deref(byName.audience.schema).enum).toEqual([...VISITOR_AUDIENCES]);
    expect(doc.components.schemas.RecommendMeta.properties.count.maximum).toBe(MAX_LIMIT);
    expect(doc.components.schemas.RecommendResponse.properties.data.maxItems).toBe(MAX_LIMIT);
  });

  it('lists the visitor parameters the server accepts', () => {
    const query = doc.paths['/api/journey/visitor'].get.parameters
      .map(deref)
      .filter((p: any) => p.in === 'query');
    expect(query.map((p: any) => p.name).sort()).toEqual([...VISITOR_PARAMS].sort());
    expect(
      doc.paths['/api/journey/visitor/model'].get.parameters
        .map(deref)
        .filter((p: any) => p.in === 'query')
    ).toEqual([]);
  });

  it('has the model’s enums: phases, audiences, match kinds', () => {
    const s = doc.components.schemas;
    expect(s.PhaseKey.enum).toEqual(PHASE_KEYS);
    expect(s.Audience.enum).toEqual([...AUDIENCES]);
    expect(s.VisitorAudience.enum).toEqual([...VISITOR_AUDIENCES]);
    expect(s.RecommendMeta.properties.audience.enum).toEqual([...VISITOR_AUDIENCES, null]);
    const taxonomy = buildTaxonomy();
    const kinds = new Set(
      taxonomy.stages.flatMap((stage) =>
        matchTiers(taxonomy, { stages: [stage] }).map((t) => t.match)
      )
    );
    // `baseline` is no tier: an experiment arm that does not rank by journey serves it.
    expect([...kinds, 'baseline'].sort()).toEqual([...s.MatchKind.enum].sort());
  });

  it('has examples that satisfy their own schemas', () => {
    let n = 0;
    for (const ops of Object.values(doc.paths) as any[]) {
      for (const op of Object.values(ops) as any[]) {
        for (const [status, response] of Object.entries(op.responses) as [string, any][]) {
          const media = response.content?.['application/json'];
          if (!media?.example) continue;
          n += 1;
          expect({ status, errors: validate(doc, media.schema, media.example) }).toEqual({
            status,
            errors: [],
          });
        }
      }
    }
    expect(n).toBeGreaterThanOrEqual(6);
  });
});

// ---------------------------------------------------------------------------
// Real responses of the example app
// ---------------------------------------------------------------------------

describe('real responses match the document', () => {
  let app: TestApp;
  const ids: Record<string, string> = {};
  /** "GET /path" → statuses seen, to check every documented response was exercised. */
  const seen = new Map<string, Set<string>>();

  /** Requests `path?query`, checks the status is documented and the body and headers fit it. */
  const call = async (pathname: string, query = '', headers: Record<string, string> = {}) => {
    const res = await app
      .request()
      .get(query ? `${pathname}?${query}` : pathname)
      .set(headers);
    const op = doc.paths[pathname]?.get;
    if (!op) throw new Error(`GET ${pathname} is not in docs/openapi.json`);
    const status = String(res.status);
    const response = op.responses[status];
    if (!response)
      throw new Error(
        `GET ${pathname}?${query} answered ${status}, which the document does not list: ${JSON.stringify(res.body)}`
      );
    if (!seen.has(pathname)) seen.set(pathname, new Set());
    seen.get(pathname)!.add(status);

    const media = response.content?.['application/json'];
    if (media) {
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const errors = validate(doc, media.schema, res.body);
      if (errors.length)
        throw new Error(
          `GET ${pathname}?${query} → ${status} does not match docs/openapi.json:\n  ${errors.join('\n  ')}\nbody: ${JSON.stringify(res.body).slice(0, 2000)}`
        );
    } else {
      expect(res.text ?? '').toBe('');
    }
    for (const [name, header] of Object.entries(response.headers ?? {}) as [string, any][]) {
      const value = res.headers[name.toLowerCase()];
      if (value === undefined)
        throw new Error(`GET ${pathname}?${query} → ${status} lacks the documented header ${name}`);
      expect(validate(doc, deref(header).schema, value)).toEqual([]);
    }
    return res;
  };
  const recommend = (query: string, headers?: Record<string, string>) =>
    call('/api/journey/recommend', query, headers);
  const stages = (headers?: Record<string, string>) => call('/api/journey/stages', '', headers);
  const visitor = (query: string, headers?: Record<string, string>) =>
    call('/api/journey/visitor', query, headers);
  const model = (query = '', headers?: Record<string, string>) =>
    call('/api/journey/visitor/model', query, headers);
  const setGrant = async (action: string, on: boolean) => {
    if (on) await grantPublic(app, [action]);
    else
      await app.strapi.db
        .query('plugin::users-permissions.permission')
        .delete({ where: { action } });
  };

  beforeAll(async () => {
    app = await startApp();
    await ensureLocale(app, 'fr');
    await grantPublic(app, [
      'plugin::journey.recommend.find',
      'plugin::journey.stage.find',
      'plugin::journey.visitor.find',
      'plugin::journey.visitor.model',
      'api::whitepaper.whitepaper.find',
      'api::blog-post.blog-post.find',
      // case-study.find deliberately not granted: the 403 case
    ]);
    const add = async (
      key: string,
      type: any,
      stageIds: string[],
      audience: any,
      extra: any = {}
    ) => {
      ids[key] = await createEntry(app, type, {
        title: key,
        stages: stageIds,
        audience,
        publish: true,
        ...extra,
      });
    };
    await add('W_exact', 'whitepaper', ['b2b:research'], 'b2b');
    await add('B_exact', 'blog-post', ['b2b:research', 'b2c:consideration'], 'both');
    await add('W_phase', 'whitepaper', ['b2c:consideration'], 'both');
    await add('W_next', 'whitepaper', ['b2b:selection'], 'b2b');
    await add('W_prev', 'blog-post', ['b2b:problem-recognition'], 'b2b');
    await add('C_exact', 'case-study', ['b2b:research'], 'b2b');
    await add('B_fr', 'blog-post', ['b2b:research'], 'b2b', { locale: 'fr' });
  });
  afterAll(() => app?.stop());

  it('GET /api/journey/stages', async () => {
    const res = await stages();
    expect(res.status).toBe(200);
    expect(res.body.data.frameworks.map((f: any) => f.key)).toEqual(['b2b', 'b2c']);
  });

  it('recommend: every match kind, with meta', async () => {
    const res = await recommend('stage=research&audience=b2b&limit=20');
    expect(res.status).toBe(200);
    expect(new Set(res.body.data.map((d: any) => d.journey.match))).toEqual(
      new Set(doc.components.schemas.MatchKind.enum.filter((k: string) => k !== 'baseline'))
    );
    expect(res.body.meta).toMatchObject({
      stage: 'b2b:research',
      phase: 'consideration',
      audience: 'b2b',
      fallback: true,
      count: 5,
    });
  });

  it('recommend: default limit, a bare key across frameworks (meta.stages), types, exclude, locale', async () => {
    const byDefault = await recommend('stage=b2b:research');
    expect(byDefault.body.data).toHaveLength(DEFAULT_LIMIT);
    const bare = await recommend('stage=consideration');
    expect(bare.body.meta.stages).toEqual(['b2b:consideration', 'b2c:consideration']);
    const typed = await recommend(
      'stage=research&audience=b2b&types=whitepapers,api::blog-post.blog-post&exclude=' +
        ids.W_exact
    );
    expect(typed.body.data.map((d: any) => d.title)).not.toContain('W_exact');
    const fr = await recommend('stage=research&audience=b2b&locale=fr&limit=10');
    expect(fr.body.data.map((d: any) => d.title)).toContain('B_fr');
    expect(fr.body.meta.locale).toBe('fr');
    await recommend(`stage=research&limit=${MAX_LIMIT}`);
  });

  it('recommend: fields (comma and indexed forms) and populate', async () => {
    for (const q of ['fields=title,summary', 'fields[0]=title&fields[1]=summary', 'populate=*']) {
      const res = await recommend(`stage=research&audience=b2b&${q}`);
      expect(res.status).toBe(200);
      if (q.startsWith('fields')) expect(res.body.data[0].createdAt).toBeUndefined();
    }
  });

  it('recommend: an empty result', async () => {
    const res = await recommend('stage=advocacy&audience=b2c');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    expect(res.body.meta.count).toBe(0);
  });

  it('recommend: 304 for a matching If-None-Match', async () => {
    const first = await recommend('stage=research&audience=b2b');
    const again = await recommend('stage=research&audience=b2b', {
      'If-None-Match': first.headers.etag,
    });
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(first.headers.etag);
  });

  it('recommend: 400 for each bad parameter, naming it (and what the document allows)', async () => {
    const tooMany = Array.from({ length: MAX_EXCLUDE + 1 }, (_, i) => `id${i}`).join(',');
    const cases: Array<[string, string]> = [
      ['audience=b2b', 'stage'],
      ['stage=b2b:nope', 'stage'],
      ['stage=research&audience=both', 'audience'],
      ['stage=research&limit=0', 'limit'],
      [`stage=research&limit=${MAX_LIMIT + 1}`, 'limit'],
      ['stage=research&limit=1.5', 'limit'],
      [`stage=research&exclude=${tooMany}`, 'exclude'],
      ['stage=research&exclude=a%20b', 'exclude'],
      ['stage=research&locale=x', 'locale'],
      ['stage=research&locale=de', 'locale'],
      ['stage=research&types=podcasts', 'types'],
      ['stage=research&sort=title', 'sort'],
      ['stage=research&stage=selection', 'stage'],
      ['stage=research&fields[0]=internalNotes', 'fields'],
      ['stage=research&populate=nope', 'populate'],
    ];
    for (const [q, param] of cases) {
      const res = await recommend(q);
      expect({ q, status: res.status, param: res.body.error?.details?.param }).toEqual({
        q,
        status: 400,
        param,
      });
      // Strapi's ValidationError shape: the first listed error is the one `param` names.
      expect({ q, first: res.body.error.details.errors[0] }).toMatchObject({
        q,
        first: { path: param.split('.'), message: res.body.error.message, name: 'ValidationError' },
      });
    }
    const audience = await recommend('stage=research&audience=both');
    expect(audience.body.error.details.allowed).toEqual(
      doc.components.schemas.VisitorAudience.enum
    );
    expect(audience.body.error.details.errors).toEqual([
      {
        path: ['audience'],
        message: audience.body.error.message,
        name: 'ValidationError',
        allowed: doc.components.schemas.VisitorAudience.enum,
      },
    ]);
    // Every refused value is listed, unknown parameters first, then in the schema's order.
    const several = await recommend('limit=0&sort=title&locale=x&stage=research&seen=a%20b');
    expect(several.status).toBe(400);
    expect(several.body.error.details.param).toBe('sort');
    expect(several.body.error.details.errors.map((e: any) => e.path)).toEqual([
      ['sort'],
      ['seen'],
      ['limit'],
      ['locale'],
    ]);
    expect(several.body.error.details.errors[0].allowed).toEqual([...RECOMMEND_PARAMS]);
  });

  it('visitor signals: recommend with meta.visitor and meta.from, the visitor route, the model; 304 and 400', async () => {
    const inferred = await recommend(
      `seen=${ids.W_prev},${ids.W_next}&utm_source=news&referrer=https://example.com/&landing=/pricing`
    );
    expect(inferred.body.meta.visitor).toMatchObject({
      stage: 'b2b:selection',
      phase: 'decision',
      source: 'inferred',
    });
    const from = await recommend(`from=${ids.W_exact}&stage=auto`);
    expect(from.body.meta.from).toEqual({
      documentId: ids.W_exact,
      stage: 'b2b:research',
      next: 'b2b:consideration',
    });
    const v = await visitor(`seen=${ids.W_exact}&audience=b2b&locale=en&utm_campaign=x`);
    expect(v.status).toBe(200);
    expect(v.body.data.stage).toBe('b2b:research');
    expect(
      (
        await visitor(`seen=${ids.W_exact}&audience=b2b&locale=en&utm_campaign=x`, {
          'If-None-Match': v.headers.etag,
        })
      ).status
    ).toBe(304);
    for (const [q, param] of [
      ['seen=a%20b', 'seen'],
      ['stage=x', 'stage'],
      ['audience=both', 'audience'],
      ['utm_term=' + 'x'.repeat(501), 'utm_term'],
    ]) {
      const res = await visitor(q);
      expect({ q, status: res.status, param: res.body.error?.details?.param }).toEqual({
        q,
        status: 400,
        param,
      });
    }
    const m = await model();
    expect(m.status).toBe(200);
    expect((await model('', { 'If-None-Match': m.headers.etag })).status).toBe(304);
    expect((await model('seen=x')).status).toBe(400);
    for (const [q, param] of [
      ['seen=a%20b', 'seen'],
      ['from=a%20b', 'from'],
      ['stage=auto&utm_x=1', 'utm_x'],
    ]) {
      const res = await recommend(q);
      expect({ q, status: res.status, param: res.body.error?.details?.param }).toEqual({
        q,
        status: 400,
        param,
      });
    }
  });

  it('401 for a token that is not valid', async () => {
    expect((await visitor('', { Authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect((await model('', { Authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect(
      (await recommend('stage=research', { Authorization: 'Bearer not-a-token' })).status
    ).toBe(401);
    expect((await stages({ Authorization: 'Bearer not-a-token' })).status).toBe(401);
  });

  it('403 for a type the role may not find, and for a route it was not granted', async () => {
    const types = await recommend('stage=research&types=case-studies');
    expect(types.status).toBe(403);
    expect(types.body.error.details).toEqual({
      param: 'types',
      allowed: ['blog-posts', 'whitepapers'],
    });
    await setGrant('plugin::journey.recommend.find', false);
    await setGrant('plugin::journey.stage.find', false);
    await setGrant('plugin::journey.visitor.find', false);
    await setGrant('plugin::journey.visitor.model', false);
    try {
      expect((await recommend('stage=research')).status).toBe(403);
      expect((await stages()).status).toBe(403);
      expect((await visitor('')).status).toBe(403);
      expect((await model()).status).toBe(403);
    } finally {
      await setGrant('plugin::journey.recommend.find', true);
      await setGrant('plugin::journey.stage.find', true);
      await setGrant('plugin::journey.visitor.find', true);
      await setGrant('plugin::journey.visitor.model', true);
    }
  });

  it('GET /api/journey/ping: 200 once granted, 403 before, 401 for a token that is not valid', async () => {
    const ping = (headers?: Record<string, string>) => call('/api/journey/ping', '', headers);
    expect((await ping()).status).toBe(403);
    await setGrant('plugin::journey.ping.find', true);
    try {
      const ok = await ping();
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ data: { ok: true } });
      expect((await ping({ Authorization: 'Bearer not-a-token' })).status).toBe(401);
    } finally {
      await setGrant('plugin::journey.ping.find', false);
    }
  });

  it('GET /api/journey/experiments and recommend with an arm: 403 before the grant, then the split and the baseline answer', async () => {
    const experiments = (headers?: Record<string, string>) =>
      call('/api/journey/experiments', '', headers);
    expect((await experiments()).status).toBe(403);
    expect((await experiments({ Authorization: 'Bearer not-a-token' })).status).toBe(401);
    await app.strapi
      .plugin('journey')
      .service('experiments')
      .update({
        experiments: [
          {
            id: 'docs',
            label: 'Journey vs newest',
            status: 'running',
            arms: [
              { id: 'journey', label: 'Journey', kind: 'journey', percent: 50 },
              { id: 'newest', label: 'Newest', kind: 'newest', percent: 50 },
            ],
          },
        ],
      });
    await setGrant('plugin::journey.experiments.find', true);
    try {
      const ok = await experiments();
      expect(ok.status).toBe(200);
      expect(ok.body.data.map((e: any) => e.id)).toEqual(['docs']);
      const baseline = await recommend('stage=research&audience=b2b&arm=newest');
      expect(baseline.status).toBe(200);
      expect(baseline.body.data[0].journey.match).toBe('baseline');
      expect(baseline.body.meta.experiment).toEqual({ id: 'docs', arm: 'newest' });
      expect((await recommend('stage=research&arm=holdout')).status).toBe(400);
      const results = (headers?: Record<string, string>) =>
        call('/api/journey/experiments/results', '', headers);
      expect((await results()).status).toBe(403); // granted to nobody by default
      expect((await results({ Authorization: 'Bearer not-a-token' })).status).toBe(401);
      await setGrant('plugin::journey.experiments.results', true);
      const shown = await results();
      expect(shown.status).toBe(200);
      expect(shown.body.data[0]).toMatchObject({ id: 'docs', live: true, control: 'newest' });
      expect(shown.body.data[0].source).toBeUndefined();
      await setGrant('plugin::journey.experiments.results', false);
    } finally {
      await setGrant('plugin::journey.experiments.find', false);
      await app.strapi.plugin('journey').service('experiments').update({ experiments: [] });
    }
  });

  it('every documented response was exercised', () => {
    for (const [p, ops] of Object.entries(doc.paths) as [string, any][]) {
      if (!ops.get) continue; // POST /api/journey/events: its statuses are exercised in demand.test.ts
      expect({ path: p, statuses: [...(seen.get(p) ?? [])].sort() }).toEqual({
        path: p,
        statuses: Object.keys(ops.get.responses).sort(),
      });
    }
  });
});
