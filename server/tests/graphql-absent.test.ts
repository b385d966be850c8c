import { startApp, grantPublic, createEntry, type TestApp } from './helpers/strapi';

/**
 * The example app with @strapi/plugin-graphql disabled (GRAPHQL_ENABLED=false in
 * its config/plugins.ts): Strapi does not load it, so `strapi.plugin('graphql')`
 * is undefined exactly as when it is not installed. The plugin must boot, skip
 * its GraphQL registration and serve REST as usual.
 */
let app: TestApp;

beforeAll(async () => {
  process.env.GRAPHQL_ENABLED = 'false';
  app = await startApp();
  await grantPublic(app, ['plugin::journey.recommend.find', 'api::whitepaper.whitepaper.find']);
  await createEntry(app, 'whitepaper', {
    title: 'W',
    stages: ['b2b:research'],
    audience: 'b2b',
    publish: true,
  });
});
afterAll(async () => {
  delete process.env.GRAPHQL_ENABLED;
  await app?.stop();
});

it('boots without the GraphQL plugin, has no /graphql route, and REST answers', async () => {
  expect(app.strapi.plugin('graphql')).toBeUndefined();
  const g = await app.request().post('/graphql').send({ query: '{ journeyStages { audiences } }' });
  // Nothing answers it: Strapi's static-file middleware answers 405 to a POST it has no route for.
  expect([404, 405]).toContain(g.status);
  expect(g.body?.data).toBeUndefined();
  const res = await app
    .request()
    .get('/api/journey/recommend')
    .query({ stage: 'research', audience: 'b2b' });
  expect(res.status).toBe(200);
  expect(res.body.data.map((d: any) => d.title)).toEqual(['W']);
});

it('the registration reports that it skipped', async () => {
  const { registerGraphql } = await import('../src/graphql');
  expect(registerGraphql(app.strapi)).toBe(false);
});
