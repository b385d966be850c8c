import {
  createTestDatabase,
  bootStrapi,
  adminToken,
  createEntry,
  inSecondInstance,
  untilRecounted,
  type TestDatabase,
  type TestApp,
} from './helpers/strapi';
import supertest from 'supertest';

const asApp = (strapi: any, db: TestDatabase): TestApp => ({
  strapi,
  db,
  request: () => supertest.agent(strapi.server.httpServer),
  stop: async () => strapi.destroy(),
});

describe('settings', () => {
  let db: TestDatabase;
  let app: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = asApp(await bootStrapi(db), db);
    token = await adminToken(app);
  });
  afterAll(async () => {
    await app?.stop();
    await db.drop();
  });

  it('renaming a label and changing a target touches no content', async () => {
    const id = await createEntry(app, 'whitepaper', {
      title: 'Keep',
      stages: ['b2b:research'],
      audience: 'b2b',
      publish: true,
    });
    const res = await app
      .request()
      .put('/journey/settings')
      .set(auth())
      .send({ stages: { 'b2b:research': { label: 'Desk research', target: 4 } } });
    expect(res.status).toBe(200);
    expect(res.body.data.stages.find((s: any) => s.id === 'b2b:research')).toMatchObject({
      label: 'Desk research',
      target: 4,
      entries: 1, // one entry, draft and published
    });
    const tags = await app.strapi
      .plugin('journey')
      .service('tags')
      .get('api::whitepaper.whitepaper', id, { status: 'published' });
    expect(tags.stages).toEqual(['b2b:research']);
    const coverage = await app.request().get('/journey/coverage').set(auth());
    expect(coverage.body.data.stages.find((s: any) => s.id === 'b2b:research')).toMatchObject({
      label: 'Desk research',
      target: 4,
    });
    expect(
      coverage.body.data.rows.find((r: any) => r.uid === 'api::whitepaper.whitepaper').cells[
        'b2b:research'
      ]
    ).toEqual({ count: 1, target: 4, gap: true, applies: true });
  });

  it.each([
    [{ stages: { 'b2b:nope': { target: 1 } } }, 'stages.b2b:nope'],
    [{ stages: { 'b2b:research': { target: -2 } } }, 'stages.b2b:research.target'],
    [{ stages: { 'b2b:research': { label: '' } } }, 'stages.b2b:research.label'],
    [{ stages: { 'b2b:research': { retired: true } } }, 'stages.b2b:research.retired'],
    [{ nothing: true }, 'stages'],
  ])('bad settings %j answer 400 and change nothing', async (body, param) => {
    const res = await app.request().put('/journey/settings').set(auth()).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.param).toBe(param);
    // Strapi's ValidationError shape, which the admin's useAPIErrorHandler reads.
    expect(res.body.error.details.errors).toEqual([
      {
        path: param.split('.'),
        message: res.body.error.message,
        name: 'ValidationError',
        ...(res.body.error.details.allowed ? { allowed: res.body.error.details.allowed } : {}),
      },
    ]);
    const taxonomy = await app.strapi.plugin('journey').service('taxonomy').get();
    expect(taxonomy.byId.get('b2b:research')).toMatchObject({ label: 'Desk research', target: 4 });
  });

  it('per content type: a target and "not applicable" change the coverage cells', async () => {
    const WP = 'api::whitepaper.whitepaper';
    const put = (targets: unknown) =>
      app.request().put('/journey/settings').set(auth()).send({ targets });
    const cells = async (audience = 'all') =>
      (await app.request().get('/journey/coverage').query({ audience }).set(auth())).body.data;

    const before = (await cells()).rows.find((r: any) => r.uid === WP).cells;
    expect(before['b2b:selection']).toMatchObject({ target: 1, applies: true });
    let res = await put({ [WP]: { 'b2b:selection': 'not-applicable', 'b2b:purchase': 3 } });
    expect(res.status).toBe(200);
    expect(res.body.data.types.find((t: any) => t.uid === WP)).toMatchObject({
      targets: { 'b2b:selection': 'not-applicable', 'b2b:purchase': 3 },
      edited: ['b2b:selection', 'b2b:purchase'],
    });
    const after = (await cells()).rows.find((r: any) => r.uid === WP).cells;
    expect(after['b2b:selection']).toEqual({
      count: before['b2b:selection'].count,
      target: 0,
      gap: false,
      applies: false,
    });
    expect(after['b2b:purchase']).toMatchObject({ target: 3, applies: true });
    // Other types keep the stage's target.
    const other = (await cells()).rows.find((r: any) => r.uid !== WP).cells;
    expect(other['b2b:selection']).toMatchObject({ target: 1, applies: true });

    // null puts a cell back; a bad value is refused naming the cell, and nothing is stored.
    res = await put({ [WP]: { 'b2b:selection': null, 'b2b:purchase': -1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.param).toBe(`targets["${WP}"].b2b:purchase`);
    expect(res.body.error.details.errors[0].path).toEqual(['targets', WP, 'b2b:purchase']);
    expect((await cells()).rows.find((r: any) => r.uid === WP).cells['b2b:selection'].applies).toBe(
      false
    );
    res = await put({ 'api::nope.nope': { 'b2b:selection': 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.allowed).toContain(WP);
    res = await put({ [WP]: { 'b2b:selection': null, 'b2b:purchase': null } });
    expect(res.status).toBe(200);
    expect(res.body.data.types.find((t: any) => t.uid === WP).targets).toEqual({});
    expect((await cells()).rows.find((r: any) => r.uid === WP).cells['b2b:selection']).toEqual(
      before['b2b:selection']
    );
  });

  it('the B2B audience filter shows the B2B stages only, and B2C the B2C ones', async () => {
    const frameworks = async (audience: string) => [
      ...new Set(
        (
          await app.request().get('/journey/coverage').query({ audience }).set(auth())
        ).body.data.stages.map((s: any) => s.framework)
      ),
    ];
    expect(await frameworks('b2b')).toEqual(['b2b']);
    expect(await frameworks('b2c')).toEqual(['b2c']);
    expect(await frameworks('all')).toEqual(['b2b', 'b2c']);
  });

  it('retiring a stage that still tags entries is refused without moveTo, and moves every tag with it', async () => {
    const a = await createEntry(app, 'case-study', {
      title: 'A',
      stages: ['b2b:purchase'],
      audience: 'b2b',
      publish: true,
    });
    const b = await createEntry(app, 'case-study', {
      title: 'B',
      stages: ['b2b:selection', 'b2b:purchase'],
      audience: 'b2b',
    });
    const refused = await app
      .request()
      .post('/journey/settings/retire')
      .set(auth())
      .send({ stage: 'b2b:purchase' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.param).toBe('moveTo');
    expect(refused.body.error.message).toMatch(/still tags 2 entries \(3 versions\)/); // draft + published of A, draft of B
    expect(
      (await app.strapi.plugin('journey').service('taxonomy').get()).byId.get('b2b:purchase')
        .retired
    ).toBe(false);

    const moved = await app
      .request()
      .post('/journey/settings/retire')
      .set(auth())
      .send({ stage: 'b2b:purchase', moveTo: 'b2b:selection' });
    expect(moved.status).toBe(200);
    const tags = app.strapi.plugin('journey').service('tags');
    expect((await tags.get('api::case-study.case-study', a)).stages).toEqual(['b2b:selection']);
    expect(
      (await tags.get('api::case-study.case-study', a, { status: 'published' })).stages
    ).toEqual(['b2b:selection']);
    expect((await tags.get('api::case-study.case-study', b)).stages).toEqual(['b2b:selection']);
    const taxonomy = await app.strapi.plugin('journey').service('taxonomy').get();
    expect(taxonomy.stages.map((s: any) => s.id)).not.toContain('b2b:purchase');
    expect(taxonomy.byId.get('b2b:purchase').retired).toBe(true);
  });

  it('Restore moves back what the retire moved, in place, and leaves entries edited since', async () => {
    const CS = 'api::case-study.case-study';
    const tags = app.strapi.plugin('journey').service('tags');
    const stagesOf = async (id: string, status = 'draft') =>
      (await tags.get(CS, id, { status })).stages;
    const x = await createEntry(app, 'case-study', {
      title: 'X',
      stages: ['b2b:consideration'],
      audience: 'b2b',
      publish: true,
    });
    const y = await createEntry(app, 'case-study', {
      title: 'Y',
      stages: ['b2b:research', 'b2b:consideration'],
      audience: 'b2b',
    });
    const z = await createEntry(app, 'case-study', {
      title: 'Z',
      stages: ['b2b:consideration'],
      audience: 'b2b',
    });
    // A type without draft & publish: one row per document, always published.
    const EVENT = 'api::event.event';
    const event = (
      await app.strapi.documents(EVENT).create({ data: { name: 'Webinar: consideration' } as any })
    ).documentId;
    await tags.set(EVENT, event, { stages: ['b2b:consideration'] });
    const settings = async () =>
      (await app.request().get('/journey/settings').set(auth())).body.data;
    const used = (await settings()).stages.find((s: any) => s.id === 'b2b:consideration').entries;
    expect(used).toBeGreaterThanOrEqual(3); // entries, not versions: X counts once

    const retired = await app
      .request()
      .post('/journey/settings/retire')
      .set(auth())
      .send({ stage: 'b2b:consideration', moveTo: 'b2b:research' });
    expect(retired.status).toBe(200);
    expect(retired.body.data.moved).toBe(used);
    expect(await stagesOf(x, 'published')).toEqual(['b2b:research']);
    expect(await stagesOf(y)).toEqual(['b2b:research']);
    expect((await tags.get(EVENT, event)).stages).toEqual(['b2b:research']);
    expect((await settings()).stages.find((s: any) => s.id === 'b2b:consideration')).toMatchObject({
      retired: true,
      entries: 0,
      movable: used,
    });
    // Z is edited after the retire: its stages are no longer what the retire left.
    await tags.set(CS, z, { stages: ['b2b:research', 'b2b:selection'] });

    const restored = await app
      .request()
      .post('/journey/settings/restore')
      .set(auth())
      .send({ stage: 'b2b:consideration', moveBack: true });
    expect(restored.status).toBe(200);
    expect(restored.body.data).toMatchObject({ movedBack: used - 1, left: 1 });
    expect(await stagesOf(x)).toEqual(['b2b:consideration']);
    expect(await stagesOf(x, 'published')).toEqual(['b2b:consideration']);
    expect(await stagesOf(y)).toEqual(['b2b:research', 'b2b:consideration']); // back in its place
    expect(await stagesOf(z)).toEqual(['b2b:research', 'b2b:selection']);
    expect((await tags.get(EVENT, event)).stages).toEqual(['b2b:consideration']);
    const after = (await settings()).stages.find((s: any) => s.id === 'b2b:consideration');
    expect(after.retired).toBe(false);
    expect(after.movable).toBeUndefined();
    expect(after.entries).toBe(used - 1);
    // The restore moved links with SQL and changed the taxonomy: the counts are rebuilt in
    // the background; once done, the figures are exact.
    await untilRecounted(app);
    const coverage = await app.request().get('/journey/coverage').set(auth());
    expect(coverage.body.meta.recounting).toBe(false);
    expect(
      coverage.body.data.rows.find((r: any) => r.uid === CS).cells['b2b:consideration'].count
    ).toBeGreaterThanOrEqual(1); // X's published version counts again

    // The records are used once: a second retire and a plain restore move nothing back.
    const bad = await app
      .request()
      .post('/journey/settings/restore')
      .set(auth())
      .send({ stage: 'b2b:consideration', moveBack: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.param).toBe('stage'); // not retired any more
  });

  it('tags left on a retired stage can still be moved off it', async () => {
    // Simulate tags restored from the archive onto an already retired stage.
    const rows = await app.strapi.plugin('journey').service('taxonomy').stageRows();
    const id = await createEntry(app, 'case-study', {
      title: 'Late',
      stages: ['b2b:selection'],
      audience: 'b2b',
    });
    const entry = await app.strapi.db
      .query('api::case-study.case-study')
      .findOne({ where: { documentId: id, publishedAt: null } });
    await app.strapi.db
      .connection('case_studies_journey_stages_lnk')
      .where({ case_study_id: entry.id })
      .update({ stage_id: rows.get('b2b:purchase').id });
    const res = await app
      .request()
      .post('/journey/settings/retire')
      .set(auth())
      .send({ stage: 'b2b:purchase', moveTo: 'b2b:post-purchase' });
    expect(res.status).toBe(200);
    expect(res.body.data.moved).toBe(1);
    expect(
      (await app.strapi.plugin('journey').service('tags').get('api::case-study.case-study', id))
        .stages
    ).toEqual(['b2b:post-purchase']);
  });

  it('retiring an unused stage needs no moveTo', async () => {
    const res = await app
      .request()
      .post('/journey/settings/retire')
      .set(auth())
      .send({ stage: 'b2c:advocacy' });
    expect(res.status).toBe(200);
    expect(res.body.data.moved).toBe(0);
  });

  it('settings survive a restart', async () => {
    await app.stop();
    app = asApp(await bootStrapi(db), db);
    const taxonomy = await app.strapi.plugin('journey').service('taxonomy').get();
    expect(taxonomy.byId.get('b2b:research')).toMatchObject({ label: 'Desk research', target: 4 });
    expect(taxonomy.byId.get('b2b:purchase').retired).toBe(true);
  });

  it('a second Strapi process on the same database sees and makes the same settings', async () => {
    await app
      .request()
      .put('/journey/settings')
      .set(auth())
      .send({ stages: { 'b2c:retention': { target: 7 } } })
      .expect(200);
    const seen = await inSecondInstance(db, 'taxonomy', 'readSettings');
    expect(seen['b2c:retention']).toEqual({ target: 7 });
    await inSecondInstance(db, 'settings', 'update', [
      { stages: { 'b2c:retention': { target: 8 } } },
    ]);
    const res = await app.request().get('/journey/coverage').set(auth());
    expect(res.body.data.stages.find((s: any) => s.id === 'b2c:retention').target).toBe(8);
  });
});
