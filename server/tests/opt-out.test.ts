import { createTestDatabase, bootStrapi, type TestDatabase } from './helpers/strapi';

/**
 * Measured trap: Strapi's schema sync drops the columns and join tables of
 * attributes a type loses. Opting a type out and back in must give back every tag.
 */
const WP = 'api::whitepaper.whitepaper';
const BLOG = 'api::blog-post.blog-post';

const tagsOf = async (strapi: any, uid: string, status: 'draft' | 'published', locale?: string) => {
  const docs = await strapi.documents(uid).findMany({ status, locale, populate: { journeyStages: { fields: ['stageId'] } }, sort: 'title' });
  return docs.map((d: any) => ({ title: d.title, audience: d.journeyAudience, stages: d.journeyStages.map((s: any) => s.stageId) }));
};

describe('opting a type out and back in', () => {
  let db: TestDatabase;
  let before: Record<string, unknown>;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('keeps every tag: drafts, published versions and other types', async () => {
    let strapi = await bootStrapi(db);
    try {
      const rows = await strapi.plugin('journey').service('taxonomy').stageRows();
      const ids = (list: string[]) => list.map((id) => rows.get(id).documentId);
      const a = await strapi.documents(WP).create({ data: { title: 'A', journeyStages: ids(['b2b:research', 'b2b:selection']), journeyAudience: 'b2b' } });
      await strapi.documents(WP).publish({ documentId: a.documentId });
      await strapi.documents(WP).update({ documentId: a.documentId, data: { journeyStages: ids(['b2b:purchase']), journeyAudience: 'both' } });
      await strapi.documents(WP).create({ data: { title: 'B', journeyStages: ids(['b2c:consideration']), journeyAudience: 'b2c' } });
      await strapi.documents(WP).create({ data: { title: 'C' } });
      await strapi.documents(BLOG).create({ data: { title: 'Blog', journeyStages: ids(['b2c:awareness']), journeyAudience: 'b2c' } });
      before = {
        draft: await tagsOf(strapi, WP, 'draft'),
        published: await tagsOf(strapi, WP, 'published'),
        blog: await tagsOf(strapi, BLOG, 'draft'),
      };
      expect(before.draft).toEqual([
        { title: 'A', audience: 'both', stages: ['b2b:purchase'] },
        { title: 'B', audience: 'b2c', stages: ['b2c:consideration'] },
        { title: 'C', audience: 'both', stages: [] },
      ]);
      expect(before.published).toEqual([{ title: 'A', audience: 'b2b', stages: ['b2b:research', 'b2b:selection'] }]);
    } finally {
      await strapi.destroy();
    }

    // Opt out through the exclude list: the attributes (and their columns) go away.
    strapi = await bootStrapi(db, { exclude: [WP] });
    try {
      expect(strapi.contentTypes[WP].attributes.journeyStages).toBeUndefined();
      const columns = await strapi.db.connection(strapi.db.metadata.get(WP).tableName).columnInfo();
      expect(Object.keys(columns)).not.toContain('journey_audience');
      expect(await strapi.documents(WP).count({})).toBe(3); // entries themselves untouched
      expect(await tagsOf(strapi, BLOG, 'draft')).toEqual(before.blog); // other types untouched
      // Editing and republishing while opted out re-creates the published row with a new id.
      const a = (await strapi.documents(WP).findMany({ filters: { title: 'A' } }))[0];
      await strapi.documents(WP).update({ documentId: a.documentId, data: { summary: 'typo fixed' } });
      await strapi.documents(WP).publish({ documentId: a.documentId });
      // An entry created while the type takes no tags.
      await strapi.documents(WP).create({ data: { title: 'D' } });
    } finally {
      await strapi.destroy();
    }

    // Opt back in: every tag is back, in order, per version.
    strapi = await bootStrapi(db);
    try {
      expect(await tagsOf(strapi, WP, 'draft')).toEqual([...(before.draft as any[]), { title: 'D', audience: 'both', stages: [] }]);
      // The republished version (a new row) gets back the published version's archived tags.
      expect(await tagsOf(strapi, WP, 'published')).toEqual(before.published);
      expect(await tagsOf(strapi, BLOG, 'draft')).toEqual(before.blog);
      const archived = await strapi.db.connection('journey_tag_archive').count({ n: '*' });
      expect(Number(archived[0].n)).toBe(0);
    } finally {
      await strapi.destroy();
    }
  });
});
