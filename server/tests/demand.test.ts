import {
  startApp,
  adminToken,
  grantPublic,
  createEntry,
  inSecondInstance,
  type TestApp,
} from './helpers/strapi';

let app: TestApp;
let token: string;
const ids: Record<string, string> = {};

const demand = () => app.strapi.plugin('journey').service('demand');
const recommend = (query: Record<string, string>, headers: Record<string, string> = {}) =>
  app.request().get('/api/journey/recommend').set(headers).query(query);
const report = (query: Record<string, string> = {}) =>
  app.request().get('/journey/demand').set('Authorization', `Bearer ${token}`).query(query);
const stageOf = (res: any, id: string) => res.body.data.stages.find((s: any) => s.id === id);
const postEvents = (body: unknown) =>
  app
    .request()
    .post('/api/journey/events')
    .send(body as object);

beforeAll(async () => {
  app = await startApp({ demand: { flushSeconds: 300 } });
  token = await adminToken(app);
  await grantPublic(app, [
    'plugin::journey.recommend.find',
    'api::whitepaper.whitepaper.find',
    'api::case-study.case-study.find',
    'api::blog-post.blog-post.find',
  ]);
  ids.research = await createEntry(app, 'whitepaper', {
    title: 'Research WP',
    stages: ['b2b:research'],
    audience: 'b2b',
    publish: true,
  });
  ids.selection = await createEntry(app, 'case-study', {
    title: 'Selection CS',
    stages: ['b2b:selection'],
    audience: 'b2b',
    publish: true,
  });
  ids.draft = await createEntry(app, 'whitepaper', {
    title: 'Draft WP',
    stages: ['b2b:research'],
    audience: 'b2b',
  });
});
afterAll(() => app?.stop());

describe('counting recommend answers', () => {
  it('counts each answer once by stage, audience and outcome (exact, widened, empty), after a flush', async () => {
    expect(
      (await recommend({ stage: 'research', audience: 'b2b', limit: '1' })).body.meta
    ).toMatchObject({ fallback: false, count: 1 });
    // Three asked, the stage's one entry served first and a neighbour after it: the visitor
    // got an entry of the stage, so the request was met (exact), whatever `limit` asked.
    expect(
      (await recommend({ stage: 'research', audience: 'b2b', limit: '3' })).body.meta
    ).toMatchObject({ fallback: true, count: 2 });
    // Nothing tagged with the stage, only its phase: widened.
    const consideration = await recommend({ stage: 'b2b:consideration', limit: '3' });
    const matches = consideration.body.data.map((d: any) => d.journey.match);
    expect(matches).toContain('phase');
    expect(matches).not.toContain('exact');
    expect((await recommend({ stage: 'b2c:advocacy', audience: 'b2c' })).body.meta.count).toBe(0);
    // Buffered, not yet written: the request did not wait on the database.
    expect(stageOf(await report(), 'b2b:research').requests).toBe(0);
    await demand().flush();
    const res = await report();
    expect(res.status).toBe(200);
    expect(stageOf(res, 'b2b:research')).toMatchObject({
      requests: 2,
      exact: 2,
      widened: 0,
      empty: 0,
    });
    expect(stageOf(res, 'b2b:consideration')).toMatchObject({ requests: 1, widened: 1 });
    expect(stageOf(res, 'b2c:advocacy')).toMatchObject({
      requests: 1,
      exact: 0,
      widened: 0,
      empty: 1,
    });
    expect(res.body.data.totals).toEqual({ requests: 4, exact: 2, widened: 1, empty: 1 });
    expect(stageOf(res, 'b2b:research').series.at(-1)).toBe(2);
    expect(res.body.data.days).toHaveLength(30);
  });

  it('counts a 304 answer, but not an answer whose client reports its own (X-Journey-Demand: client), nor a refused request', async () => {
    const first = await recommend({ stage: 'b2b:selection', audience: 'b2b', limit: '1' });
    await recommend(
      { stage: 'b2b:selection', audience: 'b2b', limit: '1' },
      { 'If-None-Match': first.headers.etag }
    );
    await recommend(
      { stage: 'b2b:selection', audience: 'b2b', limit: '1' },
      { 'X-Journey-Demand': 'client' }
    );
    expect((await recommend({ stage: 'nope' })).status).toBe(400);
    await demand().flush();
    expect(stageOf(await report(), 'b2b:selection')).toMatchObject({ requests: 2, exact: 2 });
  });

  it('filters by audience', async () => {
    const b2c = await report({ audience: 'b2c' });
    expect(stageOf(b2c, 'b2b:research').requests).toBe(0);
    expect(stageOf(b2c, 'b2c:advocacy').requests).toBe(1);
  });

  it('counts nothing when demand.enabled is false', async () => {
    const saved = app.strapi.config.get('plugin::journey');
    app.strapi.config.set('plugin::journey', { ...saved, demand: { enabled: false } });
    try {
      await recommend({ stage: 'b2b:research', audience: 'b2b', limit: '1' });
      expect(demand().pending()).toBe(0);
    } finally {
      app.strapi.config.set('plugin::journey', saved);
    }
  });
});

describe('two instances', () => {
  it('count into the same rows without losing any: N requests, N counted', async () => {
    const stage = 'b2b:problem-recognition';
    const before = stageOf(await report(), stage).requests;
    const batch = {
      events: Array.from({ length: 50 }, () => ({
        type: 'answer',
        stage,
        audience: 'b2b',
        outcome: 'empty',
      })),
    };
    const http = (async () => {
      for (let i = 0; i < 40; i += 1) {
        await recommend({ stage, audience: 'b2b' });
        if (i % 4 === 3) await demand().flush();
      }
    })();
    // Two more processes on the same database, each counting 50 answers and flushing at shutdown.
    await Promise.all([
      inSecondInstance(app.db, 'events', 'ingest', [batch]),
      inSecondInstance(app.db, 'events', 'ingest', [batch]),
      http,
    ]);
    await demand().flush();
    // 100 answers reported by the two processes (empty), 40 served here (widened to the research whitepaper).
    expect(stageOf(await report(), stage)).toMatchObject({
      requests: before + 140,
      empty: 100,
      widened: 40,
    });
  });
});

describe('write next', () => {
  it('ranks gaps by unmet requests, with the numbers behind the rank', async () => {
    const res = await report({ audience: 'b2b' });
    const first = res.body.data.writeNext[0];
    expect(first).toMatchObject({
      rank: 1,
      stage: 'b2b:problem-recognition',
      audience: 'b2b',
      requests: 140,
      empty: 100,
      widened: 40,
      unmet: 140,
      unmetShare: 1,
      supply: 0,
      target: 1,
    });
    expect(first.uid).toMatch(/^api::/);
    expect(first.stageLabel).toBe('Problem Recognition');
    const stagesRanked = res.body.data.writeNext.map((w: any) => w.stage);
    // A visitor at research got the research whitepaper every time (even asking for three):
    // met demand, not a gap. Consideration got only its phase's entries: unmet.
    expect(stagesRanked).not.toContain('b2b:research');
    const anyAudience = (await report()).body.data.writeNext.map((w: any) => w.stage);
    expect(anyAudience).toContain('b2b:consideration');
    expect(stagesRanked).not.toContain('b2b:selection'); // every answer exact: no unmet demand
  });

  it('never proposes a type marked "not applicable" for the stage; with none left, the stage drops out', async () => {
    const stage = 'b2b:problem-recognition';
    const proposedFor = async () =>
      (await report({ audience: 'b2b' })).body.data.writeNext
        .filter((w: any) => w.stage === stage)
        .map((w: any) => w.uid);
    const setTargets = async (value: unknown, uids: string[]) =>
      expect(
        (
          await app
            .request()
            .put('/journey/settings')
            .set({ Authorization: `Bearer ${token}` })
            .send({ targets: Object.fromEntries(uids.map((u) => [u, { [stage]: value }])) })
        ).status
      ).toBe(200);
    const [first] = await proposedFor();
    expect(first).toMatch(/^api::/);
    await setTargets('not-applicable', [first]);
    const next = await proposedFor();
    expect(next).toHaveLength(1);
    expect(next[0]).not.toBe(first);
    const served = [
      'api::whitepaper.whitepaper',
      'api::case-study.case-study',
      'api::blog-post.blog-post',
    ];
    await setTargets('not-applicable', served);
    expect(await proposedFor()).toEqual([]);
    await setTargets(null, served);
    expect(await proposedFor()).toEqual([first]);
  });

  it('proposes only types visitors are served (the Public role may find), and names the others', async () => {
    const { writeNext, notServed } = (await report()).body.data;
    const served = [
      'api::whitepaper.whitepaper',
      'api::case-study.case-study',
      'api::blog-post.blog-post',
    ];
    expect(writeNext.length).toBeGreaterThan(0);
    for (const item of writeNext) expect(served).toContain(item.uid);
    expect(notServed.map((t: any) => t.uid).sort()).toEqual([
      'api::event.event',
      'api::guide.guide',
      'api::landing-page.landing-page',
      'api::product-page.product-page',
    ]);
    expect(notServed.find((t: any) => t.uid === 'api::event.event').displayName).toBe('Event');
  });
});

describe('POST /api/journey/events', () => {
  it('is refused until a role is granted the events action', async () => {
    const res = await postEvents({ events: [{ type: 'view', documentId: ids.research }] });
    expect(res.status).toBe(403);
  });

  it('counts views and clicks of published entries per stage, ignores other ids, and records forward clicks', async () => {
    await grantPublic(app, ['plugin::journey.events.create']);
    const res = await postEvents({
      events: [
        { type: 'view', documentId: ids.research, stage: 'b2b:research' },
        { type: 'view', documentId: ids.research },
        { type: 'click', documentId: ids.research, visitorStage: 'b2b:research' },
        { type: 'view', documentId: ids.selection },
        { type: 'click', documentId: ids.selection, visitorStage: 'b2b:research' },
        { type: 'view', documentId: ids.draft },
        { type: 'view', documentId: 'doesnotexist123' },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.data).toEqual({ accepted: 5, ignored: 2 });
    await demand().flush();
    const data = (await report()).body.data;
    expect(stageOf({ body: { data } }, 'b2b:research')).toMatchObject({
      views: 2,
      clicks: 1,
      clickThrough: 0.5,
    });
    expect(stageOf({ body: { data } }, 'b2b:selection')).toMatchObject({ views: 1, clicks: 1 });
    expect(data.progression.cells).toEqual({ 'b2b:research': { 'b2b:selection': 1 } });
    const rows = await app.strapi.db.getConnection('journey_event_days').select('*');
    for (const row of rows)
      expect(Object.keys(row).join(',')).not.toMatch(/ip|agent|visitor|session/i);
  });

  it('takes a beacon’s text/plain JSON body, and counts reported answers as demand', async () => {
    const res = await app
      .request()
      .post('/api/journey/events')
      .set('Content-Type', 'text/plain')
      .send(
        JSON.stringify({
          events: [
            { type: 'answer', stage: 'b2c:retention', audience: 'b2c', outcome: 'widened' },
            { type: 'answer', stage: 'b2c:retention', locale: 'xx', outcome: 'empty' },
          ],
        })
      );
    expect(res.status).toBe(202);
    expect(res.body.data).toEqual({ accepted: 1, ignored: 1 }); // xx is not a locale of the site
    await demand().flush();
    expect(stageOf(await report(), 'b2c:retention')).toMatchObject({ requests: 1, widened: 1 });
    const notJson = await app
      .request()
      .post('/api/journey/events')
      .set('Content-Type', 'text/plain')
      .send('{nope');
    expect(notJson.status).toBe(400);
  });

  it('answers 4xx in Strapi’s error shape naming the field, for bad events, too many, or a too large body', async () => {
    const bad = await postEvents({ events: [{ type: 'hover', documentId: ids.research }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      data: null,
      error: {
        status: 400,
        details: { param: 'events[0].type', allowed: ['view', 'click', 'answer'] },
      },
    });
    const stage = await postEvents({
      events: [{ type: 'click', documentId: ids.research, visitorStage: 'research' }],
    });
    expect(stage.body.error.details.param).toBe('events[0].visitorStage');
    const extra = await postEvents({
      events: [{ type: 'view', documentId: ids.research, ip: '1.2.3.4' }],
    });
    expect(extra.body.error.details.param).toBe('events[0].ip');
    // Every refused field of every event, as Strapi's ValidationError lists them.
    const several = await postEvents({
      events: [
        { type: 'view', documentId: ids.research },
        { type: 'hover' },
        { type: 'answer', stage: 'nope', outcome: 'exact' },
      ],
    });
    expect(several.status).toBe(400);
    expect(several.body.error.details.param).toBe('events[1].type');
    expect(several.body.error.details.errors.map((e: any) => e.path)).toEqual([
      ['events', '1', 'type'],
      ['events', '2', 'stage'],
    ]);
    expect(several.body.error.details.errors[1].allowed).toContain('b2b:research');
    const many = await postEvents({
      events: Array.from({ length: 51 }, () => ({ type: 'view', documentId: ids.research })),
    });
    expect(many.status).toBe(400);
    expect(many.body.error.message).toMatch(/at most 50/);
    const big = await postEvents({
      events: [{ type: 'view', documentId: ids.research, stage: 'x'.repeat(20_000) }],
    });
    expect(big.status).toBe(413);
    expect((await postEvents({ events: [] })).status).toBe(400);
    expect((await postEvents([1, 2])).status).toBe(400);
  });
});

describe('GET /journey/demand', () => {
  it('refuses a bad period or audience, naming the allowed values', async () => {
    const res = await report({ days: '14' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual({
      param: 'days',
      allowed: ['7', '30', '90'],
      errors: [
        {
          path: ['days'],
          message: 'days must be one of 7, 30, 90',
          name: 'ValidationError',
          allowed: ['7', '30', '90'],
        },
      ],
    });
    expect((await report({ audience: 'both' })).body.error.details.param).toBe('audience');
    expect((await report({ locale: 'xx' })).body.error.details.param).toBe('locale');
    expect((await report({ days: '7', audience: 'b2b' })).body.data.days).toHaveLength(7);
  });

  it('needs an admin with the coverage read action', async () => {
    expect((await app.request().get('/journey/demand')).status).toBe(401);
    const role = await app.strapi.admin.services.role.create({
      name: 'No coverage',
      description: 'nothing',
    });
    const other = await adminToken(app, { roleId: role.id });
    expect(
      (await app.request().get('/journey/demand').set('Authorization', `Bearer ${other}`)).status
    ).toBe(403);
    expect(
      (await app.request().get('/journey/demand/status').set('Authorization', `Bearer ${other}`))
        .status
    ).toBe(403);
  });

  it('reports whether counting and events are on, and which roles may send events', async () => {
    const res = await app
      .request()
      .get('/journey/demand/status')
      .set('Authorization', `Bearer ${token}`);
    expect(res.body.data).toEqual({
      enabled: true,
      events: true,
      flushSeconds: 300,
      retentionDays: 400,
      eventsGrantedTo: ['Public'],
    });
  });
});

describe('retention', () => {
  it('prunes rows older than retentionDays and keeps the others', async () => {
    const old = Date.now() - 401 * 86_400_000;
    demand().record({ stage: 'b2c:retention', audience: 'b2c', outcome: 'empty' }, 3, old);
    demand().record({ stage: 'b2c:retention', audience: 'b2c', outcome: 'empty' }, 2);
    await demand().flush();
    const count = () =>
      app.strapi.db
        .getConnection('journey_demand_days')
        .where({ stage_id: 'b2c:retention' })
        .sum({ n: 'n' })
        .first();
    expect(Number((await count()).n)).toBe(6); // 3 old + 2 today + 1 reported by a client above
    expect(await demand().prune()).toBeGreaterThanOrEqual(1);
    expect(Number((await count()).n)).toBe(3);
    expect(await demand().prune()).toBe(0);
  });
});
