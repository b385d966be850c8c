/**
 * The side panel writes the journey fields into the Content Manager's own form,
 * so they reach the server in the Content Manager's create / update / publish
 * payloads: `journeyAudience` as a value, `journeyStages` as `{ set: [{ documentId }] }`
 * naming the stage rows that GET /journey/stages lists. These tests send exactly
 * those payloads through the Content Manager's routes.
 */
import { startApp, adminToken, ensureLocale, type TestApp } from './helpers/strapi';

const WP = 'api::whitepaper.whitepaper';
const BLOG = 'api::blog-post.blog-post';
const CM = '/content-manager/collection-types';

let app: TestApp;
let token: string;
let rows: Record<string, string>;
const auth = (t = token) => ({ Authorization: `Bearer ${t}` });
/** The panel's form value for these stages, as the Content Manager sends it (its `apiData` unwrapped). */
const stages = (...ids: string[]) => ({
  connect: [],
  disconnect: [],
  set: ids.map((id) => ({ documentId: rows[id] })),
});
const tags = (
  uid: string,
  documentId: string,
  opts: { status?: 'draft' | 'published'; locale?: string } = {}
) => app.strapi.plugin('journey').service('tags').get(uid, documentId, opts);

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app);
  await ensureLocale(app, 'fr');
  rows = (await app.request().get('/journey/stages').set(auth())).body.data.documentIds;
});
afterAll(() => app?.stop());

describe('GET /journey/stages names the row of every stage', () => {
  it("maps each stage id, retired ones too, to its row's documentId", async () => {
    const taxonomy = (await app.request().get('/journey/stages').set(auth())).body.data;
    const ids = taxonomy.frameworks.flatMap((f: any) => f.stages.map((s: any) => s.id));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(typeof rows[id]).toBe('string');
    const dbRows = await app.strapi.db
      .query('plugin::journey.stage')
      .findMany({ select: ['stageId', 'documentId'] });
    expect(Object.keys(rows).sort()).toEqual(dbRows.map((r: any) => r.stageId).sort());
    for (const r of dbRows) expect(rows[r.stageId]).toBe(r.documentId);
  });
});

describe("the Content Manager's own Save and Publish carry the tags", () => {
  it('create and publish in one request: the published version has the stages, in order, and the audience', async () => {
    const res = await app
      .request()
      .post(`${CM}/${WP}/actions/publish`)
      .set(auth())
      .send({
        title: 'Published with tags',
        journeyStages: stages('b2b:selection', 'b2b:research'),
        journeyAudience: 'b2b',
      });
    expect(res.status).toBe(200);
    const { documentId } = res.body.data;
    expect(await tags(WP, documentId, { status: 'published' })).toMatchObject({
      stages: ['b2b:selection', 'b2b:research'],
      primary: 'b2b:selection',
      audience: 'b2b',
    });
    expect(await tags(WP, documentId)).toMatchObject({
      stages: ['b2b:selection', 'b2b:research'],
      audience: 'b2b',
    });
  });

  it('update: `set` replaces and reorders, an untouched field leaves the stages alone, `set: []` clears them', async () => {
    const created = await app
      .request()
      .post(`${CM}/${WP}`)
      .set(auth())
      .send({ title: 'Saved with tags', journeyStages: stages('b2b:research', 'b2b:purchase') });
    expect(created.status).toBe(201);
    const { documentId } = created.body.data;
    expect(await tags(WP, documentId)).toMatchObject({
      stages: ['b2b:research', 'b2b:purchase'],
      audience: 'both',
    });

    const put = (body: object) =>
      app.request().put(`${CM}/${WP}/${documentId}`).set(auth()).send(body);
    expect(
      (
        await put({
          title: 'Saved with tags',
          journeyStages: stages('b2b:purchase', 'b2b:research'),
          journeyAudience: 'b2c',
        })
      ).status
    ).toBe(200);
    expect(await tags(WP, documentId)).toMatchObject({
      stages: ['b2b:purchase', 'b2b:research'],
      primary: 'b2b:purchase',
      audience: 'b2c',
    });

    // What the form sends when the panel was not touched: the relation's empty change.
    expect(
      (
        await put({
          title: 'Renamed',
          journeyStages: { connect: [], disconnect: [] },
          journeyAudience: 'b2c',
        })
      ).status
    ).toBe(200);
    expect(await tags(WP, documentId)).toMatchObject({
      stages: ['b2b:purchase', 'b2b:research'],
      audience: 'b2c',
    });

    expect((await put({ title: 'Renamed', journeyStages: stages() })).status).toBe(200);
    expect(await tags(WP, documentId)).toMatchObject({ stages: [], primary: null });
  });

  it("a localized type: the tags saved with a new locale are that locale's only", async () => {
    const en = await app
      .request()
      .post(`${CM}/${BLOG}`)
      .query({ locale: 'en' })
      .set(auth())
      .send({
        title: 'English post',
        journeyStages: stages('b2c:awareness'),
        journeyAudience: 'b2c',
      });
    expect(en.status).toBe(201);
    const { documentId } = en.body.data;
    const fr = await app
      .request()
      .put(`${CM}/${BLOG}/${documentId}`)
      .query({ locale: 'fr' })
      .set(auth())
      .send({
        title: 'Article',
        journeyStages: stages('b2c:retention', 'b2c:awareness'),
        journeyAudience: 'both',
      });
    expect(fr.status).toBe(200);
    expect(await tags(BLOG, documentId, { locale: 'fr' })).toMatchObject({
      stages: ['b2c:retention', 'b2c:awareness'],
      audience: 'both',
    });
    expect(await tags(BLOG, documentId, { locale: 'en' })).toMatchObject({
      stages: ['b2c:awareness'],
      audience: 'b2c',
    });
  });

  it("Strapi's Editor role (no journey permission) saves tags with the entry like any field", async () => {
    const editorRole = await app.strapi.db
      .query('admin::role')
      .findOne({ where: { code: 'strapi-editor' } });
    const editorToken = await adminToken(app, { roleId: editorRole.id });
    const created = await app
      .request()
      .post(`${CM}/${WP}`)
      .set(auth(editorToken))
      .send({
        title: 'Editor entry',
        journeyStages: stages('b2b:consideration'),
        journeyAudience: 'b2b',
      });
    expect(created.status).toBe(201);
    expect(await tags(WP, created.body.data.documentId)).toMatchObject({
      stages: ['b2b:consideration'],
      audience: 'b2b',
    });
  });
});
