import {
  startApp,
  grantPublic,
  createEntry,
  inSecondInstance,
  namedEntries,
  type TestApp,
} from './helpers/strapi';
import { prng } from './helpers/prng';
import { tagStorage } from '../src/queries/tag-storage';
import { HEADROOM } from '../src/services/candidate-cache';

/**
 * The candidate-list cache (services/candidate-cache.ts, issue #22): a visitor's request
 * (its own seen list, a response-cache miss) takes its candidates from a list kept per
 * stage, audience, locale and change counters, with its exclusions applied in memory.
 * Every answer must be the one the uncached path gives (SQL with NOT IN … LIMIT, no
 * cache at all): warm, after each kind of write, and after a write on another instance.
 */
let app: TestApp;
const ids: Record<string, string> = {};
const research: string[] = [];
/** The research whitepapers tagged b2b (not both): one sub-select of more than limit + HEADROOM rows. */
const researchB2b: string[] = [];
const WP = 'api::whitepaper.whitepaper';
const settle = () => new Promise((r) => setTimeout(r, 150)); // change counters move right after commit
const service = (name: string) => app.strapi.plugin('journey').service(name);

/**
 * GET the recommend URL (the cached path) and compute the same query with no cache at all
 * (recommend() without change counters: no response, entry, seen or candidate cache), with
 * the auth Strapi gave the request. Expects both answers equal; returns the served one.
 */
const same = async (query: Record<string, string>) => {
  const recommend = service('recommend');
  const spy = jest.spyOn(recommend, 'recommend');
  // A visitor's URL is their own: always a response-cache miss (the candidate cache stays warm).
  service('response-cache').clear();
  let res: any;
  let auth: unknown;
  try {
    res = await app.request().get('/api/journey/recommend').query(query);
    auth = spy.mock.calls[0]?.[1];
  } finally {
    spy.mockRestore();
  }
  expect(res.status).toBe(200);
  expect(auth).toBeDefined();
  const reference = JSON.parse(JSON.stringify(await recommend.recommend({ ...query }, auth)));
  expect({ query, body: res.body }).toEqual({ query, body: reference });
  return res.body;
};
const served = (body: any) => body.data.map((d: any) => d.documentId);

beforeAll(async () => {
  app = await startApp();
  await grantPublic(app, [
    'plugin::journey.recommend.find',
    'api::whitepaper.whitepaper.find',
    'api::blog-post.blog-post.find',
  ]);
  // One sub-select with more rows than a request's limit + HEADROOM (the fallback), in two audiences.
  for (let i = 0; i < HEADROOM + 12; i += 1) {
    const audience = i % 9 === 0 ? 'both' : 'b2b';
    const documentId = await createEntry(app, 'whitepaper', {
      title: `R${i}`,
      stages: ['b2b:research'],
      audience,
      publish: true,
    });
    research.push(documentId);
    if (audience === 'b2b') researchB2b.push(documentId);
  }
  const add = namedEntries(app, ids);
  await add('B1', 'blog-post', ['b2b:research'], 'b2b');
  await add('B2', 'blog-post', ['b2b:research'], 'both');
  await add('K1', 'whitepaper', ['b2b:consideration'], 'b2b');
  await add('K2', 'blog-post', ['b2b:consideration'], 'both');
  await add('P1', 'whitepaper', ['b2b:problem-recognition'], 'b2b');
  await add('S1', 'whitepaper', ['b2b:selection'], 'b2b');
  await add('X1', 'blog-post', ['b2c:awareness'], 'b2c');
  // Ties on published_at (the order then rests on document_id): raw SQL, before any cache is warm.
  const s = tagStorage(app.strapi, WP);
  await app.strapi.db
    .getConnection(s.table)
    .whereIn('document_id', research.slice(10, 30))
    .whereNotNull('published_at')
    .update({ published_at: new Date('2026-01-02T03:04:05.000Z') });
  service('response-cache').clear();
});
afterAll(() => app?.stop());

describe('per-visitor answers from the candidate cache', () => {
  it('are identical to the uncached answer for many seen lists, limits and stages, warm', async () => {
    const rand = prng(22);
    const pool = [...research, ...Object.values(ids)];
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < 12; i += 1) {
        const seen = rand.sample(pool, 1 + rand.int(8));
        const query: Record<string, string> = {
          seen: seen.join(','),
          limit: String(1 + rand.int(10)),
        };
        if (rand.chance(0.5)) query.stage = 'auto';
        else query.stage = rand.pick(['research', 'consideration', 'b2b:selection']);
        if (rand.chance(0.3)) query.audience = 'b2b';
        const body = await same(query);
        for (const id of seen) expect(served(body)).not.toContain(id);
      }
    }
    const stats = service('candidate-cache').stats();
    expect(stats.hits).toBeGreaterThan(0);
    expect(stats.rows).toBeGreaterThan(0);
  });

  it('excludes the tied rows exactly: the same order as the SQL', async () => {
    // The tied block, excluded in part: what is left must come in document_id order, as the SQL gives.
    for (const k of [0, 3, 7]) {
      const seen = research.slice(10 + k, 18 + k);
      await same({ seen: seen.join(','), stage: 'research', audience: 'b2b', limit: '10' });
    }
  });

  it('answers from the SQL when a request excludes more rows than the list holds', async () => {
    const before = service('candidate-cache').stats().fallbacks;
    // The newest b2b research whitepapers, limit + HEADROOM of them, excluded: the list runs out.
    const newest = [...researchB2b].reverse().slice(0, 3 + HEADROOM);
    const body = await same({
      stage: 'b2b:research',
      audience: 'b2b',
      limit: '3',
      exclude: newest.slice(0, 45).join(','),
      seen: newest.slice(45).join(','),
    });
    expect(service('candidate-cache').stats().fallbacks).toBeGreaterThan(before);
    expect(body.data.length).toBeGreaterThan(0);
  });
});

describe('a role that may read fewer types', () => {
  it('gets its own list: no entry of a type it may not find, even with the wider list warm', async () => {
    const query = { stage: 'b2b:consideration', seen: research.slice(0, 2).join(','), limit: '10' };
    const wide = await same(query); // warms the list of a role that may read blog posts
    expect(served(wide)).toEqual(expect.arrayContaining([ids.K1, ids.K2]));
    const role = await app.strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'public' } });
    const blogPosts = { action: 'api::blog-post.blog-post.find', role: role.id };
    await app.strapi.db
      .query('plugin::users-permissions.permission')
      .deleteMany({ where: blogPosts });
    try {
      const narrow = await same({ ...query, seen: research.slice(2, 4).join(',') });
      expect(served(narrow)).toContain(ids.K1);
      expect(served(narrow)).not.toContain(ids.K2); // the blog post
    } finally {
      await app.strapi.db.query('plugin::users-permissions.permission').create({ data: blogPosts });
    }
  });
});

describe('after writes, never a stale list', () => {
  const visitorQuery = () => ({
    stage: 'auto',
    seen: `${research[0]},${research[1]}`,
    limit: '8',
  });

  it('publish: a new entry is served at once', async () => {
    await same(visitorQuery());
    const fresh = await createEntry(app, 'whitepaper', {
      title: 'Fresh',
      stages: ['b2b:research'],
      audience: 'b2b',
      publish: true,
    });
    await settle();
    const body = await same(visitorQuery());
    expect(served(body)).toContain(fresh);
    ids.Fresh = fresh;
  });

  it('unpublish: the entry leaves at once', async () => {
    await same(visitorQuery());
    await app.strapi.documents(WP).unpublish({ documentId: ids.Fresh });
    await settle();
    expect(served(await same(visitorQuery()))).not.toContain(ids.Fresh);
  });

  it('retag: an entry moved to another stage leaves this stage’s list', async () => {
    const before = await same(visitorQuery());
    const moved = served(before)[0];
    const rows = await service('taxonomy').stageRows();
    await app.strapi.documents(WP).update({
      documentId: moved,
      data: { journeyStages: [rows.get('b2c:awareness').documentId] },
    } as any);
    await app.strapi.documents(WP).publish({ documentId: moved });
    await settle();
    expect(served(await same(visitorQuery()))).not.toContain(moved);
  });

  it('delete: the entry leaves at once', async () => {
    const before = await same(visitorQuery());
    const gone = served(before)[0];
    await app.strapi.documents(WP).delete({ documentId: gone });
    await settle();
    expect(served(await same(visitorQuery()))).not.toContain(gone);
  });

  it('a write on another instance: this instance’s warm list is not served', async () => {
    const before = await same(visitorQuery());
    const gone = served(before)[0];
    await inSecondInstance(app.db, WP, 'unpublish', [{ documentId: gone }]);
    await settle();
    expect(served(await same(visitorQuery()))).not.toContain(gone);
    await inSecondInstance(app.db, WP, 'publish', [{ documentId: gone }]);
    await settle();
    expect(served(await same(visitorQuery()))).toContain(gone);
  });
});
