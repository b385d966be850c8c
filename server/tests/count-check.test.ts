import {
  startApp,
  adminToken,
  ensureLocale,
  createEntry,
  untilRecounted,
  type TestApp,
} from './helpers/strapi';
import { tagStorage } from '../src/queries/tag-storage';

/**
 * Rows written around Strapi (a migration script's SQL) do not go through the write path
 * that keeps the coverage counts. The count check (services/count-check.ts) notices them
 * by a fingerprint of the tables and marks the type for a rebuild (the next read serves
 * the last counts, marked recounting, while it runs in the background); an admin's
 * Recount rebuilds every type before it answers. Normal writes must never look stale (no rebuild for nothing).
 */
const WP = 'api::whitepaper.whitepaper';
const BP = 'api::blog-post.blog-post';
const EV = 'api::event.event';
let app: TestApp;
let token: string;
const ids: Record<string, string> = {};

const check = () => app.strapi.plugin('journey').service('count-check');
const coverageBody = async (query: Record<string, string> = {}) => {
  const res = await app
    .request()
    .get('/journey/coverage')
    .query({ status: 'published', ...query })
    .set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  return res.body;
};
const coverage = async (query: Record<string, string> = {}) => {
  const body = await coverageBody(query);
  expect(body.meta.recounting).toBe(false); // figures asserted below are exact ones
  return body.data;
};
const cell = (data: any, uid: string, stage: string) =>
  data.rows.find((r: any) => r.uid === uid)?.cells[stage]?.count;
const stale = async () =>
  (await check().checkAll()).filter((r: any) => r.stale).map((r: any) => r.uid);
/** The app's own knex, on the tables of the test's database (a migration script's view). */
const sql = (table: string) => {
  const schema = app.strapi.db.getSchemaName();
  const q = app.strapi.db.connection(table);
  return schema ? q.withSchema(schema) : q;
};
const stageRowId = async (stage: string) =>
  (await app.strapi.plugin('journey').service('taxonomy').stageRows()).get(stage).id;
const publishedRowId = async (uid: string, documentId: string, locale?: string) =>
  (
    await sql(tagStorage(app.strapi, uid).table)
      .where({ document_id: documentId, ...(locale ? { locale } : {}) })
      .whereNotNull('published_at')
      .first('id')
  ).id;

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app);
  await ensureLocale(app, 'fr');
  ids.wpTagged = await createEntry(app, 'whitepaper', {
    title: 'Tagged',
    stages: ['b2b:research'],
    audience: 'b2b',
    publish: true,
  });
  ids.wpUntagged = await createEntry(app, 'whitepaper', {
    title: 'Untagged',
    audience: 'b2b',
    publish: true,
  });
  ids.blog = await createEntry(app, 'blog-post', {
    title: 'Blog en',
    stages: ['b2c:awareness'],
    audience: 'b2b',
    publish: true,
  });
  const rows = await app.strapi.plugin('journey').service('taxonomy').stageRows();
  await app.strapi.documents(BP).update({
    documentId: ids.blog,
    locale: 'fr',
    data: {
      title: 'Blog fr',
      journeyStages: [rows.get('b2c:awareness').documentId],
      journeyAudience: 'b2c',
    },
  } as any);
  await app.strapi.documents(BP).publish({ documentId: ids.blog, locale: 'fr' });
  // A type without draft & publish: its one row counts in both statuses.
  const event = await app.strapi.documents(EV).create({
    data: {
      name: 'Webinar',
      journeyStages: [rows.get('b2b:research').documentId],
      journeyAudience: 'both',
    },
  } as any);
  ids.event = event.documentId;
  await coverage(); // builds every type's counts
});

afterAll(async () => {
  await app?.stop();
});

describe('the count check', () => {
  it('finds nothing stale after writes through Strapi (localized, without draft & publish, drafts)', async () => {
    const tags = app.strapi.plugin('journey').service('tags');
    await tags.set(WP, ids.wpUntagged, {
      stages: ['b2b:selection', 'b2b:research'],
      audience: 'both',
    });
    await tags.set(BP, ids.blog, { stages: ['b2c:purchase'], audience: 'b2c', locale: 'fr' });
    await app.strapi.documents(BP).publish({ documentId: ids.blog, locale: 'fr' });
    await app.strapi.documents(WP).unpublish({ documentId: ids.wpTagged });
    await tags.set(EV, ids.event, { stages: ['b2b:selection'], audience: 'b2b' });
    await coverage();
    expect(await stale()).toEqual([]);
    await app.strapi.documents(WP).publish({ documentId: ids.wpTagged });
    await app.strapi.documents(WP).publish({ documentId: ids.wpUntagged });
    expect(await stale()).toEqual([]);
  });

  it('notices a stage link inserted with SQL, and the next read counts it', async () => {
    const s = tagStorage(app.strapi, WP);
    const before = cell(await coverage(), WP, 'b2b:purchase') ?? 0;
    await sql(s.linkTable).insert({
      [s.entryColumn]: await publishedRowId(WP, ids.wpTagged),
      [s.stageColumn]: await stageRowId('b2b:purchase'),
      ...(s.orderColumn ? { [s.orderColumn]: 9 } : {}),
    });
    expect(cell(await coverage(), WP, 'b2b:purchase') ?? 0).toBe(before); // not seen yet
    expect(await stale()).toEqual([WP]);
    // The next read answers at once with the last counts, saying they are being recounted …
    const serving = await coverageBody();
    expect(serving.meta.recounting).toBe(true);
    expect(serving.data.rows.find((r: any) => r.uid === WP).recounting).toBe(true);
    expect(cell(serving.data, WP, 'b2b:purchase') ?? 0).toBe(before);
    // … and a later read, once the rebuild is done, counts the link.
    await untilRecounted(app);
    expect(cell(await coverage(), WP, 'b2b:purchase')).toBe(before + 1);
    expect(await stale()).toEqual([]);
  });

  it('notices a link moved to another stage, and an audience changed, with SQL', async () => {
    const s = tagStorage(app.strapi, BP);
    const row = await publishedRowId(BP, ids.blog, 'fr');
    await sql(s.linkTable)
      .where({ [s.entryColumn]: row })
      .update({ [s.stageColumn]: await stageRowId('b2c:retention') });
    expect(await stale()).toEqual([BP]);
    await untilRecounted(app);
    expect(cell(await coverage({ locale: 'fr' }), BP, 'b2c:retention')).toBe(1);

    const e = tagStorage(app.strapi, EV);
    await sql(e.table)
      .where({ document_id: ids.event })
      .update({ [e.audienceColumn]: 'b2c' });
    expect(await stale()).toEqual([EV]);
    await untilRecounted(app);
    const b2c = await coverage({ audience: 'b2c' });
    expect(b2c.rows.find((r: any) => r.uid === EV).total).toBe(1);
  });

  it('Recount (settings managers): every type is rebuilt before it answers; not without a session', async () => {
    const s = tagStorage(app.strapi, WP);
    await sql(s.linkTable)
      .where({ [s.entryColumn]: await publishedRowId(WP, ids.wpTagged) })
      .del();
    const res = await app
      .request()
      .post('/journey/coverage/recount')
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data.recounting).toEqual(expect.arrayContaining([WP, BP, EV]));
    const data = await coverage();
    expect(cell(data, WP, 'b2b:purchase') ?? 0).toBe(0);
    expect(data.rows.find((r: any) => r.uid === WP).untagged).toBe(1);
    expect((await app.request().post('/journey/coverage/recount')).status).toBe(401);
  });
});
