/**
 * The compatibility smoke suite, run over HTTP against a scratch Strapi app that installed the
 * packed plugin (scripts/compat-check.sh). Prints one `ok:` or `FAILED:` line per check and
 * exits non-zero on any failure. Nothing here imports the plugin: it is a user's view.
 *
 *   node smoke.js <base url> <admin email> <admin password> [--graphql]
 */
const [base, email, password, ...flags] = process.argv.slice(2);
let failed = 0;
let passed = 0;
const ok = (name) => {
  passed += 1;
  console.log(`ok: ${name}`);
};
const bad = (name, why) => {
  failed += 1;
  console.log(`FAILED: ${name}: ${why}`);
};

const call = async (method, path, { token, body } = {}) => {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, text };
};

/** One check: the status, then an assertion on the body (a boolean, or a string saying what is wrong). */
const check = async (name, method, path, status, assert = () => true, opts) => {
  try {
    const res = await call(method, path, opts);
    if (res.status !== status)
      return bad(name, `HTTP ${res.status}, expected ${status}: ${res.text.slice(0, 300)}`);
    const verdict = assert(res.body);
    if (verdict === true) return ok(name);
    bad(
      name,
      `${typeof verdict === 'string' ? verdict : 'unexpected body'}: ${res.text.slice(0, 300)}`
    );
  } catch (error) {
    bad(name, String(error?.stack ?? error));
  }
};

/** Strapi's error shape, naming the parameter. */
const strapiError = (status, param) => (b) =>
  b?.data === null &&
  b?.error?.status === status &&
  typeof b.error.name === 'string' &&
  typeof b.error.message === 'string' &&
  (param === undefined ||
    String(b.error.details?.param).split(/[.[]/)[0] === param ||
    `details.param is ${b?.error?.details?.param}`);

const UID = 'api::article.article';

(async () => {
  await check(
    'GET /api/journey/stages: the taxonomy',
    'GET',
    '/api/journey/stages',
    200,
    (b) =>
      b.data.phases.length === 5 &&
      b.data.frameworks.some((f) => f.stages.some((s) => s.id === 'b2c:awareness'))
  );

  let articleId;
  await check(
    'GET /api/journey/recommend: the tagged, published article (an unreadable type is left out, not a 500)',
    'GET',
    '/api/journey/recommend?stage=awareness&limit=5',
    200,
    (b) => {
      articleId = b.data[0]?.documentId;
      return (
        (b.data.length === 1 &&
          b.data[0].title === 'Smoke article' &&
          b.data[0].journey.match === 'exact') ||
        'expected the one article'
      );
    }
  );
  await check(
    "GET /api/journey/recommend?stage=nope: 400 in Strapi's shape naming stage",
    'GET',
    '/api/journey/recommend?stage=nope',
    400,
    strapiError(400, 'stage')
  );
  await check(
    'GET /api/journey/recommend?limit=99: 400 naming limit',
    'GET',
    '/api/journey/recommend?stage=awareness&limit=99',
    400,
    strapiError(400, 'limit')
  );
  await check(
    "GET /api/journey/recommend?types=<a type the Public role may not find>: 403 in Strapi's shape",
    'GET',
    '/api/journey/recommend?stage=awareness&types=api::memo.memo',
    403,
    strapiError(403, 'types')
  );
  await check(
    "GET /api/journey/recommend?fields=nope: 400 (Strapi's own query validation)",
    'GET',
    '/api/journey/recommend?stage=awareness&fields=nope',
    400,
    strapiError(400)
  );
  await check(
    'GET /api/journey/recommend?stage=auto&seen=<the article>: 200, the seen entry left out',
    'GET',
    `/api/journey/recommend?stage=auto&seen=${articleId}`,
    200,
    (b) =>
      (Array.isArray(b.data) && !b.data.some((e) => e.documentId === articleId)) ||
      'the seen article came back'
  );
  await check(
    'GET /api/journey/visitor?seen=<the article>: the stage inferred from it',
    'GET',
    `/api/journey/visitor?seen=${articleId}`,
    200,
    (b) => JSON.stringify(b.data).includes('awareness') || 'no awareness in the inference'
  );
  await check(
    'GET /api/journey/visitor?seen=<bad id>: 400 naming seen',
    'GET',
    '/api/journey/visitor?seen=' + encodeURIComponent('not an id!'),
    400,
    strapiError(400, 'seen')
  );

  const login = await call('POST', '/admin/login', { body: { email, password } });
  const token = login.body?.data?.token;
  if (!token) bad('POST /admin/login', `HTTP ${login.status}: ${login.text.slice(0, 200)}`);
  else ok('POST /admin/login: an admin session');
  const admin = { token };

  const draft = await call('POST', `/content-manager/collection-types/${UID}`, {
    token,
    body: { title: 'Smoke draft' },
  });
  const draftId = draft.body?.data?.documentId;
  if (!draftId)
    bad('a draft through the Content Manager', `HTTP ${draft.status}: ${draft.text.slice(0, 200)}`);
  await check(
    'PUT /journey/tags: stages and audience on the draft',
    'PUT',
    `/journey/tags/${UID}/${draftId}`,
    200,
    (b) =>
      (b.data.stages?.[0] === 'b2b:research' && b.data.audience === 'b2b') || 'tags not as written',
    { ...admin, body: { stages: ['b2b:research'], audience: 'b2b' } }
  );
  await check(
    'GET /journey/tags: the tags read back',
    'GET',
    `/journey/tags/${UID}/${draftId}`,
    200,
    (b) =>
      (b.data.stages?.includes('b2b:research') && b.data.audience === 'b2b') ||
      'tags not read back',
    admin
  );
  await check(
    'PUT /journey/tags with an unknown stage: 400 naming stages, nothing changed',
    'PUT',
    `/journey/tags/${UID}/${draftId}`,
    400,
    strapiError(400, 'stages'),
    { ...admin, body: { stages: ['b2b:nope'], audience: 'b2c' } }
  );
  await check(
    'GET /journey/tags after the refused write: unchanged',
    'GET',
    `/journey/tags/${UID}/${draftId}`,
    200,
    (b) =>
      (b.data.stages?.join() === 'b2b:research' && b.data.audience === 'b2b') || 'tags changed',
    admin
  );
  await check(
    'GET /journey/coverage?status=draft: the draft counted in its cell',
    'GET',
    '/journey/coverage?status=draft&audience=b2b',
    200,
    (b) => {
      const row = b.data.rows.find((r) => r.uid === UID);
      return (
        (row && row.cells['b2b:research']?.count === 1) ||
        `row ${JSON.stringify(row)?.slice(0, 200)}`
      );
    },
    admin
  );
  await check(
    'GET /journey/coverage?audience=nope: 400 naming audience',
    'GET',
    '/journey/coverage?audience=nope',
    400,
    strapiError(400, 'audience'),
    admin
  );
  await check(
    'GET /journey/suggest: suggestions for the draft',
    'GET',
    `/journey/suggest/${UID}/${draftId}`,
    200,
    (b) => Array.isArray(b.data?.suggestions ?? b.data) || 'no suggestion list',
    admin
  );
  await check('GET /journey/coverage without a session: 401', 'GET', '/journey/coverage', 401);

  if (flags.includes('--graphql')) {
    const gql = await call('POST', '/graphql', {
      body: {
        query: '{ journeyRecommend(stage: "awareness") { data { documentId journey { match } } } }',
      },
    });
    const served = gql.body?.data?.journeyRecommend?.data ?? [];
    if (gql.status === 200 && served.length === 1 && served[0].documentId === articleId)
      ok('GraphQL journeyRecommend: the article');
    else bad('GraphQL journeyRecommend', `HTTP ${gql.status}: ${gql.text.slice(0, 300)}`);
    const wrong = await call('POST', '/graphql', {
      body: { query: '{ journeyRecommend(stage: "nope") { data { documentId } } }' },
    });
    const code = wrong.body?.errors?.[0]?.extensions?.code;
    if (code === 'BAD_USER_INPUT') ok('GraphQL journeyRecommend(stage: "nope"): BAD_USER_INPUT');
    else
      bad(
        'GraphQL journeyRecommend(stage: "nope")',
        `HTTP ${wrong.status}: ${wrong.text.slice(0, 300)}`
      );
  }

  console.log(`smoke: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
