import { createTestDatabase, bootStrapi, type TestDatabase } from './helpers/strapi';

/** A bad plugin config must stop Strapi with one message naming the key and what is allowed. */
describe('plugin config validation at boot', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it.each([
    [{ frameworks: ['b2x'] }, /frameworks\[0\].*"b2x" is not a preset.*b2c, b2b, classic/],
    [
      {
        frameworks: [{ key: 'saas', label: 'SaaS', stages: [{ label: 'Trial', phase: 'trial' }] }],
      },
      /frameworks\[0\]\.stages\[0\]\.phase must be one of awareness, consideration, decision, retention, advocacy/,
    ],
    [
      { stages: { 'b2b:nope': { target: 2 } } },
      /stages\["b2b:nope"\] is not a stage id.*b2b:research/,
    ],
    [{ defaultTarget: -1 }, /defaultTarget must be a whole number/],
    [{ colour: 'blue' }, /colour is not an option: use one of frameworks, stages/],
  ])('%j stops boot', async (config, message) => {
    await expect(bootStrapi(db, config)).rejects.toThrow(message);
  });

  it('a valid custom config boots and changes the taxonomy', async () => {
    const strapi = await bootStrapi(db, {
      frameworks: ['classic', 'b2b'],
      stages: { 'b2b:research': { label: 'Desk research', target: 3 } },
    });
    try {
      const taxonomy = await strapi.plugin('journey').service('taxonomy').get();
      expect(taxonomy.frameworks.map((f: any) => f.key)).toEqual(['classic', 'b2b']);
      expect(taxonomy.byId.get('b2b:research')).toMatchObject({
        label: 'Desk research',
        target: 3,
      });
      const rows = await strapi.db
        .query('plugin::journey.stage')
        .findMany({ where: { framework: 'classic' } });
      expect(rows.map((r: any) => r.stageId).sort()).toEqual([
        'classic:awareness',
        'classic:consideration',
        'classic:decision',
      ]);
    } finally {
      await strapi.destroy();
    }
  });
});
