import {
  startApp,
  adminToken,
  createEntry,
  listen,
  untilRecounted,
  type TestApp,
} from './helpers/strapi';
import { tagStorage } from '../src/queries/tag-storage';
import {
  bumpVersions,
  readVersions,
  TAXONOMY_SCOPE,
  typeScope,
} from '../src/utils/content-version';

/**
 * A link a write copies onto a stage after that stage's retire committed (on MariaDB,
 * a publish whose transaction read the draft before the retire did) is moved where the
 * retire moved the rest (write-path/repair-retired-links.ts). The stale link is
 * made here deterministically: written into the draft with SQL after the retire, as
 * the racing publish's old read would have it.
 */
const WP = 'api::whitepaper.whitepaper';
const EVENT = 'api::event.event';

let app: TestApp;
let token: string;
const auth = () => ({ Authorization: `Bearer ${token}` });
const taxonomy = () => app.strapi.plugin('journey').service('taxonomy');
const tags = () => app.strapi.plugin('journey').service('tags');

beforeAll(async () => {
  app = await startApp();
  await listen(app);
  token = await adminToken(app);
});
afterAll(() => app?.stop());

const retire = (stage: string, moveTo?: string) =>
  app
    .request()
    .post('/journey/settings/retire')
    .set(auth())
    .send(moveTo ? { stage, moveTo } : { stage });

/** Writes a link from every row of the document (or only its draft) to `stage`, first position, with SQL. */
const linkWithSql = async (uid: string, documentId: string, stage: string, draftOnly = true) => {
  const s = tagStorage(app.strapi, uid);
  const stageRow = (await taxonomy().stageRows()).get(stage).id;
  let rows = app.strapi.db.connection(s.table).where('document_id', documentId);
  if (draftOnly) rows = rows.whereNull('published_at');
  for (const r of await rows.select('id'))
    await app.strapi.db
      .connection(s.linkTable)
      .insert({ [s.entryColumn]: r.id, [s.stageColumn]: stageRow, [s.orderColumn]: 0 });
};

/** The coverage rows of one type, after a forced recount (run in the background, awaited): what exact counts must equal. */
const recounted = async (uid: string) => {
  await bumpVersions(app.strapi, [TAXONOMY_SCOPE]);
  await untilRecounted(app);
  return coverageRow(uid);
};
const coverageRow = async (uid: string) => {
  const { data } = await app.strapi.plugin('journey').service('coverage').matrix({});
  return data.rows.find((r: any) => r.uid === uid);
};

it('a publish that copies a link to a stage retired meanwhile ends on the stage the retire moved to', async () => {
  const id = await createEntry(app, 'whitepaper', {
    title: 'Stale publish',
    stages: ['b2b:consideration', 'b2b:purchase'],
    audience: 'b2b',
    publish: true,
  });
  expect((await retire('b2b:research', 'b2b:selection')).status).toBe(200);
  await linkWithSql(WP, id, 'b2b:research');
  await recounted(WP); // the SQL write above is not counted: start from a recount
  const version = (await readVersions(app.strapi))[typeScope(WP)] ?? 0;

  await app.strapi.documents(WP).publish({ documentId: id });

  for (const status of ['draft', 'published'] as const) {
    const t = await tags().get(WP, id, { status });
    expect({ status, stages: t.stages }).toEqual({
      status,
      // The stale link was written first (position 0): its replacement stays primary.
      stages: ['b2b:selection', 'b2b:consideration', 'b2b:purchase'],
    });
  }
  // Recommend caches and ETags move with the type's version; the counts are exact.
  expect((await readVersions(app.strapi))[typeScope(WP)]).toBeGreaterThan(version);
  const counted = await coverageRow(WP);
  expect(counted).toEqual(await recounted(WP));
  expect(counted.cells['b2b:research'] ?? { count: 0 }).toMatchObject({ count: 0 });
});

it('an entry that already carries the target just loses the stale stage', async () => {
  const id = await createEntry(app, 'whitepaper', {
    title: 'Carries the target',
    stages: ['b2b:selection'],
    audience: 'b2b',
    publish: true,
  });
  await linkWithSql(WP, id, 'b2b:research');
  await app.strapi.documents(WP).publish({ documentId: id });
  for (const status of ['draft', 'published'] as const)
    expect((await tags().get(WP, id, { status })).stages).toEqual(['b2b:selection']);
});

it('follows a retire of the target: research → selection, then selection → purchase', async () => {
  const id = await createEntry(app, 'whitepaper', {
    title: 'Chain',
    stages: ['b2b:consideration'],
    audience: 'b2b',
  });
  const moved = await retire('b2b:selection', 'b2b:purchase');
  expect(moved.status).toBe(200);
  await linkWithSql(WP, id, 'b2b:research');
  await app.strapi.documents(WP).update({ documentId: id, data: { title: 'Chain, saved' } });
  expect((await tags().get(WP, id, { status: 'draft' })).stages).toEqual([
    'b2b:purchase',
    'b2b:consideration',
  ]);
});

it('a type without draft & publish is repaired on a plain save', async () => {
  const rows = await taxonomy().stageRows();
  const event = await app.strapi.documents(EVENT).create({
    data: {
      name: 'Webinar',
      journeyStages: [rows.get('b2b:consideration').documentId],
      journeyAudience: 'b2b',
    } as any,
  });
  await linkWithSql(EVENT, event.documentId, 'b2b:research', false);
  await app.strapi
    .documents(EVENT)
    .update({ documentId: event.documentId, data: { name: 'Webinar, saved' } as any });
  expect((await tags().get(EVENT, event.documentId)).stages).toEqual([
    'b2b:purchase',
    'b2b:consideration',
  ]);
});

it('a stage retired with no target is left for an admin: the write succeeds, nothing is dropped', async () => {
  // Untagged, so the retire needs no moveTo and records none.
  expect((await retire('b2b:problem-recognition')).status).toBe(200);
  const id = await createEntry(app, 'whitepaper', {
    title: 'No target',
    stages: ['b2b:consideration'],
    audience: 'b2b',
  });
  await linkWithSql(WP, id, 'b2b:problem-recognition');
  await app.strapi.documents(WP).publish({ documentId: id });
  expect((await tags().get(WP, id, { status: 'published' })).stages).toEqual([
    'b2b:problem-recognition',
    'b2b:consideration',
  ]);
  // The way out the README gives moves it.
  const again = await retire('b2b:problem-recognition', 'b2b:purchase');
  expect(again.body.data.moved).toBe(1); // one entry (its draft and published versions)
});

it('a Content Manager publish (its own transaction) is repaired before its answer is sent', async () => {
  const id = await createEntry(app, 'whitepaper', {
    title: 'CM publish',
    stages: ['b2b:consideration'],
    audience: 'b2b',
  });
  await linkWithSql(WP, id, 'b2b:research'); // research → selection → purchase (tests above)
  const res = await app
    .request()
    .post(`/content-manager/collection-types/${WP}/${id}/actions/publish`)
    .set(auth())
    .send({});
  expect(res.status).toBe(200);
  // Read right after the answer: the check ran at the end of the request, not later.
  for (const status of ['draft', 'published'] as const)
    expect({ status, stages: (await tags().get(WP, id, { status })).stages }).toEqual({
      status,
      stages: ['b2b:purchase', 'b2b:consideration'],
    });
});
