/**
 * Experiments (issue #21) on a real Strapi: the settings list and its refusals, the public
 * split (cacheable, nothing per visitor), the recommend answer per arm, and the counts per
 * arm, exact across two instances and never doubled for a client that reports itself.
 */
import {
  adminToken,
  createEntry,
  grantPublic,
  inSecondInstance,
  startApp,
  type TestApp,
} from './helpers/strapi';

let app: TestApp;
let token: string;
const ids: Record<string, string> = {};

const admin = () => ({ Authorization: `Bearer ${token}` });
const putExperiments = (experiments: unknown[], auth = admin()) =>
  app.request().put('/journey/experiments').set(auth).send({ experiments });
const adminList = async () => {
  await app.strapi.plugin('journey').service('demand').flush();
  const res = await app.request().get('/journey/experiments').set(admin());
  expect(res.status).toBe(200);
  return res.body.data as any[];
};
const recommend = (query: Record<string, string>, headers: Record<string, string> = {}) =>
  app.request().get('/api/journey/recommend').set(headers).query(query);
const armOf = (result: any, arm: string) => result.arms.find((a: any) => a.arm === arm);

const HOMEPAGE = {
  id: 'homepage',
  label: 'Journey vs newest on the homepage',
  status: 'running',
  audience: 'b2b',
  arms: [
    { id: 'journey', label: 'Journey ranking', kind: 'journey', percent: 50 },
    { id: 'newest', label: 'Newest first', kind: 'newest', percent: 50 },
  ],
};

beforeAll(async () => {
  app = await startApp({ demand: { flushSeconds: 300 } });
  token = await adminToken(app);
  await grantPublic(app, [
    'plugin::journey.recommend.find',
    'plugin::journey.events.create',
    'plugin::journey.experiments.find',
    'api::whitepaper.whitepaper.find',
    'api::case-study.case-study.find',
  ]);
  // The research whitepaper is the journey answer at research; the selection case study is
  // published last, so it is the newest entry whatever its stage.
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
});
afterAll(() => app?.stop());

describe('the settings list', () => {
  it('refuses what does not add up, naming the parameter and what is allowed', async () => {
    const badSplit = await putExperiments([
      { ...HOMEPAGE, arms: [{ ...HOMEPAGE.arms[0], percent: 60 }, HOMEPAGE.arms[1]] },
    ]);
    expect(badSplit.status).toBe(400);
    expect(badSplit.body.error.details.param).toMatch(/^experiments\[0\]\.arms/);
    expect(badSplit.body.error.message).toMatch(/100/);

    const badKind = await putExperiments([
      { ...HOMEPAGE, arms: [{ ...HOMEPAGE.arms[0], kind: 'random' }, HOMEPAGE.arms[1]] },
    ]);
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details).toMatchObject({
      param: 'experiments[0].arms[0].kind',
      allowed: ['journey', 'newest', 'fixed', 'variant'],
    });
    // Nothing was stored by a refused save.
    expect(await adminList()).toEqual([]);
  });

  it('allows one running experiment per scope and says so when refused', async () => {
    const res = await putExperiments([HOMEPAGE, { ...HOMEPAGE, id: 'second' }]);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/homepage/);
    expect(res.body.error.message).toMatch(/second/);
    // Another audience is another scope: accepted.
    const ok = await putExperiments([HOMEPAGE, { ...HOMEPAGE, id: 'b2c-test', audience: 'b2c' }]);
    expect(ok.status).toBe(200);
    expect(ok.body.data.map((e: any) => e.id)).toEqual(['homepage', 'b2c-test']);
  });

  it('is changed only by a role that manages the settings', async () => {
    const editorRole = await app.strapi.admin.services.role.findOne({ code: 'strapi-editor' });
    const editor = await adminToken(app, { roleId: editorRole.id });
    const res = await putExperiments([], { Authorization: `Bearer ${editor}` });
    expect(res.status).toBe(403);
    expect((await adminList()).map((e) => e.id)).toEqual(['homepage', 'b2c-test']);
  });
});

describe('the public split', () => {
  it('publishes live splits only, the same for every visitor, cacheable, with no cookie', async () => {
    const res = await app.request().get('/api/journey/experiments');
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toMatch(/public/);
    expect(res.body.data).toEqual([
      {
        id: 'homepage',
        audience: 'b2b',
        locale: '*',
        arms: [
          { id: 'journey', percent: 50 },
          { id: 'newest', percent: 50 },
        ],
      },
      expect.objectContaining({ id: 'b2c-test' }),
    ]);
    const again = await app
      .request()
      .get('/api/journey/experiments')
      .set('If-None-Match', res.headers.etag);
    expect(again.status).toBe(304);
  });
});

describe('the recommend answer per arm', () => {
  it('journey arm: the journey ranking, with the arm in meta', async () => {
    const plain = await recommend({ stage: 'research', audience: 'b2b', limit: '1' });
    const res = await recommend({ stage: 'research', audience: 'b2b', limit: '1', arm: 'journey' });
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: any) => d.documentId)).toEqual([ids.research]);
    expect(res.body.data).toEqual(plain.body.data);
    expect(res.body.meta.experiment).toEqual({ id: 'homepage', arm: 'journey' });
    // Without an arm: served the same, and marked as not in the experiment.
    expect(plain.body.meta.experiment).toEqual({ id: 'homepage', arm: null });
  });

  it('newest arm: the newest published entry whatever its stage, said so in the reason', async () => {
    const res = await recommend({ stage: 'research', audience: 'b2b', limit: '1', arm: 'newest' });
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: any) => d.documentId)).toEqual([ids.selection]);
    expect(res.body.data[0].journey).toMatchObject({ match: 'baseline' });
    expect(res.body.data[0].journey.reason).toMatch(/Newest first/);
    // Sanitized as everywhere: no private field.
    expect(res.body.data[0].internalNotes).toBeUndefined();
  });

  it('newest arm with a type without draft & publish and without a title: its rows are the published ones', async () => {
    await grantPublic(app, ['api::event.event.find']);
    const rows = await app.strapi.plugin('journey').service('taxonomy').stageRows();
    const event = await app.strapi.documents('api::event.event' as any).create({
      data: {
        name: 'Newest event',
        internalNotes: 'secret',
        journeyStages: [rows.get('b2b:purchase').documentId],
        journeyAudience: 'b2b',
      },
    } as any);
    const res = await recommend({ stage: 'research', audience: 'b2b', limit: '1', arm: 'newest' });
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: any) => d.documentId)).toEqual([event.documentId]);
    expect(res.body.data[0].journey).toMatchObject({ match: 'baseline', title: 'Newest event' });
    expect(res.body.data[0].internalNotes).toBeUndefined();
    // The journey arm still serves by stage: the purchase-stage event is not the research answer.
    const journey = await recommend({
      stage: 'research',
      audience: 'b2b',
      limit: '1',
      arm: 'journey',
    });
    expect(journey.body.data.map((d: any) => d.documentId)).toEqual([ids.research]);
    await app.strapi.documents('api::event.event' as any).delete({ documentId: event.documentId });
  });

  it('an arm the running experiment does not have is a 400 naming its arms', async () => {
    const res = await recommend({ stage: 'research', audience: 'b2b', arm: 'holdout' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ param: 'arm', allowed: ['journey', 'newest'] });
    const malformed = await recommend({ stage: 'research', audience: 'b2b', arm: 'Bad Arm' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.param).toBe('arm');
  });

  it("outside every experiment's scope, an arm is ignored: served as usual", async () => {
    await putExperiments([HOMEPAGE]);
    const res = await recommend({ stage: 'b2c:awareness', audience: 'b2c', arm: 'newest' });
    expect(res.status).toBe(200);
    expect(res.body.meta.experiment).toBeUndefined();
  });
});

describe('counting per arm', () => {
  it('counts answers per arm (server mode), not those a client reports itself, and events per arm', async () => {
    const before = (await adminList()).find((e) => e.id === 'homepage').result;
    for (let i = 0; i < 3; i += 1)
      await recommend({ stage: 'research', audience: 'b2b', arm: 'journey', limit: String(i + 1) });
    await recommend({ stage: 'research', audience: 'b2b', arm: 'newest', limit: '4' });
    await recommend({ stage: 'research', audience: 'b2b', limit: '5' });
    // A CDN-served page reports its answers as events: the request itself is not counted.
    await recommend(
      { stage: 'research', audience: 'b2b', arm: 'newest', limit: '6' },
      { 'X-Journey-Demand': 'client' }
    );
    const events = await app
      .request()
      .post('/api/journey/events')
      .send({
        events: [
          {
            type: 'answer',
            stage: 'b2b:research',
            outcome: 'exact',
            experiment: 'homepage',
            arm: 'newest',
          },
          { type: 'view', documentId: ids.research, experiment: 'homepage', arm: 'journey' },
          // A click forward (research → selection): a click and a progression.
          {
            type: 'click',
            documentId: ids.selection,
            visitorStage: 'b2b:research',
            experiment: 'homepage',
            arm: 'journey',
          },
          // Unknown arm or experiment: the event still counts for demand, not for an arm.
          { type: 'view', documentId: ids.research, experiment: 'homepage', arm: 'other' },
          { type: 'view', documentId: ids.research, experiment: 'nope', arm: 'journey' },
        ],
      });
    expect(events.status).toBe(202);
    expect(events.body.data).toMatchObject({ accepted: 5, ignored: 0 });
    const after = (await adminList()).find((e) => e.id === 'homepage').result;
    const delta = (arm: string, field: string) =>
      armOf(after, arm)[field] - (armOf(before, arm)?.[field] ?? 0);
    expect(delta('journey', 'answers')).toBe(3);
    expect(delta('journey', 'views')).toBe(1);
    expect(delta('journey', 'clicks')).toBe(1);
    expect(delta('journey', 'progressions')).toBe(1);
    expect(delta('newest', 'answers')).toBe(2); // one served, one reported
    expect(after.outside.answers - (before.outside?.answers ?? 0)).toBe(1);
    expect(after.enoughData).toBe(false);
  });

  it('an event with a malformed experiment or arm is a 400 naming the field; nothing of the batch is counted', async () => {
    const before = (await adminList()).find((e) => e.id === 'homepage').result;
    const res = await app
      .request()
      .post('/api/journey/events')
      .send({
        events: [
          { type: 'view', documentId: ids.research, experiment: 'homepage', arm: 'journey' },
          { type: 'click', documentId: ids.research, experiment: 'homepage', arm: 'Not An Arm' },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.details.param).toBe('events[1].arm');
    const after = (await adminList()).find((e) => e.id === 'homepage').result;
    expect(armOf(after, 'journey').views).toBe(armOf(before, 'journey').views);
  });

  it('two instances count into the same rows without losing any', async () => {
    const before = (await adminList()).find((e) => e.id === 'homepage').result;
    const batch = {
      events: Array.from({ length: 40 }, (_, i) => ({
        type: 'answer',
        stage: 'b2b:research',
        outcome: 'exact',
        experiment: 'homepage',
        arm: i % 2 ? 'journey' : 'newest',
      })),
    };
    const here = (async () => {
      for (let i = 0; i < 10; i += 1) {
        await recommend({
          stage: 'research',
          audience: 'b2b',
          arm: 'journey',
          limit: String(i + 1),
        });
        if (i % 3 === 2) await app.strapi.plugin('journey').service('demand').flush();
      }
    })();
    await Promise.all([inSecondInstance(app.db, 'events', 'ingest', [batch]), here]);
    const after = (await adminList()).find((e) => e.id === 'homepage').result;
    expect(armOf(after, 'journey').answers - armOf(before, 'journey').answers).toBe(30);
    expect(armOf(after, 'newest').answers - armOf(before, 'newest').answers).toBe(20);
  });

  it('stores no visitor id: only day × experiment × arm × metric rows', async () => {
    const rows = await app.strapi.db.getConnection('journey_experiment_days').select('*');
    expect(rows.length).toBeGreaterThan(0);
    // Strapi's own bookkeeping columns aside, the keys are the aggregate's and nothing else.
    const strapiColumns = ['id', 'document_id', 'created_at', 'updated_at', 'published_at'];
    const columns = Object.keys(rows[0]).filter(
      (c) => !strapiColumns.includes(c) && !/_by_id$|^locale$/.test(c)
    );
    expect(columns.sort()).toEqual(['arm', 'day', 'experiment', 'metric', 'n']);
    // The arms seen are the experiment's (and '' for "not in the experiment"), never anything per visitor.
    expect([...new Set(rows.map((r: any) => r.arm))].sort()).toEqual(['', 'journey', 'newest']);
  });
});

describe('the demo experiment', () => {
  it('finds the lift its generated traffic was given, with enough data and no split drift', async () => {
    expect((await putExperiments([])).status).toBe(200);
    const { seedDemoExperiment, DEMO_EXPERIMENT } =
      await import('../../examples/app/src/demo/experiment');
    await seedDemoExperiment(app.strapi);
    const demo = (await adminList()).find((e) => e.id === DEMO_EXPERIMENT.id);
    expect(demo).toMatchObject({ live: true, source: 'settings', control: 'newest' });
    const { result } = demo;
    expect(result.days).toBe(21);
    expect(result.enoughData).toBe(true);
    expect(result.srm.mismatch).toBe(false);
    // Generated with click rates 7.5 % (journey) and 5.5 % (newest): a 36 % lift.
    const click = result.comparisons.find(
      (c: any) => c.arm === 'journey' && c.versus === 'newest' && c.metric === 'click'
    );
    expect(click.significant).toBe(true);
    expect(click.low).toBeLessThan(0.075 / 0.055 - 1);
    expect(click.high).toBeGreaterThan(0.075 / 0.055 - 1);
    // About 4 % of answers named no arm: counted apart, not in the arms.
    const all = result.arms.reduce((n: number, a: any) => n + a.answers, result.outside.answers);
    expect(result.outside.answers / all).toBeGreaterThan(0.03);
    expect(result.outside.answers / all).toBeLessThan(0.05);
  });
});
