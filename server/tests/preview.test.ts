import {
  startApp,
  grantPublic,
  createEntry,
  ensureLocale,
  adminToken,
  type TestApp,
  namedEntries,
} from './helpers/strapi';

/**
 * "Preview as a visitor" (GET /journey/preview): the public endpoint's answer for a
 * Users & Permissions role, plus why entries a marketer expects were not served.
 */
const CS = 'api::case-study.case-study';
let app: TestApp;
let token: string;
let authenticatedRoleId: number;
const ids: Record<string, string> = {};

const preview = (query: Record<string, string>, t = token) =>
  app.request().get('/journey/preview').query(query).set('Authorization', `Bearer ${t}`);
const recommend = (query: Record<string, string>) =>
  app.request().get('/api/journey/recommend').query(query);
const whyNotOf = (res: any, key: string) =>
  res.body.meta.whyNot.find((w: any) => w.documentId === ids[key]);
const codes = (res: any, key: string) => whyNotOf(res, key)?.reasons.map((r: any) => r.code);

beforeAll(async () => {
  app = await startApp();
  await ensureLocale(app, 'fr');
  await grantPublic(app, [
    'plugin::journey.recommend.find',
    'api::whitepaper.whitepaper.find',
    'api::blog-post.blog-post.find',
  ]);
  // The Authenticated role may also read case studies.
  const authenticated = await app.strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } });
  authenticatedRoleId = authenticated.id;
  for (const action of [
    'plugin::journey.recommend.find',
    'api::whitepaper.whitepaper.find',
    'api::blog-post.blog-post.find',
    `${CS}.find`,
  ]) {
    await app.strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action, role: authenticated.id } });
  }
  const add = namedEntries(app, ids);
  await add('W_exact', 'whitepaper', ['b2b:research'], 'b2b');
  await add('W_both', 'whitepaper', ['b2b:research'], 'both');
  await add('B_exact', 'blog-post', ['b2b:research'], 'b2b');
  await add('C_exact', 'case-study', ['b2b:research'], 'b2b');
  await add('W_draft', 'whitepaper', ['b2b:research'], 'b2b', { publish: false });
  await add('W_b2c', 'whitepaper', ['b2b:research'], 'b2c');
  await add('B_fr', 'blog-post', ['b2b:research'], 'b2b', { locale: 'fr' });
  await add('W_retired', 'whitepaper', ['b2b:post-purchase'], 'b2b');
  await add('W_retagged', 'whitepaper', ['b2b:post-purchase'], 'b2b');
  // Its draft moves to research; the published version still says post-purchase (two phases away).
  await app.strapi
    .plugin('journey')
    .service('tags')
    .set('api::whitepaper.whitepaper', ids.W_retagged, {
      stages: ['b2b:research'],
      audience: 'b2b',
    });
  token = await adminToken(app);
});
afterAll(() => app?.stop());

describe("the ranked list is the endpoint's", () => {
  it('serves, for the Public role, the same entries in the same order, with reasons, as GET /api/journey/recommend', async () => {
    const query = { stage: 'research', audience: 'b2b', limit: '20' };
    const [pre, pub] = await Promise.all([preview(query), recommend(query)]);
    expect(pre.status).toBe(200);
    expect(pub.status).toBe(200);
    expect(pre.body.data).toEqual(pub.body.data);
    expect(pre.body.data.map((d: any) => d.title)).toEqual(['W_exact', 'B_exact', 'W_both']);
    expect(pre.body.data[0].journey.reason).toBe(
      'tagged Research (B2B), for B2B; whitepaper suits consideration'
    );
    const { preview: who, whyNot, ...meta } = pre.body.meta;
    expect(meta).toEqual(pub.body.meta);
    expect(who).toMatchObject({ role: { type: 'public' }, endpointStatus: 200 });
    expect(Array.isArray(whyNot)).toBe(true);
  });

  it('with another role, serves what that role may find', async () => {
    const res = await preview({
      stage: 'research',
      audience: 'b2b',
      limit: '20',
      role: String(authenticatedRoleId),
    });
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: any) => d.title)).toContain('C_exact');
    expect(res.body.meta.types).toContain(CS);
    expect(res.body.meta.preview.role).toMatchObject({
      id: authenticatedRoleId,
      type: 'authenticated',
    });
    expect(codes(res, 'C_exact')).toBeUndefined();
  });

  it("visitor signals pass through: stage=auto with seen gives the endpoint's answer", async () => {
    const query = { stage: 'auto', seen: ids.W_exact, audience: 'b2b', limit: '10' };
    const [pre, pub] = await Promise.all([preview(query), recommend(query)]);
    expect(pub.status).toBe(200);
    expect(pre.status).toBe(200);
    expect(pre.body.data).toEqual(pub.body.data);
    const { preview: _who, whyNot: _why, ...meta } = pre.body.meta;
    expect(meta).toEqual(pub.body.meta);
  });

  it('passes recommend parameters through (limit, exclude, types)', async () => {
    const res = await preview({
      stage: 'b2b:research',
      audience: 'b2b',
      limit: '1',
      types: 'whitepapers',
      exclude: ids.W_exact,
    });
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: any) => d.title)).toEqual(['W_both']);
    expect(codes(res, 'W_exact')).toEqual(['excluded']);
    expect(codes(res, 'B_exact')).toEqual(['type-not-requested']);
  });
});

describe('why not', () => {
  let res: any;
  beforeAll(async () => {
    res = await preview({ stage: 'research', audience: 'b2b', limit: '20' });
  });

  it('a draft-only entry', () => {
    expect(codes(res, 'W_draft')).toEqual(['draft-only']);
    expect(whyNotOf(res, 'W_draft')).toMatchObject({
      title: 'W_draft',
      contentType: 'api::whitepaper.whitepaper',
    });
  });

  it('an entry for the other audience', () => {
    expect(codes(res, 'W_b2c')).toEqual(['other-audience']);
    expect(whyNotOf(res, 'W_b2c').reasons[0].message).toBe('tagged for b2c; this visitor is b2b');
  });

  it('an entry only in another locale', () => {
    expect(codes(res, 'B_fr')).toEqual(['other-locale']);
    expect(whyNotOf(res, 'B_fr').reasons[0].message).toBe('not in en: exists only in fr');
  });

  it('in that locale, the same entry is served and the English ones are explained', async () => {
    const fr = await preview({ stage: 'research', audience: 'b2b', limit: '20', locale: 'fr' });
    expect(fr.body.data.map((d: any) => d.title)).toContain('B_fr');
    expect(codes(fr, 'B_exact')).toEqual(['other-locale']);
  });

  it('a type the role may not find', () => {
    expect(codes(res, 'C_exact')).toEqual(['type-not-readable']);
    expect(whyNotOf(res, 'C_exact').reasons[0].message).toMatch(/not readable by the Public role/);
  });

  it('entries ranked below the limit', async () => {
    const one = await preview({ stage: 'research', audience: 'b2b', limit: '1' });
    expect(one.body.data.map((d: any) => d.title)).toEqual(['W_exact']);
    expect(codes(one, 'B_exact')).toEqual(['below-limit']);
    expect(codes(one, 'W_both')).toEqual(['below-limit']);
  });

  it('an entry whose draft was re-tagged but not published', () => {
    expect(codes(res, 'W_retagged')).toEqual(['unpublished-change']);
  });

  it('served entries are never listed', () => {
    for (const d of res.body.data)
      expect(res.body.meta.whyNot.map((w: any) => w.documentId)).not.toContain(d.documentId);
  });

  it('an entry tagged only with a retired stage of the phase', async () => {
    // The stage leaves the taxonomy as a config edit would retire it; entries keep their link.
    await app.strapi.db.query('plugin::journey.stage').update({
      where: { stageId: 'b2b:post-purchase' },
      data: { retiredOverride: true, retired: true },
    });
    const r = await preview({ stage: 'b2c:retention', audience: 'b2b', limit: '5' });
    expect(r.status).toBe(200);
    expect(r.body.data.map((d: any) => d.title)).not.toContain('W_retired');
    expect(codes(r, 'W_retired')).toEqual(['retired-stage']);
    expect(whyNotOf(r, 'W_retired').reasons[0].message).toMatch(/b2b:post-purchase/);
  });
});

describe('what the endpoint itself would answer', () => {
  it('a role that may read whitepapers but not call recommend: endpointStatus 403, the list it would serve once allowed', async () => {
    const role = await app.strapi.db
      .query('plugin::users-permissions.role')
      .create({ data: { name: 'Readers', description: 'find only', type: 'readers' } });
    await app.strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action: 'api::whitepaper.whitepaper.find', role: role.id } });
    const res = await preview({
      stage: 'research',
      audience: 'b2b',
      limit: '20',
      role: String(role.id),
    });
    expect(res.status).toBe(200);
    expect(res.body.meta.preview).toMatchObject({
      role: { id: role.id, name: 'Readers' },
      endpointStatus: 403,
    });
    expect(res.body.data.map((d: any) => d.title)).toEqual(['W_exact', 'W_both']);
    expect(codes(res, 'B_exact')).toEqual(['type-not-readable']);
  });
});

describe('roles, access and bad input', () => {
  it('lists Users & Permissions roles for the picker', async () => {
    const res = await app
      .request()
      .get('/journey/preview/roles')
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: any) => r.type)).toEqual(
      expect.arrayContaining(['public', 'authenticated'])
    );
    expect(Object.keys(res.body.data[0]).sort()).toEqual(['id', 'name', 'type']);
  });

  it('401 without an admin session, 403 without coverage.read', async () => {
    expect((await app.request().get('/journey/preview').query({ stage: 'research' })).status).toBe(
      401
    );
    expect((await app.request().get('/journey/preview/roles')).status).toBe(401);
    const roles = app.strapi.admin.services.role;
    const nobody = await roles.create({ name: 'No coverage', description: 'nothing' });
    const nobodyToken = await adminToken(app, { roleId: nobody.id });
    expect((await preview({ stage: 'research' }, nobodyToken)).status).toBe(403);
    expect(
      (
        await app
          .request()
          .get('/journey/preview/roles')
          .set('Authorization', `Bearer ${nobodyToken}`)
      ).status
    ).toBe(403);
    const reader = await roles.create({ name: 'Coverage reader', description: 'coverage only' });
    await roles.assignPermissions(reader.id, [{ action: 'plugin::journey.coverage.read' }]);
    expect(
      (await preview({ stage: 'research' }, await adminToken(app, { roleId: reader.id }))).status
    ).toBe(200);
  });

  it.each([
    [{ stage: 'research', role: '99999' }, 'role'],
    [{ stage: 'research', role: 'public' }, 'role'],
    [{ stage: 'nope' }, 'stage'],
    [{}, 'stage'],
    [{ stage: 'research', audience: 'both' }, 'audience'],
    [{ stage: 'research', limit: '0' }, 'limit'],
    [{ stage: 'research', locale: 'de' }, 'locale'],
    [{ stage: 'research', color: 'red' }, 'color'],
  ])('%j → 400 naming %s', async (query, param) => {
    const res = await preview(query as any);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      data: null,
      error: { status: 400, name: 'ValidationError', details: { param } },
    });
    expect(res.body.error.message).toContain(param);
  });

  it('a requested type the role may not read → 403 naming types, as the endpoint answers', async () => {
    const res = await preview({ stage: 'research', types: 'case-studies' });
    expect(res.status).toBe(403);
    expect(res.body.error.details).toMatchObject({ param: 'types' });
  });
});

// Last: these change the site's content and the Public role.
describe('bounds and a Public role with no permission', () => {
  it('explains at most 20 entries, however many are tagged for the stage', async () => {
    for (let i = 0; i < 25; i++)
      await createEntry(app, 'whitepaper', {
        title: `Bulk draft ${i}`,
        stages: ['b2b:research'],
        audience: 'b2b',
      });
    const res = await preview({ stage: 'research', audience: 'b2b' });
    expect(res.status).toBe(200);
    expect(res.body.meta.whyNot).toHaveLength(20);
    // Shared out over types: the blog post and case study are still explained.
    expect(codes(res, 'C_exact')).toEqual(['type-not-readable']);
    expect(codes(res, 'B_fr')).toEqual(['other-locale']);
  });

  it('a Public role with no permission at all: the endpoint answers 401, the preview says so and serves nothing', async () => {
    const role = await app.strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'public' } });
    await app.strapi.db
      .query('plugin::users-permissions.permission')
      .deleteMany({ where: { role: role.id } });
    expect((await recommend({ stage: 'research' })).status).toBe(401);
    const res = await preview({ stage: 'research', audience: 'b2b', limit: '20' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    expect(res.body.meta.preview.endpointStatus).toBe(401);
    expect(res.body.meta.whyNot.length).toBeGreaterThan(0);
    for (const w of res.body.meta.whyNot) expect(w.reasons[0].code).toBe('type-not-readable');
    expect(codes(res, 'B_exact')).toEqual(['type-not-readable']);
  });
});
