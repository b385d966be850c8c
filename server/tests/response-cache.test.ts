import {
  startApp,
  grantPublic,
  createEntry,
  inSecondInstance,
  adminToken,
  type TestApp,
} from './helpers/strapi';

/**
 * The recommend response cache (services/response-cache.ts): a repeated request is
 * answered from memory after Strapi's auth and one read of the change counters, and
 * never with an answer that a write (on any instance) or a permission change made stale.
 */
let app: TestApp;
let w1 = '';
const URL = '/api/journey/recommend?stage=research&audience=b2b&limit=5';
const get = (url = URL) => app.request().get(url);
const titles = (res: any) => res.body.data.map((d: any) => d.title).sort();

/** Every SQL statement knex sends while `fn` runs. */
const statements = async (fn: () => Promise<unknown>) => {
  const sql: string[] = [];
  const listener = (q: any) => sql.push(q.sql);
  app.strapi.db.connection.on('query', listener);
  try {
    await fn();
  } finally {
    app.strapi.db.connection.off('query', listener);
  }
  return sql;
};
const settle = () => new Promise((r) => setTimeout(r, 150)); // change counters move right after commit

beforeAll(async () => {
  app = await startApp();
  await grantPublic(app, [
    'plugin::journey.recommend.find',
    'api::whitepaper.whitepaper.find',
    'api::blog-post.blog-post.find',
  ]);
  w1 = await createEntry(app, 'whitepaper', {
    title: 'W1',
    stages: ['b2b:research'],
    audience: 'b2b',
    publish: true,
  });
  await createEntry(app, 'blog-post', {
    title: 'B1',
    stages: ['b2b:research'],
    audience: 'b2b',
    publish: true,
  });
});
afterAll(() => app?.stop());

describe('recommend response cache', () => {
  it('answers a repeated request with the same body and ETag, after two queries (auth, counters)', async () => {
    const first = await get();
    expect(first.status).toBe(200);
    let second: any;
    const sql = await statements(async () => (second = await get()));
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(sql).toHaveLength(2);
    expect(sql.some((s) => /journey_versions/.test(s))).toBe(true);
    expect((await get().set('If-None-Match', first.headers.etag)).status).toBe(304);
  });

  it('keys answers by every query parameter', async () => {
    const three = await get('/api/journey/recommend?stage=research&audience=b2b&limit=1');
    expect(three.body.data).toHaveLength(1);
    expect((await get()).body.data.length).toBeGreaterThan(1);
  });

  it('serves a write made on this instance, and one made by another Strapi process', async () => {
    await get();
    await createEntry(app, 'whitepaper', {
      title: 'W2',
      stages: ['b2b:research'],
      audience: 'b2b',
      publish: true,
    });
    await settle();
    expect(titles(await get())).toContain('W2');
    // Another instance's write: its rows change and, after its commit, its type's change counter
    // moves in the shared table. Done here by hand in SQL, so no state of this process can know of it.
    const w2 = (await get()).body.data.find((d: any) => d.title === 'W2');
    await app.strapi.db
      .getConnection('whitepapers')
      .where({ document_id: w2.documentId })
      .whereNotNull('published_at')
      .update({ title: 'W2 renamed elsewhere' });
    expect(titles(await get())).toContain('W2'); // nothing told this instance yet: counters unchanged
    await app.strapi.db
      .getConnection('journey_versions')
      .where({ scope: 'type:api::whitepaper.whitepaper' })
      .increment('n', 1);
    expect(titles(await get())).toContain('W2 renamed elsewhere');
    // And a real second Strapi process writing through the tags service moves the counters too.
    const before = await get();
    await inSecondInstance(app.db, 'tags', 'set', [
      'api::whitepaper.whitepaper',
      w2.documentId,
      { stages: ['b2c:purchase'] },
    ]);
    const after = await get();
    expect(after.status).toBe(200);
    expect(after.headers.etag).toBe(before.headers.etag); // a draft change: the live answer is the same
  });

  it('never serves an answer a permission change made stale', async () => {
    const before = await get();
    expect(before.body.meta.types).toContain('api::blog-post.blog-post');
    await app.strapi.db
      .query('plugin::users-permissions.permission')
      .delete({ where: { action: 'api::blog-post.blog-post.find' } });
    const after = await get();
    expect(after.status).toBe(200);
    expect(after.body.meta.types).not.toContain('api::blog-post.blog-post');
    expect(titles(after)).not.toContain('B1');
    await grantPublic(app, ['api::blog-post.blog-post.find']);
    expect((await get()).body.meta.types).toContain('api::blog-post.blog-post');
    // Revoking the route itself: 403 at once, not a cached 200.
    await app.strapi.db
      .query('plugin::users-permissions.permission')
      .delete({ where: { action: 'plugin::journey.recommend.find' } });
    expect((await get()).status).toBe(403);
    await grantPublic(app, ['plugin::journey.recommend.find']);
  });

  it('does not cache populate (it can reach types whose writes move no counter) nor errors', async () => {
    const url = `${URL}&populate=*`;
    await get(url);
    const sql = await statements(() => get(url));
    expect(sql.length).toBeGreaterThan(2);
    expect((await get('/api/journey/recommend?stage=nope')).status).toBe(400);
    expect((await get('/api/journey/recommend?stage=nope')).status).toBe(400);
  });

  it('never serves answers inferred with signal rules that a save (on any instance) replaced', async () => {
    const url = '/api/journey/recommend?limit=5&referrer=https://partner.example/post';
    const ruleEvidence = (res: any) =>
      res.body.meta.visitor.evidence.filter((e: any) => e.source === 'rule');
    expect(ruleEvidence(await get(url))).toHaveLength(0);
    expect(ruleEvidence(await get(url))).toHaveLength(0); // now from the cache
    const token = await adminToken(app);
    const saved = await app
      .request()
      .put('/journey/signal-rules')
      .set({ Authorization: `Bearer ${token}` })
      .send({ rules: [{ signal: 'referrer', pattern: '*partner.example*', phase: 'decision' }] });
    expect(saved.status).toBe(200);
    const inferred = await get(url);
    expect(ruleEvidence(inferred)).toHaveLength(1);
    expect(inferred.body.meta.phase).toBe('decision');
    // Another instance's save: the stored row changes, then (after its commit) the rules' counter moves.
    await app.strapi.db
      .getConnection('strapi_core_store_settings')
      .where({ key: 'plugin_journey_signal-rules' })
      .update({ value: JSON.stringify([]) });
    expect(ruleEvidence(await get(url))).toHaveLength(1); // nothing told this instance yet
    await app.strapi.db
      .getConnection('journey_versions')
      .where({ scope: 'signal-rules' })
      .increment('n', 1);
    expect(ruleEvidence(await get(url))).toHaveLength(0);
  });

  it('reads a seen entry’s tags once per change counter, and again after a write to its type', async () => {
    // Distinct URLs: every request below is computed (no answer to reuse), with the same seen id.
    const seenUrl = (limit: number) => `/api/journey/recommend?seen=${w1}&limit=${limit}`;
    const seenReads = (sql: string[]) => sql.filter((q) => /\bposition\b/.test(q)).length;
    let first: any;
    expect(seenReads(await statements(async () => (first = await get(seenUrl(5)))))).toBe(1);
    expect(first.body.meta.visitor.audience).toBe('b2b');
    let second: any;
    expect(seenReads(await statements(async () => (second = await get(seenUrl(4)))))).toBe(0);
    expect(second.body.meta.visitor.audience).toBe('b2b');
    // Another instance changes the published entry's audience, then moves the type's counter.
    await app.strapi.db
      .getConnection('whitepapers')
      .where({ document_id: w1 })
      .whereNotNull('published_at')
      .update({ journey_audience: 'b2c' });
    expect((await get(seenUrl(3))).body.meta.visitor.audience).toBe('b2b'); // not told yet
    await app.strapi.db
      .getConnection('journey_versions')
      .where({ scope: 'type:api::whitepaper.whitepaper' })
      .increment('n', 1);
    let after: any;
    expect(seenReads(await statements(async () => (after = await get(seenUrl(2)))))).toBe(1);
    expect(after.body.meta.visitor.audience).toBe('b2c');
  });
});

describe('entry cache (every visitor’s own request)', () => {
  const entryCache = () => app.strapi.plugin('journey').service('entry-cache');
  let visitor = 0;
  /** A URL no other request has (as each visitor's history makes theirs): a response-cache miss. */
  const visitorUrl = (extra = '') => `${URL}&exclude=visitor${(visitor += 1)}${extra}`;

  it('shares sanitized entries (and candidates’ stages) between distinct answers: the second loads none again', async () => {
    const first = await get(visitorUrl());
    const before = entryCache().stats();
    const second = await get(visitorUrl());
    const after = entryCache().stats();
    expect(second.body.data).toEqual(first.body.data);
    // Each served entry, and the stages of each candidate row, came from the cache; nothing was loaded.
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(2 * second.body.data.length);
    expect(after.misses).toBe(before.misses);
    // Nothing private, as sanitized for the caller.
    for (const item of second.body.data) expect(item.internalNotes).toBeUndefined();
  });

  it('serves an edit at once: a write moves the type’s counter, which is in every key', async () => {
    await get(visitorUrl());
    await app.strapi
      .documents('api::whitepaper.whitepaper')
      .update({ documentId: w1, data: { summary: 'Edited summary' } } as any);
    await app.strapi.documents('api::whitepaper.whitepaper').publish({ documentId: w1 });
    await settle();
    const res = await get(visitorUrl());
    expect(res.body.data.find((d: any) => d.documentId === w1).summary).toBe('Edited summary');
  });

  it('keys by fields: an answer asking for other fields does not get a cached full entry', async () => {
    const full = (await get(visitorUrl())).body.data.find((d: any) => d.documentId === w1);
    expect(full.summary).toBe('Edited summary');
    const narrow = (await get(visitorUrl('&fields=slug'))).body.data.find(
      (d: any) => d.documentId === w1
    );
    expect(narrow.summary).toBeUndefined();
    expect(narrow.journey.title).toBe(full.journey.title);
  });
});
