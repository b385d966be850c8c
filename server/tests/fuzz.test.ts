import http from 'http';
import zlib from 'zlib';
import {
  startApp,
  listen,
  adminToken,
  grantPublic,
  createEntry,
  ensureLocale,
  DB,
  type TestApp,
} from './helpers/strapi';
import { prng, runSeed } from './helpers/prng';
import { contentChecksum, changedTables } from './helpers/snapshot';

/**
 * Fuzz (issue #8, item 7): generated requests to every route of the plugin
 * (server/src/routes/index.ts) with random parameters, types, bodies and
 * encodings, as a super admin, a restricted admin, an anonymous visitor and a
 * forged token. Asserts no response ≥ 500, and that every refused request (not
 * 2xx/304) left the stage rows, entry rows, tag links and core store untouched.
 * The PRNG seed is printed; JOURNEY_TEST_SEED=<seed> replays the same run.
 */
const SEED = runSeed();
const REQUESTS = Number(process.env.JOURNEY_FUZZ_REQUESTS ?? 1050);
const WP = 'api::whitepaper.whitepaper';
const BLOG = 'api::blog-post.blog-post';
const CS = 'api::case-study.case-study';
const TYPES = [WP, BLOG, CS];
/** Successful retires the fuzz may make: enough to test the path, not so many it retires the taxonomy. */
const RETIRE_BUDGET = 3;
/** Draws per route before the first pass gives up on an accepted request (the test then fails). */
const ACCEPT_TRIES = 400;

let app: TestApp;
const tokens: Record<string, string | undefined> = {};
let docs: Record<string, string[]> = {};
let stageIds: string[] = [];

beforeAll(async () => {
  console.log(
    `fuzz.test: seed ${SEED} (replay with JOURNEY_TEST_SEED=${SEED}), ${REQUESTS} requests on ${DB}`
  );
  app = await startApp();
  await listen(app);
  await ensureLocale(app, 'fr');
  tokens.super = await adminToken(app);
  const roles = app.strapi.admin.services.role;
  const role = await roles.create({
    name: 'Coverage reader, whitepaper titles',
    description: 'restricted',
  });
  await roles.assignPermissions(role.id, [
    { action: 'plugin::journey.coverage.read', subject: null, properties: {}, conditions: [] },
    {
      action: 'plugin::content-manager.explorer.read',
      subject: WP,
      properties: { fields: ['title'] },
      conditions: [],
    },
    {
      action: 'plugin::content-manager.explorer.update',
      subject: WP,
      properties: { fields: ['title'] },
      conditions: [],
    },
  ]);
  tokens.restricted = await adminToken(app, { roleId: role.id });
  tokens.anonymous = undefined;
  tokens.forged = 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.forged-signature';
  await grantPublic(app, [
    'plugin::journey.stage.find',
    'plugin::journey.recommend.find',
    `${WP}.find`,
    `${BLOG}.find`,
  ]);
  docs = { [WP]: [], [BLOG]: [], [CS]: [] };
  const seedTags: Array<[string[], 'b2b' | 'b2c' | 'both']> = [
    [['b2b:research'], 'b2b'],
    [['b2c:awareness', 'b2c:purchase'], 'b2c'],
    [['b2b:selection'], 'both'],
    [[], 'both'],
  ];
  for (let i = 0; i < 8; i++) {
    const [stages, audience] = seedTags[i % seedTags.length];
    docs[WP].push(
      await createEntry(app, 'whitepaper', {
        title: `Fuzz WP ${i}`,
        stages,
        audience,
        publish: i % 2 === 0,
      })
    );
    docs[BLOG].push(
      await createEntry(app, 'blog-post', {
        title: `Fuzz blog ${i}`,
        stages,
        audience,
        publish: i % 3 !== 0,
        locale: i % 4 === 3 ? 'fr' : undefined,
      })
    );
    if (i < 4)
      docs[CS].push(
        await createEntry(app, 'case-study', {
          title: `Fuzz case ${i}`,
          stages,
          audience,
          publish: true,
        })
      );
  }
  stageIds = [...(await app.strapi.plugin('journey').service('taxonomy').stageRows()).keys()];
});
afterAll(() => app?.stop());

// ------------------------------------------------------------------ generators

type Rnd = ReturnType<typeof prng>;

const HUGE = 'x'.repeat(20000);
const WEIRD_STRINGS = [
  '',
  ' ',
  'b2b',
  'b2c',
  'both',
  'all',
  'draft',
  'published',
  'en',
  'fr',
  'xx-YY',
  'awareness',
  'b2b:research',
  'b2c:',
  ':research',
  'b2b:research:extra',
  'replace',
  'add',
  'merge',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  '__proto__',
  'constructor',
  'prototype',
  "' OR 1=1 --",
  '"; DROP TABLE x; --',
  '%',
  '%00',
  '\u0000',
  '../../etc/passwd',
  'ステージ',
  '🚀🚀',
  'e\u0301',
  '\u202Eevil',
  'a,b,,c',
  ',,,',
  '$ne',
  '[object Object]',
  HUGE.slice(0, 300),
];

const validStage = (r: Rnd) => r.pick(stageIds);
const bareStage = (r: Rnd) => validStage(r).split(':')[1];
const someDocId = (r: Rnd, uid = r.pick(TYPES)) =>
  r.chance(0.8) && docs[uid]?.length
    ? r.pick(docs[uid])
    : r.pick(['nope0000', 'a'.repeat(64), '1', 'ü', '*']);

/** Any JSON value, with a bias to the shapes the routes take. */
const value = (r: Rnd, depth = 0): unknown => {
  const k = r.int(depth > 3 ? 8 : 12);
  switch (k) {
    case 0:
      return r.pick(WEIRD_STRINGS);
    case 1:
      return validStage(r);
    case 2:
      return r.pick([0, 1, -1, 3, 50, 51, 1.5, 1e21, -0, 2 ** 53, Number.MAX_SAFE_INTEGER]);
    case 3:
      return r.pick([true, false, null]);
    case 4:
      return r.chance(0.1) ? HUGE : r.pick(WEIRD_STRINGS);
    case 5:
      return someDocId(r);
    case 6:
      return bareStage(r);
    case 7:
      return r.pick(['b2b', 'b2c', 'both', 'all']);
    case 8:
      return Array.from({ length: r.int(5) }, () => value(r, depth + 1));
    case 9:
      return Object.fromEntries(
        Array.from({ length: r.int(4) }, () => [
          r.pick([
            'stages',
            'audience',
            'locale',
            'label',
            'target',
            'id',
            '$eq',
            '__proto__',
            r.pick(WEIRD_STRINGS),
          ]),
          value(r, depth + 1),
        ])
      );
    case 10:
      return Array.from({ length: r.int(3) }, () => validStage(r));
    default:
      return { [validStage(r)]: value(r, depth + 1) };
  }
};

const deep = (n: number): unknown => (n === 0 ? 'bottom' : { a: deep(n - 1) });

/** Percent-encodes a query value, sometimes badly. */
const enc = (r: Rnd, s: string) => {
  const k = r.int(10);
  if (k === 0) return s.replace(/[^A-Za-z0-9]/gu, (c) => encodeURIComponent(encodeURIComponent(c))); // double-encoded
  if (k === 1) return encodeURIComponent(s) + r.pick(['%', '%z', '%E0%A4%A', '%FF', '%C0%AF']); // malformed / overlong UTF-8
  if (k === 2) return encodeURIComponent(s).replace(/%20/g, '+');
  return encodeURIComponent(s);
};

/** A query string from the route's own parameters plus strays: duplicates, bracket syntax, deep nesting. */
const query = (
  r: Rnd,
  params: Record<string, (r: Rnd, uid?: string) => unknown>,
  always: string[] = [],
  uid?: string
) => {
  const parts: string[] = [];
  const names = Object.keys(params);
  const first = always.filter(() => r.chance(0.85));
  const n = first.length + r.int(names.length + 2);
  for (let i = 0; i < n; i++) {
    const stray = i >= first.length && r.chance(0.15);
    const name =
      i < first.length
        ? first[i]
        : stray
          ? r.pick([
              'foo',
              'stage[]',
              'stage[$eq]',
              'filters[journeyStages][stageId][$eq]',
              'limit[0]',
              '__proto__[x]',
              'a[b][c][d][e][f][g]',
              'populate[*]',
              'fields[0]',
              'sort',
            ])
          : r.pick(names);
    const raw = stray ? value(r) : params[name](r, uid);
    const values = Array.isArray(raw) ? raw : [raw];
    for (const v of values)
      parts.push(
        `${enc(r, name)}=${enc(r, typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`
      );
    if (r.chance(0.1)) parts.push(`${enc(r, name)}=${enc(r, String(params[name]?.(r) ?? 'dup'))}`); // the same key twice
  }
  if (r.chance(0.05)) parts.push(`q=${'y'.repeat(r.chance(0.5) ? 4000 : 200)}`);
  return parts.length ? `?${parts.join('&')}` : '';
};

type Body =
  | { kind: 'json'; data: unknown }
  | { kind: 'raw'; type: string; data: string | Buffer; encoding?: string };

/** A body: usually JSON of the route's shape with odd values, sometimes not JSON at all. */
const body = (r: Rnd, shape: (r: Rnd) => unknown): Body | undefined => {
  const k = r.int(20);
  if (k === 0) return undefined;
  if (k === 1)
    return {
      kind: 'raw',
      type: 'application/json',
      data: r.pick([
        '{',
        '{"stages": [',
        'null',
        '"str"',
        '[1,2]',
        '{"a":1}{"b":2}',
        '\u0000',
        '{"stages": NaN}',
        '',
      ]),
    };
  if (k === 2)
    return {
      kind: 'raw',
      type: r.pick([
        'text/plain',
        'application/xml',
        'application/octet-stream',
        'application/json; charset=utf-16',
        'application/x-www-form-urlencoded',
      ]),
      data: r.pick([
        'stages=b2b:research&audience=b2b',
        '<a/>',
        JSON.stringify(shape(r)),
        'stages[]=x&stages[]=y&audience[$ne]=b2b',
      ]),
    };
  if (k === 3)
    return {
      kind: 'raw',
      type: 'application/json',
      data: zlib.gzipSync(JSON.stringify(shape(r))),
      encoding: 'gzip',
    };
  if (k === 4)
    return {
      kind: 'raw',
      type: 'application/json',
      data: zlib.deflateSync(JSON.stringify(shape(r))),
      encoding: r.pick(['deflate', 'x-unknown', 'identity']),
    }; // unknown encodings: 415
  if (k === 5) return { kind: 'json', data: deep(r.chance(0.5) ? 30 : 300) };
  if (k === 6)
    return {
      kind: 'raw',
      type: 'application/json',
      data: JSON.stringify({
        stages: Array.from({ length: r.chance(0.5) ? 2000 : 200000 }, () => 'b2b:research'),
      }),
    }; // large, maybe over the body limit
  if (k === 7) return { kind: 'json', data: value(r) };
  return { kind: 'json', data: shape(r) };
};

const tagShape = (r: Rnd) => {
  if (r.chance(0.2)) return validTags(r);
  const out: Record<string, unknown> = {};
  if (r.chance(0.9)) out.stages = r.chance(0.6) ? r.sample(stageIds, 1 + r.int(3)) : value(r);
  if (r.chance(0.7)) out.audience = r.chance(0.7) ? r.pick(['b2b', 'b2c', 'both']) : value(r);
  if (r.chance(0.3)) out.locale = r.chance(0.5) ? r.pick(['en', 'fr']) : value(r);
  if (r.chance(0.1)) out[r.pick(WEIRD_STRINGS)] = value(r);
  return out;
};
/** A body the route accepts (a generated run must reach the write path too, not only its refusals). */
const validTags = (r: Rnd) => {
  const framework = r.pick(['b2b', 'b2c']);
  return {
    stages: r.sample(
      stageIds.filter((id) => id.startsWith(`${framework}:`)),
      1 + r.int(2)
    ),
    audience: r.pick([framework, 'both']),
  };
};
const bulkShape = (uid: string) => (r: Rnd) => {
  if (r.chance(0.25))
    return {
      ...validTags(r),
      documentIds: r.sample(docs[uid] ?? [], 1 + r.int(3)),
      mode: r.pick(['replace', 'add']),
    };
  const out: Record<string, unknown> = tagShape(r);
  if (r.chance(0.9))
    out.documentIds = r.chance(0.7) ? r.sample(docs[uid] ?? [], 1 + r.int(4)) : value(r);
  if (r.chance(0.2))
    out.documentIds = [
      ...(Array.isArray(out.documentIds) ? out.documentIds : []),
      someDocId(r, uid),
    ];
  if (r.chance(0.5)) out.mode = r.chance(0.7) ? r.pick(['replace', 'add']) : value(r);
  return out;
};
const settingsShape = (r: Rnd) => {
  if (r.chance(0.2)) return value(r);
  const stages: Record<string, unknown> = {};
  for (let i = r.int(3); i >= 0; i--) {
    const id = r.chance(0.8) ? validStage(r) : String(value(r));
    const o: Record<string, unknown> = {};
    if (r.chance(0.6)) o.label = r.chance(0.6) ? `Label ${r.int(1000)}` : value(r);
    if (r.chance(0.4)) o.description = r.chance(0.5) ? 'A description' : value(r);
    if (r.chance(0.4)) o.target = r.chance(0.5) ? r.int(20) : value(r);
    if (r.chance(0.15)) o[r.pick(['retired', 'phase', 'key', 'framework', '__proto__'])] = value(r);
    stages[id] = r.chance(0.9) ? o : value(r);
  }
  return { stages };
};
let retires = 0;
const retireShape = (r: Rnd) => {
  const out: Record<string, unknown> = {};
  if (r.chance(0.9)) out.stage = r.chance(0.6) ? validStage(r) : value(r);
  if (r.chance(0.6)) out.moveTo = r.chance(0.6) ? validStage(r) : value(r);
  // Past the budget, a retire that could succeed is made to name no stage.
  if (retires >= RETIRE_BUDGET && typeof out.stage === 'string' && stageIds.includes(out.stage))
    out.stage = `${out.stage}-not`;
  return out;
};

const uidParam = (r: Rnd) => {
  const k = r.int(10);
  if (k < 6) return r.pick(TYPES);
  return r.pick([
    'api::legal-page.legal-page',
    'admin::user',
    'plugin::users-permissions.user',
    'plugin::journey.stage',
    'api::nope.nope',
    'whitepaper',
    'api::whitepaper',
    '..',
    'ü',
    HUGE.slice(0, 500),
    'api::whitepaper.whitepaper%00',
  ]);
};

interface Route {
  method: 'GET' | 'PUT' | 'POST';
  path: (r: Rnd) => { path: string; uid?: string };
  query?: Record<string, (r: Rnd, uid?: string) => unknown>;
  /** Query parameters sent most of the time (a route that needs one is otherwise only ever refused). */
  always?: string[];
  body?: (r: Rnd, uid?: string) => unknown;
  weight: number;
  name: string;
}

const recommendParams = {
  stage: (r: Rnd) => (r.chance(0.7) ? validStage(r) : r.chance(0.5) ? bareStage(r) : value(r)),
  audience: (r: Rnd) => (r.chance(0.6) ? r.pick(['b2b', 'b2c']) : value(r)),
  types: (r: Rnd) =>
    r.chance(0.5)
      ? r
          .sample(
            [
              ...TYPES,
              'whitepapers',
              'blog-posts',
              'legal-pages',
              'api::legal-page.legal-page',
              'admin::user',
            ],
            1 + r.int(3)
          )
          .join(',')
      : value(r),
  limit: (r: Rnd) => (r.chance(0.5) ? String(r.int(60)) : value(r)),
  locale: (r: Rnd) => (r.chance(0.5) ? r.pick(['en', 'fr', 'de']) : value(r)),
  exclude: (r: Rnd) => (r.chance(0.5) ? r.sample(docs[WP], 1 + r.int(3)).join(',') : value(r)),
  fields: (r: Rnd) =>
    r.chance(0.5) ? r.pick(['title', 'title,summary', 'internalNotes', 'password', '*']) : value(r),
  populate: (r: Rnd) =>
    r.chance(0.5)
      ? r.pick(['*', 'journeyStages', 'createdBy', 'localizations', 'deep.nested'])
      : value(r),
};
const typedPath = (suffix: (r: Rnd, uid: string) => string) => (r: Rnd) => {
  const uid = uidParam(r);
  return { path: `/journey/tags/${encodeURIComponent(uid)}${suffix(r, uid)}`, uid };
};

const ROUTES: Route[] = [
  {
    name: 'GET /api/journey/stages',
    method: 'GET',
    path: () => ({ path: '/api/journey/stages' }),
    query: { locale: (r) => value(r), foo: (r) => value(r) },
    weight: 1,
  },
  {
    name: 'GET /api/journey/recommend',
    method: 'GET',
    path: () => ({ path: '/api/journey/recommend' }),
    query: recommendParams,
    always: ['stage'],
    weight: 4,
  },
  {
    name: 'GET /journey/stages',
    method: 'GET',
    path: () => ({ path: '/journey/stages' }),
    query: { locale: (r) => value(r) },
    weight: 1,
  },
  {
    name: 'GET /journey/tags/:uid',
    method: 'GET',
    path: typedPath(() => ''),
    query: {
      // Mostly ids of the path's own type, so well-formed requests are common enough to be accepted.
      documentIds: (r, uid) =>
        r.chance(0.6)
          ? r.sample(docs[uid && docs[uid] ? uid : r.pick(TYPES)], 1 + r.int(4)).join(',')
          : value(r),
      status: (r) => (r.chance(0.5) ? r.pick(['draft', 'published']) : value(r)),
      locale: (r) => (r.chance(0.5) ? r.pick(['en', 'fr']) : value(r)),
    },
    weight: 4,
  },
  {
    name: 'PUT /journey/tags/:uid',
    method: 'PUT',
    path: typedPath(() => ''),
    body: (r, uid) => bulkShape(uid && docs[uid] ? uid : r.pick(TYPES))(r),
    weight: 3,
  },
  {
    name: 'GET /journey/tags/:uid/:documentId',
    method: 'GET',
    path: typedPath(
      (r, uid) => `/${encodeURIComponent(String(someDocId(r, docs[uid] ? uid : undefined)))}`
    ),
    query: {
      status: (r) => (r.chance(0.5) ? r.pick(['draft', 'published']) : value(r)),
      locale: (r) => (r.chance(0.5) ? r.pick(['en', 'fr']) : value(r)),
    },
    weight: 2,
  },
  {
    name: 'PUT /journey/tags/:uid/:documentId',
    method: 'PUT',
    path: typedPath(
      (r, uid) => `/${encodeURIComponent(String(someDocId(r, docs[uid] ? uid : undefined)))}`
    ),
    body: (r) => tagShape(r),
    weight: 3,
  },
  {
    name: 'GET /journey/coverage',
    method: 'GET',
    path: () => ({ path: '/journey/coverage' }),
    query: {
      audience: (r) => (r.chance(0.5) ? r.pick(['b2b', 'b2c', 'all']) : value(r)),
      locale: (r) => (r.chance(0.5) ? r.pick(['en', 'fr', 'de']) : value(r)),
      status: (r) => (r.chance(0.5) ? r.pick(['draft', 'published']) : value(r)),
    },
    weight: 2,
  },
  {
    name: 'GET /journey/settings',
    method: 'GET',
    path: () => ({ path: '/journey/settings' }),
    query: { foo: (r) => value(r) },
    weight: 1,
  },
  {
    name: 'PUT /journey/settings',
    method: 'PUT',
    path: () => ({ path: '/journey/settings' }),
    body: (r) => settingsShape(r),
    weight: 2,
  },
  {
    name: 'POST /journey/settings/retire',
    method: 'POST',
    path: () => ({ path: '/journey/settings/retire' }),
    body: (r) => retireShape(r),
    weight: 2,
  },
];

/** Who calls: admin routes mostly admins, content-API routes mostly visitors (an admin JWT is no content-API token: 401). */
const ADMIN_CALLERS = ['super', 'super', 'restricted', 'anonymous', 'forged'] as const;
const CONTENT_CALLERS = ['anonymous', 'anonymous', 'anonymous', 'forged', 'super'] as const;

// ------------------------------------------------------------------ the run

/** A raw HTTP request (no client library re-encoding the body or the path), never rejecting. */
const send = (
  method: string,
  path: string,
  headers: Record<string, string>,
  payload?: string | Buffer
) =>
  new Promise<{ status: number; text: string; json: any }>((resolve) => {
    const { port } = app.strapi.server.httpServer.address();
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers:
          payload === undefined
            ? headers
            : { ...headers, 'Content-Length': String(Buffer.byteLength(payload)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: any = null;
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? -1, text, json });
        });
      }
    );
    req.setTimeout(30000, () => req.destroy(new Error('no answer in 30 s')));
    req.on('error', (e) => resolve({ status: -1, text: String(e), json: null })); // after a response (e.g. 413 then EPIPE) this is a no-op
    req.end(payload);
  });

interface Outcome {
  n: number;
  route: string;
  who: string;
  url: string;
  sent: string;
  status: number;
  body: string;
  /** `{ data: null, error: { status, name, message } }` */
  strapiShape: boolean;
}

describe(`fuzz: ${REQUESTS} generated requests over every route`, () => {
  const outcomes: Outcome[] = [];
  const server5xx: Outcome[] = [];
  const refusedWrites: Outcome[] = [];
  const perRoute = new Map<string, Record<string, number>>();

  beforeAll(async () => {
    const r = prng(SEED);
    const uids = [...TYPES, 'api::legal-page.legal-page'];
    const weighted = ROUTES.flatMap((route) => Array.from({ length: route.weight }, () => route));
    const t0 = Date.now();
    let snapshotMs = 0;
    let before = await contentChecksum(app, uids);
    /** One generated request on the route, checked; true when it was accepted. */
    const sendOne = async (route: Route, n: number) => {
      const who = r.pick(route.name.includes(' /api/') ? CONTENT_CALLERS : ADMIN_CALLERS);
      const { path, uid } = route.path(r);
      const url =
        path +
        (route.query
          ? query(r, route.query, route.always, uid)
          : r.chance(0.1)
            ? query(r, { x: (rr) => value(rr) })
            : '');
      const headers: Record<string, string> = {};
      const token = tokens[who];
      if (token) headers.Authorization = `Bearer ${token}`;
      if (r.chance(0.1))
        headers['If-None-Match'] = r.pick(['*', '"abc"', 'W/"x", "y"', HUGE.slice(0, 1000)]);
      if (r.chance(0.1))
        headers.Accept = r.pick(['text/html', 'application/xml', '*/*', 'application/json;q=0']);
      let sent = '';
      let payload: string | Buffer | undefined;
      if (route.body) {
        const b = body(r, (rr) => route.body!(rr, uid));
        sent =
          b === undefined
            ? 'no body'
            : b.kind === 'json'
              ? `json ${JSON.stringify(b.data).slice(0, 120)}`
              : `${b.type}${b.encoding ? ` (${b.encoding})` : ''} ${String(b.data).slice(0, 100)}`;
        if (b?.kind === 'json') {
          headers['Content-Type'] = 'application/json';
          payload = JSON.stringify(b.data);
        } else if (b) {
          headers['Content-Type'] = b.type;
          if (b.encoding) headers['Content-Encoding'] = b.encoding;
          payload = b.data;
        }
      }
      const res = await send(route.method, url, headers, payload);
      const outcome: Outcome = {
        n,
        route: route.name,
        who,
        url: url.slice(0, 200),
        sent,
        status: res.status,
        body: res.text.slice(0, 300),
        strapiShape:
          res.json?.data === null &&
          typeof res.json?.error?.status === 'number' &&
          typeof res.json?.error?.message === 'string',
      };
      outcomes.push(outcome);
      const tally = perRoute.get(route.name) ?? {};
      tally[res.status] = (tally[res.status] ?? 0) + 1;
      perRoute.set(route.name, tally);
      if (res.status >= 500 || res.status < 0) server5xx.push(outcome);
      const s0 = Date.now();
      const after = await contentChecksum(app, uids);
      snapshotMs += Date.now() - s0;
      const accepted = (res.status >= 200 && res.status < 300) || res.status === 304;
      const changed = changedTables(before, after);
      if (!accepted && changed.length)
        refusedWrites.push({
          ...outcome,
          body: `wrote ${changed.join(', ')}; answered ${outcome.body}`,
        });
      if (accepted && route.name === 'POST /journey/settings/retire') retires++;
      before = after;
      return accepted;
    };
    // First every route, drawn again until one request is accepted (a well-formed
    // PUT /journey/settings is ~1 in 20 draws: left to chance, a run of 1,050 missed it
    // about once in ten), then weighted picks up to the budget.
    for (const route of ROUTES)
      for (let tries = 0; tries < ACCEPT_TRIES; tries++)
        if (await sendOne(route, outcomes.length)) break;
    while (outcomes.length < REQUESTS) await sendOne(r.pick(weighted), outcomes.length);
    if (process.env.JOURNEY_FUZZ_LOG)
      require('fs').writeFileSync(
        process.env.JOURNEY_FUZZ_LOG,
        JSON.stringify({ outcomes, server5xx, refusedWrites }, null, 1)
      );
    console.log(
      `fuzz.test (${DB}, seed ${SEED}): ${outcomes.length} requests in ${((Date.now() - t0) / 1000).toFixed(1)} s (${(snapshotMs / 1000).toFixed(1)} s of it write checks); status counts per route\n` +
        [...perRoute].map(([k, v]) => `  ${k.padEnd(36)} ${JSON.stringify(v)}`).join('\n')
    );
  });

  it(`sends at least 1,000 requests and reaches every route, accepted and refused`, () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(1000);
    for (const route of ROUTES) {
      const tally = perRoute.get(route.name) ?? {};
      const statuses = Object.keys(tally).map(Number);
      // Accepted as the sender counts it: 2xx, or 304 to a conditional GET (seed 1067457787's
      // only accepted recommend request was a 304).
      const accepted = statuses.some((s) => s < 300 || s === 304);
      expect({ route: route.name, accepted }).toEqual({
        route: route.name,
        accepted: true,
      });
      expect({ route: route.name, refused: statuses.some((s) => s >= 400) }).toEqual({
        route: route.name,
        refused: true,
      });
    }
  });

  it('answers no request with a status ≥ 500', () => {
    expect(server5xx).toEqual([]);
  });

  it('writes nothing for a refused request', () => {
    expect(refusedWrites).toEqual([]);
  });

  it('answers refusals of the plugin’s own validation in Strapi’s error shape', () => {
    const misshapen = outcomes.filter((o) => [400, 403, 404].includes(o.status) && !o.strapiShape);
    expect(misshapen).toEqual([]);
  });
});

/**
 * Kept out of the generated run above on purpose, and reported: Strapi's body parser
 * (koa-body in strapi::body, before any route is chosen) answers a body that is not in
 * the Content-Encoding it claims (gzip, deflate, br) with 500, on every route, Strapi's
 * own included. The plugin cannot catch it (it fails before routing). This pins that the
 * plugin's routes answer such a body exactly as the Content Manager's own route does,
 * and that nothing is written.
 */
describe('a body that is not in the Content-Encoding it claims (Strapi’s body parser, before routing)', () => {
  it('answers on the plugin’s routes as on Strapi’s own Content Manager route, and writes nothing', async () => {
    const uids = [...TYPES, 'api::legal-page.legal-page'];
    const before = await contentChecksum(app, uids);
    const rows: Array<{ encoding: string; route: string; plugin: number; core: number }> = [];
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const headers = {
        Authorization: `Bearer ${tokens.super}`,
        'Content-Type': 'application/json',
        'Content-Encoding': encoding,
      };
      const core = await send(
        'PUT',
        `/content-manager/collection-types/${WP}/${docs[WP][0]}`,
        headers,
        '{"title":"not encoded"}'
      );
      for (const [method, path] of [
        ['PUT', `/journey/tags/${WP}/${docs[WP][0]}`],
        ['PUT', `/journey/tags/${WP}`],
        ['PUT', '/journey/settings'],
        ['POST', '/journey/settings/retire'],
      ]) {
        const mine = await send(method, path, headers, '{"stages":["b2b:research"]}');
        rows.push({
          encoding,
          route: `${method} ${path.replace(/\/[a-z0-9]{24}$/, '/:documentId')}`,
          plugin: mine.status,
          core: core.status,
        });
      }
    }
    if (rows.some((x) => x.core >= 500))
      console.warn(
        `!!! fuzz.test (${DB}): Strapi answers a body not in its claimed Content-Encoding with ${[...new Set(rows.map((x) => x.core))].join('/')} on its own routes too:\n${rows.map((x) => `  ${x.encoding.padEnd(8)} ${x.route.padEnd(60)} plugin ${x.plugin}, Content Manager ${x.core}`).join('\n')}`
      );
    expect(rows.filter((x) => x.plugin !== x.core)).toEqual([]);
    expect(changedTables(before, await contentChecksum(app, uids))).toEqual([]);
  });
});
