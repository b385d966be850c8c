import { startApp, type TestApp } from './helpers/strapi';

/**
 * The plugin's own tables come from Strapi's internal migrations (server/src/migrations/):
 * recorded by name in `strapi_migrations_internal`, idempotent on tables earlier versions
 * made by hand, and safe when two instances run them at the same time.
 */
const NAMES = [
  'journey::01-create-journey-versions',
  'journey::02-create-journey-counts',
  'journey::03-create-journey-tag-archive',
  'journey::04-create-journey-count-leases',
];
const TABLES = [
  'journey_versions',
  'journey_counts',
  'journey_count_deltas',
  'journey_tag_archive',
  'journey_count_leases',
];

let app: TestApp;
const schema = () => app.strapi.db.getSchemaConnection();
const recorded = async () =>
  (await app.strapi.db.connection('strapi_migrations_internal').select('name'))
    .map((r: any) => r.name)
    .filter((n: string) => n.startsWith('journey::'))
    .sort();
const forget = () =>
  app.strapi.db
    .connection('strapi_migrations_internal')
    .where('name', 'like', 'journey::%')
    .delete();
const tablesThere = async () =>
  Promise.all(TABLES.map(async (t) => [t, await schema().hasTable(t)]));

beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.stop());

it('a boot runs each migration once and leaves the tables to them', async () => {
  expect(await recorded()).toEqual(NAMES);
  expect(await tablesThere()).toEqual(TABLES.map((t) => [t, true]));
});

it('keeps the tables and rows an earlier version made by hand, adding missing columns', async () => {
  await forget();
  await schema().alterTable('journey_tag_archive', (t: any) => t.dropColumns('kind', 'taken_at'));
  await app.strapi.db.connection('journey_versions').insert({ scope: 'test:kept', n: 41 });
  await app.strapi.db.connection('journey_tag_archive').insert({
    uid: 'api::kept.kept',
    document_id: 'kept',
    published: false,
    audience: 'b2b',
  });

  await app.strapi.db.migrations.up();

  expect(await recorded()).toEqual(NAMES);
  expect(await schema().hasColumn('journey_tag_archive', 'kind')).toBe(true);
  expect(await schema().hasColumn('journey_tag_archive', 'taken_at')).toBe(true);
  const version = await app.strapi.db
    .connection('journey_versions')
    .where({ scope: 'test:kept' })
    .first();
  expect(Number(version.n)).toBe(41);
  const archived = await app.strapi.db
    .connection('journey_tag_archive')
    .where({ uid: 'api::kept.kept' });
  expect(archived).toHaveLength(1);
  await app.strapi.db.connection('journey_tag_archive').where({ uid: 'api::kept.kept' }).delete();
});

it('two instances running the pending migrations at once both succeed', async () => {
  await forget();
  for (const t of TABLES) await schema().dropTableIfExists(t);

  // Two runners on two connections (one on SQLite, which serialises them): each
  // finds the migrations pending and runs them in its own transaction.
  await Promise.all([app.strapi.db.migrations.up(), app.strapi.db.migrations.up()]);

  expect(await tablesThere()).toEqual(TABLES.map((t) => [t, true]));
  expect([...new Set(await recorded())]).toEqual(NAMES);
  // The tables work: the counters take their rows again.
  await app.strapi.db.connection('journey_versions').insert({ scope: 'test:after', n: 1 });
  await app.strapi.db.connection('journey_count_deltas').insert({ uid: 'x', k: 'k', d: 1 });
});
