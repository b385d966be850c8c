import {
  startApp,
  adminToken,
  createEntry,
  inSecondInstance,
  untilRecounted,
  type TestApp,
} from './helpers/strapi';
import { tagStorage } from '../src/queries/tag-storage';
import { countLease } from '../src/queries/count-lease';
import { readVersions, TAXONOMY_SCOPE } from '../src/utils/content-version';

/**
 * Coverage counts whose base needs a rebuild (rows written around Strapi, an import, a
 * taxonomy change) are served at once from the last base plus deltas, marked `recounting`,
 * while one instance rebuilds them in the background under a lease
 * (services/coverage-counts.ts `read`, utils/count-rebuilds.ts, queries/count-lease.ts).
 */
const WP = 'api::whitepaper.whitepaper';
const LEASES = 'journey_count_leases';
let app: TestApp;
let token: string;
const ids: string[] = [];

const counts = () => app.strapi.plugin('journey').service('coverage-counts');
const sql = (table: string) => {
  const schema = app.strapi.db.getSchemaName();
  const q = app.strapi.db.connection(table);
  return schema ? q.withSchema(schema) : q;
};
const coverage = async () => {
  const res = await app
    .request()
    .get('/journey/coverage')
    .query({ status: 'published' })
    .set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  return res.body;
};
const wpRow = (body: any) => body.data.rows.find((r: any) => r.uid === WP);
const purchase = (body: any) => wpRow(body).cells['b2b:purchase']?.count ?? 0;
const invalid = async () => ((await counts().stored(WP)).counts.get('#invalid') ?? 0) > 0;

/** Links one more published whitepaper to b2b:purchase with SQL, as a migration script would. */
let linked = 0;
const linkAroundStrapi = async () => {
  const s = tagStorage(app.strapi, WP);
  const row = await sql(s.table)
    .where({ document_id: ids[linked++] })
    .whereNotNull('published_at')
    .first('id');
  const stage = (await app.strapi.plugin('journey').service('taxonomy').stageRows()).get(
    'b2b:purchase'
  ).id;
  await sql(s.linkTable).insert({
    [s.entryColumn]: row.id,
    [s.stageColumn]: stage,
    ...(s.orderColumn ? { [s.orderColumn]: 9 } : {}),
  });
  // As the count check does when the tables and the counts disagree.
  expect((await app.strapi.plugin('journey').service('count-check').check(WP)).stale).toBe(true);
};

/** Waits (at most 10 s) until `ready()`: a background rebuild starts after its lease is claimed. */
const until = async (ready: () => boolean) => {
  const deadline = Date.now() + 10_000;
  while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(ready()).toBe(true);
};

/** Makes this instance's rebuilds of the counts wait for `open()`; counts how many ran. */
const gateRebuilds = () => {
  const service = counts();
  const original = service.rebuild;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const state = { calls: 0, open: () => open(), restore: () => (service.rebuild = original) };
  service.rebuild = async (...args: any[]) => {
    state.calls += 1;
    await gate;
    return original.apply(service, args);
  };
  return state;
};

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app);
  for (let i = 0; i < 6; i++)
    ids.push(
      await createEntry(app, 'whitepaper', {
        title: `Paper ${i}`,
        stages: ['b2b:research'],
        audience: 'b2b',
        publish: true,
      })
    );
  const first = await coverage(); // no base yet: built before answering
  expect(first.meta.recounting).toBe(false);
  expect(wpRow(first).cells['b2b:research'].count).toBe(6);
});

afterAll(() => app?.stop());

it('after an invalidation, answers at once with the last counts (recounting), then exact counts', async () => {
  const before = purchase(await coverage());
  await linkAroundStrapi();
  const gate = gateRebuilds();
  try {
    // The rebuild cannot finish before the gate opens: this answer did not wait for it.
    const [a, b] = await Promise.all([coverage(), coverage()]);
    for (const body of [a, b]) {
      expect(body.meta.recounting).toBe(true);
      expect(wpRow(body).recounting).toBe(true);
      expect(purchase(body)).toBe(before); // the previous figure
      // Only the invalidated type is recounted.
      expect(body.data.rows.filter((r: any) => r.recounting).map((r: any) => r.uid)).toEqual([WP]);
    }
    await until(() => gate.calls > 0);
    expect((await coverage()).meta.recounting).toBe(true);
    expect(gate.calls).toBe(1); // one rebuild on this instance, however many reads
  } finally {
    gate.open();
    gate.restore();
  }
  await untilRecounted(app);
  const after = await coverage();
  expect(after.meta.recounting).toBe(false);
  expect(wpRow(after).recounting).toBe(false);
  expect(purchase(after)).toBe(before + 1);
  expect(await sql(LEASES).where({ uid: WP })).toEqual([]); // released
});

it('leaves the rebuild to a live lease of another instance, and takes a lapsed one over', async () => {
  const before = purchase(await coverage());
  await sql(LEASES).insert({ uid: WP, holder: 'other', expires_at: Date.now() + 60_000 });
  await linkAroundStrapi();
  for (let i = 0; i < 3; i++) {
    const body = await coverage();
    expect(body.meta.recounting).toBe(true);
    expect(purchase(body)).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  expect(await invalid()).toBe(true); // not rebuilt here

  // The other instance crashed: its lease lapses, and the next read takes it over.
  await sql(LEASES)
    .where({ uid: WP })
    .update({ expires_at: Date.now() - 1 });
  await untilRecounted(app);
  expect(purchase(await coverage())).toBe(before + 1);
  expect(await invalid()).toBe(false);
  expect(await sql(LEASES).where({ uid: WP })).toEqual([]);
});

it('a type never counted: the read waits for its first count, built by the lease holder', async () => {
  const EV = 'api::event.event';
  const versions = await readVersions(app.strapi);
  await sql('journey_counts').where({ uid: EV }).del(); // as before its first read
  await sql(LEASES).insert({ uid: EV, holder: 'other', expires_at: Date.now() + 60_000 });
  let answered: any;
  const reading = counts()
    .read(EV, versions)
    .then((r: any) => (answered = r));
  await new Promise((resolve) => setTimeout(resolve, 800));
  expect(answered).toBeUndefined(); // no zeros served: it waits for the holder's count
  // The holder counts it and lets the lease go.
  await counts().rebuild(EV, (versions[TAXONOMY_SCOPE] ?? 0) + 1);
  await sql(LEASES).where({ uid: EV }).del();
  await reading;
  expect(answered.recounting).toBe(false);
  expect(answered.counts.has('#built')).toBe(false);
});

it('a claim has one winner among many at once', async () => {
  const claimers = Array.from({ length: 8 }, (_, i) => countLease(app.strapi, `claimer-${i}`));
  const won = await Promise.all(claimers.map((l) => l.claim('test::race')));
  expect(won.filter(Boolean)).toHaveLength(1);
  const winner = claimers[won.indexOf(true)];
  expect(await winner.renew('test::race')).toBe(true);
  expect(await claimers[won.indexOf(false)].renew('test::race')).toBe(false);
  await winner.release('test::race');
  expect(await sql(LEASES).where({ uid: 'test::race' })).toEqual([]);
});

describe('two Strapi processes', () => {
  it('while one rebuilds, the other serves the last counts and says so, without rebuilding', async () => {
    const before = purchase(await coverage());
    await linkAroundStrapi();
    const gate = gateRebuilds();
    try {
      expect((await coverage()).meta.recounting).toBe(true); // this instance takes the lease
      await until(() => gate.calls > 0);
      const other = await inSecondInstance(app.db, 'coverage-counts', 'read', [
        WP,
        await readVersions(app.strapi),
      ]);
      expect(other.recounting).toBe(true);
      expect(other.counts['published|all|*|st:b2b:purchase'] ?? 0).toBe(before);
      expect(await invalid()).toBe(true); // the second process did not rebuild
      expect(gate.calls).toBe(1);
    } finally {
      gate.open();
      gate.restore();
    }
    await untilRecounted(app);
    expect(purchase(await coverage())).toBe(before + 1);
  });

  it('the one that finds the counts invalid rebuilds them; the other then reads them exact', async () => {
    const before = purchase(await coverage());
    await linkAroundStrapi();
    const gate = gateRebuilds(); // would hold any rebuild of this instance
    try {
      const other = await inSecondInstance(app.db, 'coverage-counts', 'read', [
        WP,
        await readVersions(app.strapi),
      ]);
      expect(other.recounting).toBe(true);
      // It rebuilt in the background before it shut down (destroy lets a rebuild finish).
      expect(await invalid()).toBe(false);
      const body = await coverage();
      expect(body.meta.recounting).toBe(false);
      expect(purchase(body)).toBe(before + 1);
      expect(gate.calls).toBe(0);
    } finally {
      gate.open();
      gate.restore();
    }
  });
});
