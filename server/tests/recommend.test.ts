import { startApp, grantPublic, ensureLocale, type TestApp, namedEntries } from './helpers/strapi';

const WP = 'api::whitepaper.whitepaper';
let app: TestApp;
const ids: Record<string, string> = {};

const recommend = (query: Record<string, string> | string) =>
  app.request().get('/api/journey/recommend').query(query);
const titles = (res: any) => res.body.data.map((d: any) => d.title);

beforeAll(async () => {
  app = await startApp();
  await ensureLocale(app, 'fr');
  await grantPublic(app, [
    'plugin::journey.recommend.find',
    'api::whitepaper.whitepaper.find',
    'api::blog-post.blog-post.find',
    // case-study.find deliberately not granted
  ]);
  const add = namedEntries(app, ids);
  await add('W_exact_old', 'whitepaper', ['b2b:research'], 'b2b');
  await add('W_exact_new', 'whitepaper', ['b2b:research'], 'b2b');
  await add('W_both', 'whitepaper', ['b2b:research'], 'both');
  await add('B_exact', 'blog-post', ['b2b:research'], 'b2b');
  await add('W_phase', 'whitepaper', ['b2c:consideration'], 'both');
  await add('W_next', 'whitepaper', ['b2b:selection'], 'b2b');
  await add('W_prev', 'whitepaper', ['b2b:problem-recognition'], 'b2b');
  await add('W_far', 'whitepaper', ['b2b:post-purchase'], 'b2b');
  await add('W_other', 'whitepaper', ['b2b:research'], 'b2c');
  await add('C_exact', 'case-study', ['b2b:research'], 'b2b');
  await add('W_draft', 'whitepaper', ['b2b:research'], 'b2b', { publish: false });
  await add('W_drafttags', 'whitepaper', ['b2b:post-purchase'], 'b2b');
  await add('B_fr', 'blog-post', ['b2b:research'], 'b2b', { locale: 'fr' });
  // The draft of a published document is re-tagged to research: only published tags count.
  await app.strapi
    .plugin('journey')
    .service('tags')
    .set(WP, ids.W_drafttags, { stages: ['b2b:research'], audience: 'b2b' });
});
afterAll(() => app?.stop());

describe('ranking', () => {
  it('orders exact > phase > next phase > previous phase; audience exact > both; affinity; newest', async () => {
    const res = await recommend({ stage: 'research', audience: 'b2b', limit: '20' });
    expect(res.status).toBe(200);
    expect(titles(res)).toEqual([
      'W_exact_new',
      'W_exact_old',
      'B_exact',
      'W_both',
      'W_phase',
      'W_next',
      'W_prev',
    ]);
    expect(res.body.data.map((d: any) => d.journey.match)).toEqual([
      'exact',
      'exact',
      'exact',
      'exact',
      'phase',
      'adjacent',
      'adjacent',
    ]);
    expect(res.body.data[0]).toMatchObject({
      documentId: ids.W_exact_new,
      contentType: WP,
      journey: { stages: ['b2b:research'], audience: 'b2b' },
    });
    expect(res.body.data[0].journey.reason).toBe(
      'tagged Research (B2B), for B2B; whitepaper suits consideration'
    );
    expect(res.body.data[2].journey.reason).toMatch(
      /blog post is not a typical format for consideration/
    );
    expect(res.body.meta).toMatchObject({
      stage: 'b2b:research',
      phase: 'consideration',
      audience: 'b2b',
      fallback: true,
      count: 7,
    });
  });

  it('never serves the other audience, drafts, unpublished re-tags, or phases two steps away', async () => {
    const res = await recommend({ stage: 'b2b:research', audience: 'b2b', limit: '50' });
    const served = titles(res);
    for (const t of ['W_other', 'W_draft', 'W_drafttags', 'W_far']) expect(served).not.toContain(t);
  });

  it('gives the same order for the same request, and the same ETag', async () => {
    const a = await recommend({ stage: 'research', audience: 'b2b', limit: '20' });
    const b = await recommend({ stage: 'research', audience: 'b2b', limit: '20' });
    expect(titles(b)).toEqual(titles(a));
    expect(b.headers.etag).toBe(a.headers.etag);
  });

  it('fills limit from exact matches without a fallback', async () => {
    const res = await recommend({ stage: 'research', audience: 'b2b' });
    expect(titles(res)).toEqual(['W_exact_new', 'W_exact_old', 'B_exact']);
    expect(res.body.meta).toMatchObject({ fallback: false, count: 3 });
  });

  it('without an audience, audience does not rank: the newest exact match comes first whatever the limit', async () => {
    const all = await recommend({ stage: 'b2b:research', limit: '50' });
    const exact = all.body.data
      .filter((d: any) => d.journey.match === 'exact')
      .map((d: any) => d.title);
    // Whitepapers (affinity) newest first, then the blog post; W_other (b2c) is the newest.
    expect(exact).toEqual(['W_other', 'W_both', 'W_exact_new', 'W_exact_old', 'B_exact']);
    const one = await recommend({ stage: 'b2b:research', limit: '1', types: 'whitepapers' });
    expect(titles(one)).toEqual(['W_other']);
  });

  it('without an audience, serves every audience', async () => {
    const res = await recommend({ stage: 'b2b:research', limit: '50' });
    expect(titles(res)).toEqual(expect.arrayContaining(['W_other', 'W_both', 'W_exact_new']));
  });
});

describe('parameters', () => {
  it('types takes plural API names and uids', async () => {
    const byName = await recommend({
      stage: 'research',
      audience: 'b2b',
      types: 'blog-posts',
      limit: '10',
    });
    expect(titles(byName)).toEqual(['B_exact']);
    expect(byName.body.meta).toMatchObject({ fallback: true, types: ['api::blog-post.blog-post'] });
    const byUid = await recommend({ stage: 'research', audience: 'b2b', types: WP, limit: '2' });
    expect(titles(byUid)).toEqual(['W_exact_new', 'W_exact_old']);
  });

  it('exclude drops documents the visitor has seen', async () => {
    const res = await recommend({
      stage: 'research',
      audience: 'b2b',
      exclude: `${ids.W_exact_new},${ids.B_exact}`,
    });
    expect(titles(res)).toEqual(['W_exact_old', 'W_both', 'W_phase']);
    expect(res.body.meta.fallback).toBe(true);
  });

  it('locale=fr serves the fr blog post, and only then', async () => {
    const fr = await recommend({ stage: 'research', audience: 'b2b', locale: 'fr', limit: '10' });
    expect(titles(fr)).toContain('B_fr');
    expect(titles(fr)).not.toContain('B_exact');
    const en = await recommend({ stage: 'research', audience: 'b2b', limit: '10' });
    expect(titles(en)).not.toContain('B_fr');
  });

  it('fields limits the attributes, as in Strapi’s REST API', async () => {
    const res = await recommend({ stage: 'research', audience: 'b2b', 'fields[0]': 'title' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data[0]).sort()).toEqual(
      expect.arrayContaining(['title', 'documentId', 'contentType', 'journey'])
    );
    expect(res.body.data[0].summary).toBeUndefined();
  });

  it('fields and populate accept the same forms as Strapi’s REST API', async () => {
    for (const query of [
      { fields: 'title' },
      { fields: 'title,summary' },
      { 'fields[0]': 'title' },
    ] as Record<string, string>[]) {
      const res = await recommend({ stage: 'research', audience: 'b2b', ...query });
      expect(res.status).toBe(200);
      expect(res.body.data[0].title).toBeDefined();
      expect(res.body.data[0].body).toBeUndefined();
    }
    for (const query of [
      { populate: '*' },
      { populate: 'localizations' },
      { 'populate[0]': 'localizations' },
    ] as Record<string, string>[]) {
      const res = await recommend({
        stage: 'research',
        audience: 'b2b',
        types: 'blog-posts',
        ...query,
      });
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body.data[0].localizations)).toBe(true);
    }
  });

  it('a stage with no content answers 200 with empty data', async () => {
    const res = await recommend({ stage: 'advocacy', audience: 'b2c' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      data: [],
      meta: { stage: 'b2c:advocacy', phase: 'advocacy', count: 0, fallback: true },
    });
  });
});

describe('security', () => {
  it('never returns private fields', async () => {
    const res = await recommend({ stage: 'research', audience: 'b2b', limit: '50' });
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.body)).not.toMatch(/internalNotes|secret note/);
  });

  it('does not serve or reveal a type whose find is not granted', async () => {
    const res = await recommend({ stage: 'research', audience: 'b2b', limit: '50' });
    expect(titles(res)).not.toContain('C_exact');
    expect(res.body.meta.types).toEqual(['api::blog-post.blog-post', 'api::whitepaper.whitepaper']);
    const asked = await recommend({ stage: 'research', audience: 'b2b', types: 'case-studies' });
    expect(asked.status).toBe(403);
    expect(asked.body.error).toMatchObject({
      status: 403,
      name: 'ForbiddenError',
      details: { param: 'types' },
    });
  });

  it('is forbidden to a role that was not granted the route', async () => {
    await app.strapi.db
      .query('plugin::users-permissions.permission')
      .delete({ where: { action: 'plugin::journey.recommend.find' } });
    const res = await recommend({ stage: 'research', audience: 'b2b' });
    expect(res.status).toBe(403);
    await grantPublic(app, ['plugin::journey.recommend.find']);
  });
});

describe('HTTP caching', () => {
  it('keeps CORS’s Vary: Origin and adds Authorization', async () => {
    const res = await app
      .request()
      .get('/api/journey/recommend')
      .query({ stage: 'research' })
      .set('Origin', 'https://a.example');
    expect(res.status).toBe(200);
    expect(res.headers.vary).toMatch(/Origin/);
    expect(res.headers.vary).toMatch(/Authorization/);
  });

  it('an API token answer is private and serves every type the token may read', async () => {
    const token = await app.strapi
      .service('admin::api-token')
      .create({ name: 'rec', type: 'read-only', lifespan: null, description: '' });
    const res = await app
      .request()
      .get('/api/journey/recommend')
      .query({ stage: 'research', audience: 'b2b', limit: '50' })
      .set('Authorization', `Bearer ${token.accessKey}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(titles(res)).toContain('C_exact');
    expect(JSON.stringify(res.body)).not.toMatch(/internalNotes|secret note/);
  });

  it('sends an ETag and Cache-Control, and answers 304 to a matching If-None-Match', async () => {
    const first = await recommend({ stage: 'research', audience: 'b2b' });
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    const again = await app
      .request()
      .get('/api/journey/recommend')
      .query({ stage: 'research', audience: 'b2b' })
      .set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const other = await app
      .request()
      .get('/api/journey/recommend')
      .query({ stage: 'selection', audience: 'b2b' })
      .set('If-None-Match', first.headers.etag);
    expect(other.status).toBe(200);
  });
});

describe('bad input answers 4xx naming the parameter', () => {
  const cases: Array<[string, string, number, string, RegExp]> = [
    [
      'no stage',
      'audience=b2b',
      400,
      'stage',
      /stage is required unless visitor signals .* are given: one of b2b:problem-recognition/,
    ],
    ['unknown stage id', 'stage=b2b:nope', 400, 'stage', /"b2b:nope" is not a stage.*b2b:research/],
    [
      'unknown bare stage',
      'stage=nope&audience=b2b',
      400,
      'stage',
      /not a stage for audience b2b.*research/,
    ],
    ['malformed stage', 'stage=%3A%3A', 400, 'stage', /not a stage/],
    ['audience both', 'stage=research&audience=both', 400, 'audience', /b2b or b2c/],
    ['audience outside b2b|b2c', 'stage=research&audience=b2x', 400, 'audience', /b2b or b2c/],
    ['limit 0', 'stage=research&limit=0', 400, 'limit', /1 to 50/],
    ['limit 51', 'stage=research&limit=51', 400, 'limit', /1 to 50/],
    ['limit not a number', 'stage=research&limit=abc', 400, 'limit', /1 to 50/],
    ['limit fractional', 'stage=research&limit=1.5', 400, 'limit', /1 to 50/],
    ['unknown type', 'stage=research&types=podcasts', 400, 'types', /blog-posts, whitepapers/],
    [
      'too many excluded ids',
      `stage=research&exclude=${Array.from({ length: 101 }, (_, i) => `id${i}`).join(',')}`,
      400,
      'exclude',
      /at most 100/,
    ],
    ['repeated stage', 'stage=research&stage=selection', 400, 'stage', /once/],
    ['repeated limit', 'stage=research&limit=2&limit=3', 400, 'limit', /once/],
    [
      'unknown parameter',
      'stage=research&sort=title',
      400,
      'sort',
      /stage, audience, types, limit, locale, exclude, fields, populate/,
    ],
    ['unknown locale', 'stage=research&locale=de', 400, 'locale', /en, fr/],
  ];
  it.each(cases)('%s', async (_label, qs, status, param, message) => {
    const res = await app.request().get(`/api/journey/recommend?${qs}`);
    expect(res.status).toBe(status);
    expect(res.body.data).toBeNull();
    expect(res.body.error).toMatchObject({ status, details: { param } });
    expect(res.body.error.message).toMatch(message);
  });

  it('an invalid or private field answers 400', async () => {
    for (const field of ['nope', 'internalNotes']) {
      const res = await recommend({ stage: 'research', 'fields[0]': field });
      expect(res.status).toBe(400);
      expect(res.body.error.status).toBe(400);
    }
  });
});
