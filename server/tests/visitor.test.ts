/**
 * Visitor signals on the real example app: `seen`, UTM / referrer / landing rules
 * (config and settings page), `stage=auto`, `from`, `GET /api/journey/visitor`.
 */
import { startApp, grantPublic, adminToken, type TestApp, namedEntries } from './helpers/strapi';
import { candidateSql } from '../src/queries/candidates';

let app: TestApp;
const ids: Record<string, string> = {};
const CONFIG_RULES = {
  visitor: {
    rules: [{ signal: 'utm_campaign', pattern: 'pricing-*', phase: 'decision', weight: 1 }],
  },
};

const recommend = (query: Record<string, string>) =>
  app.request().get('/api/journey/recommend').query(query);
const visitor = (query: Record<string, string>) =>
  app.request().get('/api/journey/visitor').query(query);
const titles = (res: any) => res.body.data.map((d: any) => d.title);

beforeAll(async () => {
  app = await startApp(CONFIG_RULES);
  await grantPublic(app, [
    'plugin::journey.recommend.find',
    'plugin::journey.visitor.find',
    'plugin::journey.visitor.model',
    'api::whitepaper.whitepaper.find',
    'api::blog-post.blog-post.find',
    // case-study.find deliberately not granted: a seen case study counts for nothing
  ]);
  const add = namedEntries(app, ids);
  await add('A1', 'blog-post', ['b2b:problem-recognition'], 'b2b');
  await add('A2', 'blog-post', ['b2b:problem-recognition'], 'b2b');
  await add('R1', 'whitepaper', ['b2b:research'], 'b2b');
  await add('R2', 'whitepaper', ['b2b:research'], 'b2b');
  await add('K1', 'whitepaper', ['b2b:consideration'], 'b2b');
  await add('S1', 'whitepaper', ['b2b:selection'], 'b2b');
  await add('S2', 'whitepaper', ['b2b:selection'], 'b2b');
  await add('P1', 'whitepaper', ['b2b:purchase'], 'b2b');
  await add('C1', 'case-study', ['b2b:purchase'], 'b2b');
  await add('D1', 'whitepaper', ['b2b:purchase'], 'b2b', { publish: false });
  await add('X1', 'blog-post', ['b2c:awareness'], 'b2c');
  await add('X2', 'blog-post', ['b2c:awareness'], 'b2c');
});
afterAll(() => app?.stop());

describe('seen: the stage follows what the visitor read', () => {
  it('reading awareness then research content: consideration, b2b, both reads excluded', async () => {
    const res = await recommend({ seen: `${ids.A1},${ids.R1}`, limit: '10' });
    expect(res.status).toBe(200);
    expect(res.body.meta).toMatchObject({
      stage: 'b2b:research',
      phase: 'consideration',
      audience: 'b2b',
    });
    expect(res.body.meta.visitor).toMatchObject({
      stage: 'b2b:research',
      phase: 'consideration',
      audience: 'b2b',
      source: 'inferred',
    });
    expect(res.body.meta.visitor.confidence).toBeGreaterThan(0);
    expect(res.body.meta.visitor.reason).toMatch(
      /^Consideration, Research \(B2B\): 1 of 2 entries read is consideration content/
    );
    expect(res.body.meta.visitor.evidence).toContainEqual({
      source: 'seen',
      documentId: ids.R1,
      stage: 'b2b:research',
      phase: 'consideration',
      weight: 1,
    });
    expect(titles(res)[0]).toBe('R2');
    expect(titles(res)).not.toContain('R1');
    expect(titles(res)).not.toContain('A1');
  });

  it('journeys move forward: a decision read, then an awareness read, is still decision', async () => {
    const res = await recommend({ seen: `${ids.S1},${ids.A1}` });
    expect(res.body.meta).toMatchObject({
      stage: 'b2b:selection',
      phase: 'decision',
      audience: 'b2b',
    });
    expect(titles(res)).toEqual(['S2', 'P1', 'K1']);
  });

  it('unknown, unpublished and forbidden ids count for nothing, and look exactly alike', async () => {
    const answers = await Promise.all(
      ['zzzzunknownzzzz', ids.D1, ids.C1].map((id) => recommend({ seen: `${ids.A1},${id}` }))
    );
    for (const res of answers) expect(res.status).toBe(200);
    expect(answers[1].body).toEqual(answers[0].body);
    expect(answers[2].body).toEqual(answers[0].body);
    expect(answers[2].headers.etag).toBe(answers[0].headers.etag);
    expect(JSON.stringify(answers[2].body)).not.toContain(ids.C1);
    expect(answers[0].body.meta.visitor.phase).toBe('awareness');
  });

  it('given stage wins, and seen entries are still excluded', async () => {
    const res = await recommend({ stage: 'b2b:selection', seen: ids.S1 });
    expect(res.body.meta.stage).toBe('b2b:selection');
    expect(titles(res)).not.toContain('S1');
    expect(titles(res)[0]).toBe('S2');
  });

  it('a bare stage key is resolved through the inferred audience', async () => {
    // `consideration` is a key of both frameworks; the b2c read picks b2c's.
    const res = await recommend({ stage: 'consideration', seen: `${ids.X1}` });
    expect(res.body.meta).toMatchObject({ stage: 'b2c:consideration', audience: 'b2c' });
    expect(titles(res)).toEqual(['X2']);
  });

  it('stage=auto with no evidence: the default stage, confidence 0; equal signals, equal ETag and 304', async () => {
    const res = await recommend({ stage: 'auto' });
    expect(res.status).toBe(200);
    expect(res.body.meta.visitor).toMatchObject({
      stage: 'b2b:problem-recognition',
      confidence: 0,
      source: 'default',
      evidence: [],
    });
    const again = await app
      .request()
      .get('/api/journey/recommend')
      .query({ stage: 'auto' })
      .set('If-None-Match', res.headers.etag);
    expect(again.status).toBe(304);
  });

  it('an answer without signals carries no meta.visitor (unchanged for existing callers)', async () => {
    const res = await recommend({ stage: 'b2b:research' });
    expect(res.body.meta.visitor).toBeUndefined();
  });
});

describe('signal rules', () => {
  it('config rules: utm_campaign=pricing-* puts the visitor in decision', async () => {
    const res = await recommend({ utm_campaign: 'Pricing-Q4', audience: 'b2b' });
    expect(res.body.meta).toMatchObject({ stage: 'b2b:selection', phase: 'decision' });
    expect(res.body.meta.visitor.reason).toMatch(/utm_campaign matched "pricing-\*"/);
  });

  it('settings-page rules are stored in the database, validated, and behind the settings RBAC', async () => {
    const token = await adminToken(app);
    const roles = app.strapi.admin.services.role;
    const reader = await roles.create({ name: 'Signal reader', description: 'coverage only' });
    await roles.assignPermissions(reader.id, [{ action: 'plugin::journey.coverage.read' }]);
    const readerToken = await adminToken(app, { roleId: reader.id });
    const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

    const bad = await app
      .request()
      .put('/journey/signal-rules')
      .set(auth(token))
      .send({ rules: [{ signal: 'utm_x', pattern: 'a', phase: 'decision' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toMatchObject({
      param: 'rules[0].signal',
      allowed: expect.arrayContaining(['utm_source', 'referrer', 'landing']),
    });

    const rule = { signal: 'referrer', pattern: '*linkedin.com*', audience: 'b2b', weight: 1 };
    const forbidden = await app
      .request()
      .put('/journey/signal-rules')
      .set(auth(readerToken))
      .send({ rules: [rule] });
    expect(forbidden.status).toBe(403);
    const ok = await app
      .request()
      .put('/journey/signal-rules')
      .set(auth(token))
      .send({
        rules: [
          rule,
          { signal: 'landing', pattern: '/pricing*', stage: 'b2b:purchase', weight: 2 },
        ],
      });
    expect(ok.status).toBe(200);
    const read = await app.request().get('/journey/signal-rules').set(auth(readerToken));
    expect(read.status).toBe(200);
    expect(read.body.data.configRules).toEqual(CONFIG_RULES.visitor.rules);
    expect(read.body.data.rules).toHaveLength(2);

    const res = await recommend({
      referrer: 'https://www.linkedin.com/feed/',
      landing: '/pricing/teams',
    });
    expect(res.body.meta).toMatchObject({ stage: 'b2b:purchase', audience: 'b2b' });
    expect(res.body.meta.visitor.evidence.filter((e: any) => e.source === 'rule')).toHaveLength(2);
  });

  it('bad signals answer 400 naming the parameter', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ seen: 'ok,not an id!' }, 'seen'],
      [{ seen: Array.from({ length: 51 }, (_, i) => `id${i}`).join(',') }, 'seen'],
      [{ utm_source: 'x'.repeat(501) }, 'utm_source'],
      [{ from: 'bad id' }, 'from'],
      [{ stage: 'auto', utm_nope: 'x' }, 'utm_nope'],
    ];
    for (const [query, param] of cases) {
      const res = await recommend(query);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        data: null,
        error: { status: 400, name: 'ValidationError', details: { param } },
      });
    }
    const repeated = await app
      .request()
      .get(`/api/journey/recommend?seen=${ids.A1}&seen=${ids.R1}`);
    expect(repeated.status).toBe(400);
    expect(repeated.body.error.details.param).toBe('seen');
  });
});

describe('from: the next step', () => {
  it('recommends the next stage of the entry’s framework, never the entry itself', async () => {
    const res = await recommend({ from: ids.R1, audience: 'b2b' });
    expect(res.body.meta).toMatchObject({
      stage: 'b2b:consideration',
      from: { documentId: ids.R1, stage: 'b2b:research', next: 'b2b:consideration' },
    });
    expect(titles(res)[0]).toBe('K1');
    expect(titles(res)).not.toContain('R1');
    // …then its phase: R2 (consideration) before anything of the next phase.
    expect(titles(res)[1]).toBe('R2');
  });

  it('the entry being read counts as read: its audience is inferred, meta.visitor agrees', async () => {
    const res = await recommend({ from: ids.R1, limit: '20' });
    expect(res.body.meta).toMatchObject({
      stage: 'b2b:consideration',
      audience: 'b2b',
      from: { documentId: ids.R1, stage: 'b2b:research', next: 'b2b:consideration' },
    });
    expect(res.body.meta.visitor).toMatchObject({
      stage: 'b2b:research',
      audience: 'b2b',
      source: 'inferred',
    });
    expect(res.body.meta.visitor.evidence).toContainEqual(
      expect.objectContaining({ source: 'seen', documentId: ids.R1, stage: 'b2b:research' })
    );
    // b2c entries are not served to a reader of a b2b entry.
    expect(titles(res)).not.toContain('X1');
    expect(titles(res)).not.toContain('R1');
  });

  it('a forbidden or unknown from is ignored alike', async () => {
    const a = await recommend({ from: ids.C1, audience: 'b2b' });
    const b = await recommend({ from: 'zzzzunknownzzzz', audience: 'b2b' });
    expect(a.body.meta.from).toEqual({ documentId: ids.C1, stage: null, next: null });
    expect(b.body.meta.from).toEqual({ documentId: 'zzzzunknownzzzz', stage: null, next: null });
    expect(titles(a)).toEqual(titles(b));
  });
});

describe('GET /api/journey/visitor', () => {
  it('returns the inference alone, with ETag and 304', async () => {
    const res = await visitor({ seen: `${ids.A1},${ids.P1}` });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      stage: 'b2b:purchase',
      phase: 'decision',
      audience: 'b2b',
      source: 'inferred',
    });
    expect(res.body.meta).toEqual({ seen: 2, locale: null });
    const again = await app
      .request()
      .get('/api/journey/visitor')
      .query({ seen: `${ids.A1},${ids.P1}` })
      .set('If-None-Match', res.headers.etag);
    expect(again.status).toBe(304);
    const bad = await visitor({ stage: 'b2b:research' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.param).toBe('stage');
  });

  it('the model for edge mode: public taxonomy, every rule, weights, default stage', async () => {
    const res = await app.request().get('/api/journey/visitor/model');
    expect(res.status).toBe(200);
    expect(res.body.data.taxonomy.frameworks.map((f: any) => f.key)).toEqual(['b2b', 'b2c']);
    expect(res.body.data.rules[0]).toEqual(CONFIG_RULES.visitor.rules[0]);
    expect(res.body.data.weights).toMatchObject({ primary: 1, recency: 0.85 });
  });
});

describe('cost', () => {
  it('reads the seen entries’ tags and the stored rules in one query for every type', async () => {
    let n = 0;
    const listener = () => (n += 1);
    const uids = [
      'api::blog-post.blog-post',
      'api::case-study.case-study',
      'api::whitepaper.whitepaper',
    ];
    app.strapi.db.connection.on('query', listener);
    const { entries: found, storedRules } = await app.strapi
      .plugin('journey')
      .service('visitor')
      .read([ids.A1, ids.R1, ids.C1, ids.X1, ids.D1], uids, {});
    app.strapi.db.connection.off('query', listener);
    expect(n).toBe(1);
    expect([...found.keys()].sort()).toEqual([ids.A1, ids.R1, ids.C1, ids.X1].sort());
    expect(found.get(ids.R1)).toEqual({
      documentId: ids.R1,
      stages: ['b2b:research'],
      audience: 'b2b',
    });
    // Saved by the settings-page test above.
    expect(storedRules.map((r: any) => r.signal)).toEqual(['referrer', 'landing']);
  });

  it('a visitor’s candidates: one statement without their seen ids, the same for every visitor', async () => {
    const statements: Array<{ sql: string; bindings: unknown[] }> = [];
    const listener = (q: any) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
    app.strapi.plugin('journey').service('candidate-cache').clear();
    app.strapi.db.connection.on('query', listener);
    // Awareness, research and selection reads; the selection stage is asked for explicitly.
    const res = await recommend({
      stage: 'b2b:selection',
      seen: `${ids.A1},${ids.R1},${ids.S1}`,
      limit: '1',
    });
    // Another visitor, other reads: the list read for the first is theirs too (services/candidate-cache.ts).
    const other = await recommend({ stage: 'b2b:selection', seen: ids.S2, limit: '1' });
    app.strapi.db.connection.off('query', listener);
    expect(res.status).toBe(200);
    expect(titles(res)).toEqual(['S2']);
    expect(titles(other)).toEqual(['S1']);
    const candidates = statements.filter(
      (st) => /union all/i.test(st.sql) && /exists/i.test(st.sql)
    );
    expect(candidates).toHaveLength(1);
    // The exclusions are applied to the kept list, in memory: no seen id is in the statement.
    for (const id of [ids.A1, ids.R1, ids.S1, ids.S2])
      expect(candidates[0].bindings).not.toContain(id);
  });

  it('the SQL path (no change counters): each sub-select excludes only the seen ids that can match it', async () => {
    const statements: Array<{ sql: string; bindings: unknown[] }> = [];
    const listener = (q: any) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
    const uids = ['api::whitepaper.whitepaper', 'api::blog-post.blog-post'];
    const { byType } = await app.strapi
      .plugin('journey')
      .service('visitor')
      .read([ids.A1, ids.R1, ids.S1], uids, {});
    app.strapi.db.connection.on('query', listener);
    const rows = await candidateSql({ strapi: app.strapi }).tierRows(uids, ['b2b:selection'], {
      locales: {},
      exclude: [ids.A1, ids.R1, ids.S1],
      excludeTagged: { byType, untyped: [] },
      limit: 1,
    });
    app.strapi.db.connection.off('query', listener);
    expect(rows.map((r) => r.documentId)).toEqual([ids.S2]);
    expect(statements).toHaveLength(1);
    // S1 is a selection whitepaper: excluded there. A1 and R1 cannot be selection candidates.
    expect(statements[0].bindings).toContain(ids.S1);
    expect(statements[0].bindings).not.toContain(ids.A1);
    expect(statements[0].bindings).not.toContain(ids.R1);
  });

  it('stale seen tags: a seen entry the narrowed exclusion lets through is still excluded', async () => {
    const sql = candidateSql({ strapi: app.strapi });
    const uid = 'api::whitepaper.whitepaper';
    const scope = { locales: {}, exclude: [ids.S1], limit: 5 };
    // The tags read claim S1 is a research entry: its selection sub-select would not exclude it.
    const stale = new Map([
      [uid, [{ documentId: ids.S1, stages: ['b2b:research'], audience: 'b2b' as const }]],
    ]);
    const rows = await sql.tierRows([uid], ['b2b:selection'], {
      ...scope,
      excludeTagged: { byType: stale, untyped: [] },
    });
    expect(rows.map((r) => r.documentId)).toEqual([ids.S2]);
    // And without any exclusion S1 is a candidate there (the test would prove nothing otherwise).
    const plain = await sql.tierRows([uid], ['b2b:selection'], { ...scope, exclude: [] });
    expect(plain.map((r) => r.documentId).sort()).toEqual([ids.S1, ids.S2].sort());
  });

  it('a seen entry of a type without draft & publish is excluded from its own sub-select too', async () => {
    await grantPublic(app, ['api::event.event.find']);
    const event = async (name: string) => {
      const rows = await app.strapi.plugin('journey').service('taxonomy').stageRows();
      const doc = await app.strapi.documents('api::event.event' as any).create({
        data: {
          name,
          journeyStages: [rows.get('b2c:retention').documentId],
          journeyAudience: 'b2c',
        },
      } as any);
      return doc.documentId as string;
    };
    const [e1, e2] = [await event('E1'), await event('E2')];
    const res = await recommend({ stage: 'b2c:retention', types: 'events', seen: e1, limit: '5' });
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: any) => d.documentId)).toEqual([e2]);
  });
});
