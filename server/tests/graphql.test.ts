import { startApp, grantPublic, type TestApp, namedEntries } from './helpers/strapi';

/**
 * GraphQL (@strapi/plugin-graphql, installed in the example app): journeyStages and
 * journeyRecommend answer exactly what the REST routes answer, with the same
 * permissions and sanitizing; the journey attributes work on every type's own queries.
 */
let app: TestApp;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

const gql = (query: string, variables?: Record<string, unknown>, token?: string) => {
  const req = app.request().post('/graphql').send({ query, variables });
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};
const rest = (path: string, query: Record<string, string> = {}, token?: string) => {
  const req = app.request().get(path).query(query);
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};

const RECOMMEND = `query Rec($stage: String!, $audience: String, $types: [String!], $limit: Int, $locale: String, $exclude: [String!], $fields: [String!], $populate: JSON) {
  journeyRecommend(stage: $stage, audience: $audience, types: $types, limit: $limit, locale: $locale, exclude: $exclude, fields: $fields, populate: $populate) {
    data { documentId contentType journey { title stages audience match reason } entry }
    meta { stage stages phase audience locale types fallback count }
  }
}`;

/** A user of the given Users & Permissions role type, with its JWT. */
const userToken = async (roleType: string) => {
  const { strapi } = app;
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: roleType } });
  const user = await strapi
    .plugin('users-permissions')
    .service('user')
    .add({
      username: `u-${roleType}`,
      email: `${roleType}@test.local`,
      password: 'Password123',
      provider: 'local',
      confirmed: true,
      blocked: false,
      role: role.id,
    });
  return strapi.plugin('users-permissions').service('jwt').issue({ id: user.id }) as string;
};

const grant = async (roleType: string, actions: string[]) => {
  const role = await app.strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: roleType } });
  for (const action of actions)
    await app.strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action, role: role.id } });
};

beforeAll(async () => {
  app = await startApp();
  await grantPublic(app, [
    'plugin::journey.recommend.find',
    'plugin::journey.stage.find',
    'api::whitepaper.whitepaper.find',
    'api::blog-post.blog-post.find',
  ]);
  // Authenticated users may also read case studies; Public may not.
  await grant('authenticated', [
    'plugin::journey.recommend.find',
    'api::whitepaper.whitepaper.find',
    'api::blog-post.blog-post.find',
    'api::case-study.case-study.find',
  ]);
  // A role that may read whitepapers but was granted neither journey route.
  await app.strapi.db
    .query('plugin::users-permissions.role')
    .create({ data: { name: 'Reader', description: 'whitepapers only', type: 'reader' } });
  await grant('reader', ['api::whitepaper.whitepaper.find']);
  tokens.user = await userToken('authenticated');
  tokens.reader = await userToken('reader');

  const add = namedEntries(app, ids);
  await add('W_exact', 'whitepaper', ['b2b:research'], 'b2b');
  await add('W_both', 'whitepaper', ['b2b:research', 'b2b:selection'], 'both');
  await add('B_exact', 'blog-post', ['b2b:research'], 'b2b');
  await add('W_phase', 'whitepaper', ['b2c:consideration'], 'both');
  await add('W_next', 'whitepaper', ['b2b:selection'], 'b2b');
  await add('W_b2c', 'whitepaper', ['b2c:awareness'], 'b2c');
  await add('C_exact', 'case-study', ['b2b:research'], 'b2b');
  await add('W_draft', 'whitepaper', ['b2b:research'], 'b2b', { publish: false });
});
afterAll(() => app?.stop());

/** Runs one recommend request over REST and over GraphQL and checks both give the same answer. */
const bothWays = async (vars: Record<string, unknown>, token?: string) => {
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) query[k] = Array.isArray(v) ? v.join(',') : String(v);
  const [r, g] = await Promise.all([
    rest('/api/journey/recommend', query, token),
    gql(RECOMMEND, vars, token),
  ]);
  expect(r.status).toBe(200);
  expect(g.status).toBe(200);
  expect(g.body.errors).toBeUndefined();
  const answer = g.body.data.journeyRecommend;
  expect(answer.data.map((d: any) => d.entry)).toEqual(r.body.data);
  expect(answer.data.map((d: any) => [d.documentId, d.contentType, d.journey])).toEqual(
    r.body.data.map((d: any) => [d.documentId, d.contentType, d.journey])
  );
  expect(answer.meta).toEqual({ stages: null, ...r.body.meta });
  return answer;
};

const titles = (answer: any) => answer.data.map((d: any) => d.entry.title);

describe('experiments', () => {
  it('journeyExperiments is the REST split, and journeyRecommend takes the arm and says it in meta', async () => {
    const experiments = app.strapi.plugin('journey').service('experiments');
    await experiments.update({
      experiments: [
        {
          id: 'gql',
          label: 'Journey vs newest',
          status: 'running',
          arms: [
            { id: 'journey', label: 'Journey', kind: 'journey', percent: 50 },
            { id: 'newest', label: 'Newest', kind: 'newest', percent: 50 },
          ],
        },
      ],
    });
    await grantPublic(app, ['plugin::journey.experiments.find']);
    try {
      const r = await rest('/api/journey/experiments');
      const g = await gql(
        '{ journeyExperiments { id audience locale arms { id percent } stopAt } }'
      );
      expect(g.body.errors).toBeUndefined();
      expect(g.body.data.journeyExperiments).toEqual(
        r.body.data.map((e: any) => ({ stopAt: null, ...e }))
      );
      const query = `query { journeyRecommend(stage: "research", audience: "b2b", arm: "newest", limit: 2) {
        data { documentId journey { match } } meta { experiment { id arm } } } }`;
      const answer = (await gql(query)).body.data.journeyRecommend;
      const viaRest = await rest('/api/journey/recommend', {
        stage: 'research',
        audience: 'b2b',
        arm: 'newest',
        limit: '2',
      });
      expect(answer.meta.experiment).toEqual({ id: 'gql', arm: 'newest' });
      expect(answer.data.map((d: any) => d.documentId)).toEqual(
        viaRest.body.data.map((d: any) => d.documentId)
      );
      expect(answer.data.map((d: any) => d.journey.match)).toEqual(['baseline', 'baseline']);
      const refused = await gql(
        'query { journeyRecommend(stage: "research", arm: "holdout") { meta { count } } }'
      );
      expect(refused.body.errors[0].extensions.error.details).toMatchObject({
        param: 'arm',
        allowed: ['journey', 'newest'],
      });
      // Results: refused until granted, then the REST results.
      const RESULTS =
        '{ journeyExperimentResults { id live control arms { id kind percent } result } }';
      expect((await gql(RESULTS)).body.errors[0].extensions.code).toBe('FORBIDDEN');
      await grantPublic(app, ['plugin::journey.experiments.results']);
      // The REST answer above was counted for its arm (GraphQL answers are not counted).
      await app.strapi.plugin('journey').service('demand').flush();
      const viaGql = (await gql(RESULTS)).body.data.journeyExperimentResults;
      const viaRestResults = (await rest('/api/journey/experiments/results')).body.data;
      expect(viaGql).toEqual(
        viaRestResults.map((e: any) => ({
          id: e.id,
          live: e.live,
          control: e.control,
          arms: e.arms.map((a: any) => ({ id: a.id, kind: a.kind, percent: a.percent })),
          result: e.result,
        }))
      );
      expect(viaGql[0].result.arms.find((a: any) => a.arm === 'newest').answers).toBeGreaterThan(0);
    } finally {
      await experiments.update({ experiments: [] });
    }
  });
});

describe('journeyStages', () => {
  it('is the REST taxonomy', async () => {
    const r = await rest('/api/journey/stages');
    const g = await gql(
      '{ journeyStages { phases { key label description order } frameworks { key label audience description stages { id key label description phase order } } audiences } }'
    );
    expect(g.status).toBe(200);
    expect(g.body.data.journeyStages).toEqual(r.body.data);
    expect(g.body.data.journeyStages.frameworks.map((f: any) => f.key)).toEqual(['b2b', 'b2c']);
  });
});

describe('journeyRecommend answers as GET /api/journey/recommend', () => {
  it('same entries, order, journey blocks and meta (with fallback)', async () => {
    const answer = await bothWays({ stage: 'research', audience: 'b2b', limit: 20 });
    expect(titles(answer)).toEqual(['W_exact', 'B_exact', 'W_both', 'W_phase', 'W_next']);
    expect(answer.data.map((d: any) => d.journey.match)).toEqual([
      'exact',
      'exact',
      'exact',
      'phase',
      'adjacent',
    ]);
    expect(answer.meta).toMatchObject({
      stage: 'b2b:research',
      phase: 'consideration',
      audience: 'b2b',
      fallback: true,
      count: 5,
    });
  });

  it('with types, limit, exclude, fields and populate', async () => {
    expect(
      titles(await bothWays({ stage: 'b2b:research', types: ['whitepapers'], limit: 2 }))
    ).toEqual(['W_both', 'W_exact']);
    expect(
      titles(
        await bothWays({ stage: 'research', audience: 'b2b', exclude: [ids.W_exact, ids.B_exact] })
      )
    ).toEqual(['W_both', 'W_phase', 'W_next']);
    const slim = await bothWays({
      stage: 'research',
      audience: 'b2b',
      fields: ['title'],
      limit: 1,
    });
    expect(Object.keys(slim.data[0].entry).sort()).toEqual([
      'contentType',
      'documentId',
      'id',
      'journey',
      'publishedAt',
      'title',
    ]);
    await bothWays({
      stage: 'research',
      audience: 'b2b',
      types: ['api::whitepaper.whitepaper'],
      populate: '*',
    });
  });

  it('several stages and a locale give the same meta', async () => {
    const answer = await bothWays({
      stage: 'b2c:awareness',
      audience: 'b2c',
      locale: 'en',
      limit: 5,
    });
    expect(titles(answer)[0]).toBe('W_b2c');
  });

  it('never serves drafts nor private fields', async () => {
    const g = await gql(RECOMMEND, { stage: 'b2b:research', limit: 50 });
    expect(titles(g.body.data.journeyRecommend)).not.toContain('W_draft');
    expect(JSON.stringify(g.body)).not.toMatch(/internalNotes|secret note/);
  });
});

describe('permissions', () => {
  it('Public never gets a type it may not find; an authenticated role that may gets it, as on REST', async () => {
    const pub = await bothWays({ stage: 'research', audience: 'b2b', limit: 20 });
    expect(pub.data.map((d: any) => d.contentType)).not.toContain('api::case-study.case-study');
    const user = await bothWays({ stage: 'research', audience: 'b2b', limit: 20 }, tokens.user);
    expect(titles(user)).toContain('C_exact');
    expect(user.meta.types).toContain('api::case-study.case-study');
  });

  it('an API token is the caller on GraphQL as on REST (read-only: every type, both queries)', async () => {
    const token = await app.strapi
      .service('admin::api-token')
      .create({ name: 'gql', type: 'read-only', lifespan: null, description: '' });
    const answer = await bothWays(
      { stage: 'research', audience: 'b2b', limit: 20 },
      token.accessKey
    );
    expect(titles(answer)).toContain('C_exact');
    expect(
      (await gql('{ journeyStages { audiences } }', undefined, token.accessKey)).body.data
        .journeyStages.audiences
    ).toEqual(['b2b', 'b2c', 'both']);
  });

  it('asking for a type the role may not find is FORBIDDEN, naming the parameter', async () => {
    const g = await gql(RECOMMEND, { stage: 'research', types: ['case-studies'] });
    expect(g.status).toBe(200);
    expect(g.body.data).toBeNull();
    expect(g.body.errors[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      error: { details: { param: 'types', allowed: ['blog-posts', 'whitepapers'] } },
    });
  });

  it('a role without the journey routes is refused both queries (REST: 403)', async () => {
    expect(
      (await rest('/api/journey/recommend', { stage: 'research' }, tokens.reader)).status
    ).toBe(403);
    expect((await rest('/api/journey/stages', {}, tokens.reader)).status).toBe(403);
    const rec = await gql(RECOMMEND, { stage: 'research' }, tokens.reader);
    expect(rec.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(rec.body.data).toBeNull();
    const stages = await gql('{ journeyStages { audiences } }', undefined, tokens.reader);
    expect(stages.body.errors[0].extensions.code).toBe('FORBIDDEN');
    // The authenticated role has recommend but not stage.find.
    expect(
      (await gql('{ journeyStages { audiences } }', undefined, tokens.user)).body.errors[0]
        .extensions.code
    ).toBe('FORBIDDEN');
  });
});

describe('bad input is a GraphQL error naming the parameter, never a 500', () => {
  const expectBadInput = async (
    vars: Record<string, unknown>,
    param: string,
    allowed?: unknown
  ) => {
    const g = await gql(RECOMMEND, vars);
    expect(g.status).toBe(200);
    expect(g.body.data).toBeNull();
    expect(g.body.errors).toHaveLength(1);
    expect(g.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(g.body.errors[0].extensions.error.details.param).toBe(param);
    if (allowed) expect(g.body.errors[0].extensions.error.details.allowed).toEqual(allowed);
    expect(g.body.errors[0].message).toContain(param);
    // The same schema as REST, so the same Strapi ValidationError items.
    expect(g.body.errors[0].extensions.error.details.errors[0]).toMatchObject({
      path: [param],
      message: g.body.errors[0].message,
      name: 'ValidationError',
    });
    return g.body.errors[0];
  };

  it('limit out of range, unknown stage, unknown audience, bad exclude, empty types', async () => {
    for (const limit of [0, 51, -1])
      expect((await expectBadInput({ stage: 'research', limit }, 'limit')).message).toMatch(
        /1 to 50/
      );
    const stage = await expectBadInput({ stage: 'nope' }, 'stage');
    expect(stage.extensions.error.details.allowed).toEqual(
      expect.arrayContaining(['b2b:research', 'b2c:awareness'])
    );
    await expectBadInput({ stage: 'research', audience: 'both' }, 'audience', ['b2b', 'b2c']);
    await expectBadInput({ stage: 'research', exclude: ['not an id!'] }, 'exclude');
    await expectBadInput({ stage: 'research', types: [] }, 'types');
  });

  it("an unknown field is rejected by Strapi's validator as on REST", async () => {
    const r = await rest('/api/journey/recommend', { stage: 'research', fields: 'nope' });
    expect(r.status).toBe(400);
    const g = await gql(RECOMMEND, { stage: 'research', fields: ['nope'] });
    expect(g.status).toBe(200);
    expect(g.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('wrong argument types and unknown arguments are rejected by GraphQL validation with 400', async () => {
    const wrongType = await gql(
      '{ journeyRecommend(stage: "research", limit: "3") { meta { count } } }'
    );
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const missing = await gql('{ journeyRecommend { meta { count } } }');
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].message).toMatch(/argument "stage"/);
    const unknown = await gql(
      '{ journeyRecommend(stage: "research", sort: "x") { meta { count } } }'
    );
    expect(unknown.status).toBe(400);
  });
});

describe("journey attributes on the content types' own queries", () => {
  const WHITEPAPERS = `query W($filters: WhitepaperFiltersInput) {
    whitepapers(filters: $filters, sort: "title") { documentId title journeyAudience journeyStages(sort: "stageId") { stageId } }
  }`;

  it('are readable and filterable by audience and by stage, published entries only, as on REST', async () => {
    const g = await gql(WHITEPAPERS, { filters: { journeyAudience: { eq: 'b2b' } } });
    expect(g.body.errors).toBeUndefined();
    expect(g.body.data.whitepapers).toEqual([
      {
        documentId: ids.W_exact,
        title: 'W_exact',
        journeyAudience: 'b2b',
        journeyStages: [{ stageId: 'b2b:research' }],
      },
      {
        documentId: ids.W_next,
        title: 'W_next',
        journeyAudience: 'b2b',
        journeyStages: [{ stageId: 'b2b:selection' }],
      },
    ]);
    const r = await rest('/api/whitepapers', {
      'filters[journeyAudience][$eq]': 'b2b',
      sort: 'title',
    });
    expect(r.body.data.map((d: any) => d.documentId)).toEqual(
      g.body.data.whitepapers.map((d: any) => d.documentId)
    );

    const byStage = await gql(WHITEPAPERS, {
      filters: { journeyStages: { stageId: { eq: 'b2b:selection' } } },
    });
    expect(byStage.body.data.whitepapers.map((d: any) => d.title)).toEqual(['W_both', 'W_next']);
    expect(byStage.body.data.whitepapers[0].journeyStages).toEqual([
      { stageId: 'b2b:research' },
      { stageId: 'b2b:selection' },
    ]);
  });

  it('the stage relation needs the same action as on REST (stage.find)', async () => {
    const g = await gql(
      '{ whitepapers { title journeyStages { stageId } } }',
      undefined,
      tokens.reader
    );
    expect(g.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(g.body.errors[0].path).toEqual(['whitepapers', 0, 'journeyStages']);
    const audienceOnly = await gql(
      '{ whitepapers { title journeyAudience } }',
      undefined,
      tokens.reader
    );
    expect(audienceOnly.body.errors).toBeUndefined();
    expect(audienceOnly.body.data.whitepapers).toHaveLength(5);
  });

  it('private fields are not in the schema, and the stage table has no queries or mutations of its own', async () => {
    expect((await gql('{ whitepapers { internalNotes } }')).status).toBe(400);
    const mutation = await gql(
      'mutation { createJourneyStage(data: { stageId: "x:y" }) { stageId } }'
    );
    expect(mutation.status).toBe(400);
    expect(mutation.body.errors[0].message).toMatch(/createJourneyStage/);
    const list = await gql('{ journeyStage(documentId: "x") { stageId } }');
    expect(list.status).toBe(400);
  });
});
