import {
  startApp,
  adminToken,
  grantPublic,
  createEntry,
  ensureLocale,
  type TestApp,
} from './helpers/strapi';

const WP = 'api::whitepaper.whitepaper';
const BLOG = 'api::blog-post.blog-post';

let app: TestApp;
let token: string;
const auth = () => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app);
  await ensureLocale(app, 'fr');
});
afterAll(() => app?.stop());

describe('a plain boot on an empty database', () => {
  it('loads no demo content: the demo command alone does', async () => {
    for (const uid of [BLOG, WP, 'api::case-study.case-study', 'api::legal-page.legal-page']) {
      expect(await app.strapi.db.query(uid).count({})).toBe(0);
    }
    expect(
      await app.strapi.db.query('admin::user').count({ where: { email: 'admin@journey.local' } })
    ).toBe(0);
  });
});

describe('before the Public role is granted anything', () => {
  it('GET /api/journey/stages answers 403', async () => {
    const res = await app.request().get('/api/journey/stages');
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ status: 403, name: 'ForbiddenError' });
  });
});

describe('journey attributes', () => {
  it('are added to every api:: collection type except the one that opted out', () => {
    for (const uid of [BLOG, WP, 'api::case-study.case-study']) {
      const attrs = app.strapi.contentTypes[uid].attributes;
      expect(attrs.journeyStages).toMatchObject({
        type: 'relation',
        relation: 'manyToMany',
        target: 'plugin::journey.stage',
      });
      expect(attrs.journeyAudience).toMatchObject({
        type: 'enumeration',
        enum: ['b2b', 'b2c', 'both'],
        default: 'both',
      });
    }
    const legal = app.strapi.contentTypes['api::legal-page.legal-page'].attributes;
    expect(legal.journeyStages).toBeUndefined();
    expect(legal.journeyAudience).toBeUndefined();
  });

  it('default the audience to both', async () => {
    const id = await createEntry(app, 'whitepaper', { title: 'Defaults' });
    const res = await app.request().get(`/journey/tags/${WP}/${id}`).set(auth());
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      stages: [],
      primary: null,
      audience: 'both',
      status: 'draft',
    });
  });
});

describe('tag API', () => {
  it('writes stages (first = primary) and audience that read back through the Document Service', async () => {
    const id = await createEntry(app, 'whitepaper', { title: 'Tag me' });
    const res = await app
      .request()
      .put(`/journey/tags/${WP}/${id}`)
      .set(auth())
      .send({ stages: ['b2b:research', 'b2b:consideration'], audience: 'b2b' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      stages: ['b2b:research', 'b2b:consideration'],
      primary: 'b2b:research',
      audience: 'b2b',
    });

    const doc = await app.strapi
      .documents(WP)
      .findOne({ documentId: id, populate: { journeyStages: { fields: ['stageId'] } } });
    expect(doc.journeyAudience).toBe('b2b');
    expect(doc.journeyStages.map((s: any) => s.stageId)).toEqual([
      'b2b:research',
      'b2b:consideration',
    ]);

    // Re-ordering makes another stage primary.
    const again = await app
      .request()
      .put(`/journey/tags/${WP}/${id}`)
      .set(auth())
      .send({ stages: ['b2b:consideration', 'b2b:research'] });
    expect(again.body.data).toMatchObject({ primary: 'b2b:consideration', audience: 'b2b' });
  });

  it('is usable from code as strapi.plugin("journey").service("tags")', async () => {
    const id = await createEntry(app, 'case-study', { title: 'From code' });
    const tags = await app.strapi
      .plugin('journey')
      .service('tags')
      .set('api::case-study.case-study', id, { stages: ['b2c:purchase'], audience: 'b2c' });
    expect(tags).toMatchObject({ stages: ['b2c:purchase'], audience: 'b2c' });
  });

  it('keeps tags per locale', async () => {
    const id = await createEntry(app, 'blog-post', {
      title: 'Hello',
      stages: ['b2c:awareness'],
      audience: 'b2c',
    });
    const fr = await app
      .request()
      .put(`/journey/tags/${BLOG}/${id}`)
      .set(auth())
      .send({ stages: ['b2c:consideration'], audience: 'both', locale: 'fr' });
    expect(fr.status).toBe(404); // no fr version yet: nothing is created behind the editor's back
    await app.strapi
      .documents(BLOG)
      .update({ documentId: id, locale: 'fr', data: { title: 'Bonjour' } });
    const ok = await app
      .request()
      .put(`/journey/tags/${BLOG}/${id}`)
      .set(auth())
      .send({ stages: ['b2c:consideration'], audience: 'both', locale: 'fr' });
    expect(ok.status).toBe(200);
    const en = await app.request().get(`/journey/tags/${BLOG}/${id}?locale=en`).set(auth());
    expect(en.body.data).toMatchObject({
      stages: ['b2c:awareness'],
      audience: 'b2c',
      locale: 'en',
    });
    const frRead = await app.request().get(`/journey/tags/${BLOG}/${id}?locale=fr`).set(auth());
    expect(frRead.body.data).toMatchObject({
      stages: ['b2c:consideration'],
      audience: 'both',
      locale: 'fr',
    });
  });

  it('changes the draft only; the published version keeps its tags until published again', async () => {
    const id = await createEntry(app, 'whitepaper', {
      title: 'Versioned',
      stages: ['b2b:research'],
      audience: 'b2b',
      publish: true,
    });
    await app
      .request()
      .put(`/journey/tags/${WP}/${id}`)
      .set(auth())
      .send({ stages: ['b2b:selection'], audience: 'both' })
      .expect(200);
    const published = await app
      .request()
      .get(`/journey/tags/${WP}/${id}?status=published`)
      .set(auth());
    expect(published.body.data).toMatchObject({
      status: 'published',
      stages: ['b2b:research'],
      audience: 'b2b',
    });
    const draft = await app.request().get(`/journey/tags/${WP}/${id}`).set(auth());
    expect(draft.body.data).toMatchObject({
      status: 'draft',
      stages: ['b2b:selection'],
      audience: 'both',
    });

    await app.strapi.documents(WP).publish({ documentId: id });
    const republished = await app
      .request()
      .get(`/journey/tags/${WP}/${id}?status=published`)
      .set(auth());
    expect(republished.body.data).toMatchObject({ stages: ['b2b:selection'], audience: 'both' });
  });

  describe('bad input answers 4xx in Strapi’s error shape and writes nothing', () => {
    let id: string;
    beforeAll(async () => {
      id = await createEntry(app, 'whitepaper', {
        title: 'Guarded',
        stages: ['b2b:research'],
        audience: 'b2b',
      });
    });
    const unchanged = async () => {
      const res = await app.request().get(`/journey/tags/${WP}/${id}`).set(auth());
      expect(res.body.data).toMatchObject({ stages: ['b2b:research'], audience: 'b2b' });
    };

    it.each([
      [
        'an unknown type',
        'api::nope.nope',
        { stages: ['b2b:research'] },
        400,
        'uid',
        /not a content type with journey tags.*api::whitepaper\.whitepaper/,
      ],
      [
        'a type that opted out',
        'api::legal-page.legal-page',
        { stages: ['b2b:research'] },
        400,
        'uid',
        /opted out/,
      ],
      ['an unknown stage', WP, { stages: ['b2b:nope'] }, 400, 'stages[0]', /b2b:research/],
      ['a bare stage key', WP, { stages: ['research'] }, 400, 'stages[0]', /not a stage id/],
      [
        'stages that is not an array',
        WP,
        { stages: 'b2b:research' },
        400,
        'stages',
        /array of stage ids/,
      ],
      [
        'a repeated stage',
        WP,
        { stages: ['b2b:research', 'b2b:research'] },
        400,
        'stages[1]',
        /twice/,
      ],
      [
        'an unknown audience',
        WP,
        { stages: ['b2b:research'], audience: 'b2x' },
        400,
        'audience',
        /b2b, b2c, both/,
      ],
      [
        'a locale on a type that is not localized',
        WP,
        { stages: ['b2b:research'], locale: 'fr' },
        400,
        'locale',
        /not localized/,
      ],
    ])('%s', async (_label, uid, body, status, param, message) => {
      const res = await app.request().put(`/journey/tags/${uid}/${id}`).set(auth()).send(body);
      expect(res.status).toBe(status);
      expect(res.body.data).toBeNull();
      expect(res.body.error).toMatchObject({ status, name: 'ValidationError', details: { param } });
      expect(res.body.error.message).toMatch(message);
      await unchanged();
    });

    it('a missing document answers 404', async () => {
      const res = await app
        .request()
        .put(`/journey/tags/${WP}/doesnotexist123`)
        .set(auth())
        .send({ stages: ['b2b:research'] });
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({
        status: 404,
        name: 'NotFoundError',
        details: { param: 'documentId' },
      });
    });

    it('an unauthenticated call answers 401', async () => {
      const res = await app
        .request()
        .put(`/journey/tags/${WP}/${id}`)
        .send({ stages: ['b2b:selection'] });
      expect(res.status).toBe(401);
      await unchanged();
    });
  });
});

describe('Strapi’s own REST filters', () => {
  beforeAll(async () => {
    await grantPublic(app, ['plugin::journey.stage.find', `${WP}.find`]);
  });

  it('filter published entries by stage and audience', async () => {
    const a = await createEntry(app, 'whitepaper', {
      title: 'REST research b2b',
      stages: ['b2b:research'],
      audience: 'b2b',
      publish: true,
    });
    const b = await createEntry(app, 'whitepaper', {
      title: 'REST research b2c',
      stages: ['b2b:research'],
      audience: 'b2c',
      publish: true,
    });
    await createEntry(app, 'whitepaper', {
      title: 'REST selection',
      stages: ['b2b:selection'],
      audience: 'b2b',
      publish: true,
    });
    const res = await app.request().get('/api/whitepapers').query({
      'filters[journeyStages][stageId][$eq]': 'b2b:research',
      'filters[journeyAudience][$in][0]': 'b2b',
      'filters[journeyAudience][$in][1]': 'both',
      'filters[title][$startsWith]': 'REST',
    });
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: any) => d.documentId)).toEqual([a]);
    expect(res.body.data[0].internalNotes).toBeUndefined();
    // The same stage filter for the other audience finds the other entry.
    const b2c = await app.request().get('/api/whitepapers').query({
      'filters[journeyStages][stageId][$eq]': 'b2b:research',
      'filters[journeyAudience][$eq]': 'b2c',
      'filters[title][$startsWith]': 'REST',
    });
    expect(b2c.body.data.map((d: any) => d.documentId)).toEqual([b]);
  });
});

describe('GET /api/journey/stages', () => {
  it('returns the taxonomy once the role is granted plugin::journey.stage.find', async () => {
    const res = await app.request().get('/api/journey/stages');
    expect(res.status).toBe(200);
    const { phases, frameworks, audiences } = res.body.data;
    expect(phases.map((p: any) => p.key)).toEqual([
      'awareness',
      'consideration',
      'decision',
      'retention',
      'advocacy',
    ]);
    expect(frameworks.map((f: any) => f.key)).toEqual(['b2b', 'b2c']);
    expect(frameworks[0].stages.map((s: any) => `${s.id}>${s.phase}`)).toEqual([
      'b2b:problem-recognition>awareness',
      'b2b:research>consideration',
      'b2b:consideration>consideration',
      'b2b:selection>decision',
      'b2b:purchase>decision',
      'b2b:post-purchase>retention',
    ]);
    expect(audiences).toEqual(['b2b', 'b2c', 'both']);
  });
});

describe('tag API permissions follow the Content Manager’s, per entry and per field', () => {
  const perm = (action: string, fields: string[]) => ({
    action,
    subject: WP,
    properties: { fields },
    conditions: ['admin::is-creator'],
  });
  let titleOnly: string;
  let editor: string;

  beforeAll(async () => {
    const roles = app.strapi.admin.services.role;
    const a = await roles.create({
      name: 'Own entries, title only',
      description: 'no journey fields',
    });
    await roles.assignPermissions(a.id, [
      perm('plugin::content-manager.explorer.read', ['title']),
      perm('plugin::content-manager.explorer.update', ['title']),
    ]);
    const b = await roles.create({
      name: 'Own entries, journey fields',
      description: 'is-creator',
    });
    const fields = ['title', 'journeyStages', 'journeyAudience'];
    await roles.assignPermissions(b.id, [
      perm('plugin::content-manager.explorer.create', fields),
      perm('plugin::content-manager.explorer.read', fields),
      perm('plugin::content-manager.explorer.update', fields),
    ]);
    titleOnly = await adminToken(app, { roleId: a.id });
    editor = await adminToken(app, { roleId: b.id });
  });

  it('an admin who may not edit the journey fields of an entry gets 403 and nothing changes', async () => {
    const id = await createEntry(app, 'whitepaper', {
      title: 'Not yours',
      stages: ['b2b:research'],
      audience: 'b2b',
    });
    for (const t of [titleOnly, editor]) {
      const put = await app
        .request()
        .put(`/journey/tags/${WP}/${id}`)
        .set('Authorization', `Bearer ${t}`)
        .send({ stages: ['b2c:advocacy'], audience: 'b2c' });
      expect(put.status).toBe(403);
      expect(
        (await app.request().get(`/journey/tags/${WP}/${id}`).set('Authorization', `Bearer ${t}`))
          .status
      ).toBe(403);
    }
    const bulk = await app
      .request()
      .put(`/journey/tags/${WP}`)
      .set('Authorization', `Bearer ${titleOnly}`)
      .send({ documentIds: [id], stages: ['b2c:advocacy'] });
    expect(bulk.status).toBe(403);
    const many = await app
      .request()
      .get(`/journey/tags/${WP}`)
      .query({ documentIds: id })
      .set('Authorization', `Bearer ${editor}`);
    expect(many.status).toBe(200);
    expect(many.body.data).toEqual([]); // not theirs: left out
    expect(await app.strapi.plugin('journey').service('tags').get(WP, id)).toMatchObject({
      stages: ['b2b:research'],
      audience: 'b2b',
    });
  });

  it('the creator with the journey fields may tag their own entry', async () => {
    const created = await app
      .request()
      .post(`/content-manager/collection-types/${WP}`)
      .set('Authorization', `Bearer ${editor}`)
      .send({ title: 'Mine' });
    expect(created.status).toBe(201);
    const id = created.body.data.documentId;
    const put = await app
      .request()
      .put(`/journey/tags/${WP}/${id}`)
      .set('Authorization', `Bearer ${editor}`)
      .send({ stages: ['b2b:selection'], audience: 'b2b' });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ stages: ['b2b:selection'], audience: 'b2b' });
  });
});

describe('bulk tagging: PUT /journey/tags/:uid', () => {
  it('replaces or adds stages on every listed document, in one go', async () => {
    const a = await createEntry(app, 'case-study', {
      title: 'Bulk A',
      stages: ['b2b:selection'],
      audience: 'b2b',
    });
    const b = await createEntry(app, 'case-study', { title: 'Bulk B' });
    const CS = 'api::case-study.case-study';
    const add = await app
      .request()
      .put(`/journey/tags/${CS}`)
      .set(auth())
      .send({ documentIds: [a, b], stages: ['b2b:purchase'], mode: 'add' });
    expect(add.status).toBe(200);
    expect(add.body.data.map((t: any) => [t.stages, t.audience])).toEqual([
      [['b2b:selection', 'b2b:purchase'], 'b2b'],
      [['b2b:purchase'], 'both'],
    ]);
    const replace = await app
      .request()
      .put(`/journey/tags/${CS}`)
      .set(auth())
      .send({ documentIds: [a, b], stages: ['b2c:purchase'], audience: 'b2c' });
    expect(replace.body.data.map((t: any) => [t.stages, t.audience])).toEqual([
      [['b2c:purchase'], 'b2c'],
      [['b2c:purchase'], 'b2c'],
    ]);
  });

  it('writes nothing when one document is missing or a value is bad', async () => {
    const a = await createEntry(app, 'case-study', {
      title: 'Bulk C',
      stages: ['b2b:selection'],
      audience: 'b2b',
    });
    const CS = 'api::case-study.case-study';
    const missing = await app
      .request()
      .put(`/journey/tags/${CS}`)
      .set(auth())
      .send({ documentIds: [a, 'nope0000'], stages: ['b2b:purchase'] });
    expect(missing.status).toBe(404);
    const tooMany = await app
      .request()
      .put(`/journey/tags/${CS}`)
      .set(auth())
      .send({ documentIds: Array.from({ length: 101 }, (_, i) => `d${i}`), stages: [] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.param).toBe('documentIds');
    const badMode = await app
      .request()
      .put(`/journey/tags/${CS}`)
      .set(auth())
      .send({ documentIds: [a], stages: [], mode: 'merge' });
    expect(badMode.body.error.details).toMatchObject({
      param: 'mode',
      allowed: ['replace', 'add'],
    });
    expect(await app.strapi.plugin('journey').service('tags').get(CS, a)).toMatchObject({
      stages: ['b2b:selection'],
      audience: 'b2b',
    });
  });
});

describe('GET /journey/stages (admin)', () => {
  it('gives any admin the taxonomy and the format affinity table', async () => {
    const res = await app.request().get('/journey/stages').set(auth());
    expect(res.status).toBe(200);
    expect(res.body.data.frameworks.map((f: any) => f.key)).toEqual(['b2b', 'b2c']);
    expect(res.body.data.formatAffinity.consideration).toContain('whitepaper');
    expect((await app.request().get('/journey/stages')).status).toBe(401);
  });
});

describe('GET /journey/tags/:uid?documentIds=… (list view column)', () => {
  it('answers the tags of many documents in one request, leaving out missing ones', async () => {
    const a = await createEntry(app, 'whitepaper', {
      title: 'Many A',
      stages: ['b2b:research'],
      audience: 'b2b',
    });
    const b = await createEntry(app, 'whitepaper', {
      title: 'Many B',
      stages: ['b2b:selection', 'b2b:purchase'],
      audience: 'both',
    });
    const res = await app
      .request()
      .get(`/journey/tags/${WP}`)
      .query({ documentIds: `${a},${b},missing0` })
      .set(auth());
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.data.map((t: any) => [t.documentId, t]));
    expect(Object.keys(byId).sort()).toEqual([a, b].sort());
    expect(byId[b]).toMatchObject({
      stages: ['b2b:selection', 'b2b:purchase'],
      primary: 'b2b:selection',
      audience: 'both',
    });
    const none = await app.request().get(`/journey/tags/${WP}`).set(auth());
    expect(none.status).toBe(400);
    expect(none.body.error.details.param).toBe('documentIds');
  });
});
