import fs from 'fs';
import path from 'path';
import { createTestDatabase, bootStrapi, APP_DIR, type TestDatabase } from './helpers/strapi';

/**
 * Measured trap: Strapi's schema sync drops the columns and join tables of
 * attributes a type loses. Opting a type out and back in must give back every tag.
 */
const WP = 'api::whitepaper.whitepaper';
const BLOG = 'api::blog-post.blog-post';

const tagsOf = async (strapi: any, uid: string, status: 'draft' | 'published', locale?: string) => {
  const docs = await strapi.documents(uid).findMany({
    status,
    locale,
    populate: { journeyStages: { fields: ['stageId'] } },
    sort: 'title',
  });
  return docs.map((d: any) => ({
    title: d.title,
    audience: d.journeyAudience,
    stages: d.journeyStages.map((s: any) => s.stageId),
  }));
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
      const a = await strapi.documents(WP).create({
        data: {
          title: 'A',
          journeyStages: ids(['b2b:research', 'b2b:selection']),
          journeyAudience: 'b2b',
        },
      });
      await strapi.documents(WP).publish({ documentId: a.documentId });
      await strapi.documents(WP).update({
        documentId: a.documentId,
        data: { journeyStages: ids(['b2b:purchase']), journeyAudience: 'both' },
      });
      await strapi.documents(WP).create({
        data: { title: 'B', journeyStages: ids(['b2c:consideration']), journeyAudience: 'b2c' },
      });
      await strapi.documents(WP).create({ data: { title: 'C' } });
      await strapi.documents(BLOG).create({
        data: { title: 'Blog', journeyStages: ids(['b2c:awareness']), journeyAudience: 'b2c' },
      });
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
      expect(before.published).toEqual([
        { title: 'A', audience: 'b2b', stages: ['b2b:research', 'b2b:selection'] },
      ]);
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
      await strapi
        .documents(WP)
        .update({ documentId: a.documentId, data: { summary: 'typo fixed' } });
      await strapi.documents(WP).publish({ documentId: a.documentId });
      // An entry created while the type takes no tags.
      await strapi.documents(WP).create({ data: { title: 'D' } });
    } finally {
      await strapi.destroy();
    }

    // Opt back in: every tag of every version that still exists is back, in order.
    strapi = await bootStrapi(db);
    try {
      expect(await tagsOf(strapi, WP, 'draft')).toEqual([
        ...(before.draft as any[]),
        { title: 'D', audience: 'both', stages: [] },
      ]);
      // Republished while opted out: a new row, not the version the tags were taken
      // from, so it starts untagged instead of getting another version's tags.
      expect(await tagsOf(strapi, WP, 'published')).toEqual([
        { title: 'A', audience: 'both', stages: [] },
      ]);
      expect(await tagsOf(strapi, BLOG, 'draft')).toEqual(before.blog);
      const archived = await strapi.db
        .connection('journey_tag_archive')
        .where({ uid: WP })
        .count({ n: '*' });
      expect(Number(archived[0].n)).toBe(0);
    } finally {
      await strapi.destroy();
    }
  });
});

const snapshot = async (strapi: any) => ({
  draft: await tagsOf(strapi, WP, 'draft'),
  published: await tagsOf(strapi, WP, 'published'),
  blogEn: await tagsOf(strapi, BLOG, 'draft', 'en'),
  blogFr: await tagsOf(strapi, BLOG, 'draft', 'fr'),
});

const bootWithoutPlugin = async (db: TestDatabase) => {
  process.env.JOURNEY_DISABLED = 'true';
  try {
    return await bootStrapi(db);
  } finally {
    delete process.env.JOURNEY_DISABLED;
  }
};

describe('boots never lose or overwrite tags', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.drop());

  it('restores archived tags only into the version they were taken from, once', async () => {
    let strapi = await bootStrapi(db);
    let docId: string;
    try {
      const rows = await strapi.plugin('journey').service('taxonomy').stageRows();
      const a = await strapi.documents(WP).create({
        data: {
          title: 'A',
          journeyStages: [rows.get('b2b:research').documentId],
          journeyAudience: 'b2b',
        },
      });
      docId = a.documentId;
      await strapi.documents(WP).publish({ documentId: docId });
    } finally {
      await strapi.destroy();
    }
    // Opted out: unpublish (the published version is gone), then opt back in.
    strapi = await bootStrapi(db, { exclude: [WP] });
    try {
      await strapi.documents(WP).unpublish({ documentId: docId });
    } finally {
      await strapi.destroy();
    }
    strapi = await bootStrapi(db);
    try {
      expect(await tagsOf(strapi, WP, 'draft')).toEqual([
        { title: 'A', audience: 'b2b', stages: ['b2b:research'] },
      ]);
      expect(await tagsOf(strapi, WP, 'published')).toEqual([]);
      // The editor retags and publishes.
      await strapi
        .plugin('journey')
        .service('tags')
        .set(WP, docId, { stages: ['b2b:selection'], audience: 'b2c' });
      await strapi.documents(WP).publish({ documentId: docId });
    } finally {
      await strapi.destroy();
    }
    const expected = [{ title: 'A', audience: 'b2c', stages: ['b2b:selection'] }];
    // Two plain reboots: the second (and the first) change nothing.
    for (let boot = 0; boot < 2; boot += 1) {
      strapi = await bootStrapi(db);
      try {
        expect(await tagsOf(strapi, WP, 'published')).toEqual(expected);
        expect(await tagsOf(strapi, WP, 'draft')).toEqual(expected);
      } finally {
        await strapi.destroy();
      }
    }
  });

  it('keeps stages and audiences through a boot with the plugin disabled, and two boots in a row change nothing', async () => {
    let strapi = await bootStrapi(db);
    let before: any;
    try {
      const locales = strapi.plugin('i18n').service('locales');
      if (!(await locales.findByCode('fr')))
        await locales.create({ code: 'fr', name: 'French (fr)' });
      const rows = await strapi.plugin('journey').service('taxonomy').stageRows();
      const ids = (list: string[]) => list.map((id) => rows.get(id).documentId);
      const a = await strapi.documents(WP).create({
        data: {
          title: 'A',
          journeyStages: ids(['b2b:research', 'b2b:selection']),
          journeyAudience: 'b2b',
        },
      });
      await strapi.documents(WP).publish({ documentId: a.documentId });
      await strapi.documents(WP).create({
        data: { title: 'B', journeyStages: ids(['b2c:consideration']), journeyAudience: 'b2c' },
      });
      const blog = await strapi.documents(BLOG).create({
        locale: 'en',
        data: { title: 'Blog', journeyStages: ids(['b2c:awareness']), journeyAudience: 'b2c' },
      });
      await strapi.documents(BLOG).update({
        documentId: blog.documentId,
        locale: 'fr',
        data: { title: 'Blog fr', journeyStages: ids(['b2c:purchase']), journeyAudience: 'b2b' },
      });
      before = await snapshot(strapi);
      expect(before.blogFr).toEqual([
        { title: 'Blog fr', audience: 'b2b', stages: ['b2c:purchase'] },
      ]);
    } finally {
      await strapi.destroy();
    }

    strapi = await bootWithoutPlugin(db);
    try {
      expect(strapi.plugin('journey')).toBeUndefined();
      const columns = await strapi.db.connection(strapi.db.metadata.get(WP).tableName).columnInfo();
      expect(Object.keys(columns)).not.toContain('journey_audience'); // dropped by the sync, as measured
    } finally {
      await strapi.destroy();
    }

    strapi = await bootStrapi(db);
    try {
      expect(await snapshot(strapi)).toEqual(before);
    } finally {
      await strapi.destroy();
    }
    // Two boots in a row with no change: the second changes nothing, not even a row's updated_at.
    const rowsOf = async (s: any) =>
      s.db
        .connection(s.db.metadata.get(WP).tableName)
        .select('id', 'updated_at', 'journey_audience')
        .orderBy('id');
    strapi = await bootStrapi(db);
    let first: any;
    try {
      first = await rowsOf(strapi);
    } finally {
      await strapi.destroy();
    }
    strapi = await bootStrapi(db);
    try {
      expect(await rowsOf(strapi)).toEqual(first);
      expect(await snapshot(strapi)).toEqual(before);
    } finally {
      await strapi.destroy();
    }
  });

  it('drops archived tags of a locale deleted while the type was opted out, and tags nothing added meanwhile', async () => {
    let strapi = await bootStrapi(db);
    try {
      const locales = strapi.plugin('i18n').service('locales');
      if (!(await locales.findByCode('fr')))
        await locales.create({ code: 'fr', name: 'French (fr)' });
      const rows = await strapi.plugin('journey').service('taxonomy').stageRows();
      const blog = await strapi.documents(BLOG).create({
        locale: 'en',
        data: {
          title: 'Blog',
          journeyStages: [rows.get('b2c:awareness').documentId],
          journeyAudience: 'b2c',
        },
      });
      await strapi.documents(BLOG).update({
        documentId: blog.documentId,
        locale: 'fr',
        data: { title: 'Blog fr', journeyAudience: 'b2b' },
      });
    } finally {
      await strapi.destroy();
    }
    strapi = await bootStrapi(db, { exclude: [BLOG] });
    try {
      const locales = strapi.plugin('i18n').service('locales');
      await locales.delete({ id: (await locales.findByCode('fr')).id }); // deletes the fr versions too
      if (!(await locales.findByCode('de')))
        await locales.create({ code: 'de', name: 'German (de)' });
      const [doc] = await strapi.documents(BLOG).findMany({ locale: 'en' });
      await strapi
        .documents(BLOG)
        .update({ documentId: doc.documentId, locale: 'de', data: { title: 'Blog de' } });
    } finally {
      await strapi.destroy();
    }
    strapi = await bootStrapi(db);
    try {
      expect(await tagsOf(strapi, BLOG, 'draft', 'en')).toEqual([
        { title: 'Blog', audience: 'b2c', stages: ['b2c:awareness'] },
      ]);
      expect(await tagsOf(strapi, BLOG, 'draft', 'de')).toEqual([
        { title: 'Blog de', audience: 'both', stages: [] },
      ]);
      const left = await strapi.db
        .connection('journey_tag_archive')
        .where({ uid: BLOG, kind: 'sync' })
        .count({ n: '*' });
      expect(Number(left[0].n)).toBe(0);
    } finally {
      await strapi.destroy();
    }
  });
});

/**
 * i18n turned on, then off, for a type while it is opted out: the compiled schema of
 * the app (what Strapi loads) is changed between boots, as a developer would change
 * schema.json, and always put back.
 */
describe('i18n toggled for a type while it is opted out', () => {
  // A copy of the compiled app: the shared one is booted by the other test lane at the
  // same time (npm test runs two), which must never see whitepapers turn localized.
  const copy = path.join(APP_DIR, '../../.tmp', `optout-app-${process.pid}`);
  const schemaFile = path.join(
    copy,
    'dist/src/api/whitepaper/content-types/whitepaper/schema.json'
  );
  const boot = (database: TestDatabase, config?: Record<string, unknown>) =>
    bootStrapi(database, config, {}, copy);
  let original: string;
  let db: TestDatabase;
  beforeAll(async () => {
    fs.rmSync(copy, { recursive: true, force: true });
    fs.mkdirSync(copy, { recursive: true });
    fs.cpSync(path.join(APP_DIR, 'dist'), path.join(copy, 'dist'), { recursive: true });
    fs.copyFileSync(path.join(APP_DIR, 'package.json'), path.join(copy, 'package.json'));
    // SQLite files are named relative to the app root, uploads live in public/: the app's own.
    fs.mkdirSync(path.join(APP_DIR, '.tmp'), { recursive: true });
    fs.symlinkSync(path.join(APP_DIR, '.tmp'), path.join(copy, '.tmp'));
    fs.symlinkSync(path.join(APP_DIR, 'public'), path.join(copy, 'public'));
    original = fs.readFileSync(schemaFile, 'utf8');
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(copy, { recursive: true, force: true });
  });
  const localize = (on: boolean) => {
    const schema = JSON.parse(original);
    if (on) {
      schema.pluginOptions = { ...schema.pluginOptions, i18n: { localized: true } };
      schema.attributes.title.pluginOptions = { i18n: { localized: true } };
    }
    fs.writeFileSync(schemaFile, JSON.stringify(schema, null, 2));
  };

  it('brings the tags back onto the same rows, whatever their locale became', async () => {
    let strapi = await boot(db);
    let id: string;
    try {
      const locales = strapi.plugin('i18n').service('locales');
      if (!(await locales.findByCode('fr')))
        await locales.create({ code: 'fr', name: 'French (fr)' });
      const rows = await strapi.plugin('journey').service('taxonomy').stageRows();
      const a = await strapi.documents(WP).create({
        data: {
          title: 'A',
          journeyStages: [rows.get('b2b:research').documentId],
          journeyAudience: 'b2b',
        },
      });
      id = a.documentId;
      await strapi.documents(WP).publish({ documentId: id });
    } finally {
      await strapi.destroy();
    }
    try {
      // Opted out, then i18n turned on while it is out: existing rows move to the default locale.
      strapi = await boot(db, { exclude: [WP] });
      await strapi.destroy();
      localize(true);
      strapi = await boot(db, { exclude: [WP] });
      try {
        // A French version created while the type takes no tags.
        await strapi
          .documents(WP)
          .update({ documentId: id, locale: 'fr', data: { title: 'A fr' } });
      } finally {
        await strapi.destroy();
      }
      strapi = await boot(db);
      try {
        expect(strapi.contentTypes[WP].pluginOptions.i18n.localized).toBe(true);
        expect(await tagsOf(strapi, WP, 'draft', 'en')).toEqual([
          { title: 'A', audience: 'b2b', stages: ['b2b:research'] },
        ]);
        expect(await tagsOf(strapi, WP, 'published', 'en')).toEqual([
          { title: 'A', audience: 'b2b', stages: ['b2b:research'] },
        ]);
        expect(await tagsOf(strapi, WP, 'draft', 'fr')).toEqual([
          { title: 'A fr', audience: 'both', stages: [] },
        ]);
      } finally {
        await strapi.destroy();
      }
      // Opted out again and i18n turned off: the French version goes (i18n deletes it), English stays.
      strapi = await boot(db, { exclude: [WP] });
      await strapi.destroy();
      localize(false);
      strapi = await boot(db, { exclude: [WP] });
      await strapi.destroy();
      strapi = await boot(db);
      try {
        expect(await tagsOf(strapi, WP, 'draft')).toEqual([
          { title: 'A', audience: 'b2b', stages: ['b2b:research'] },
        ]);
        expect(await tagsOf(strapi, WP, 'published')).toEqual([
          { title: 'A', audience: 'b2b', stages: ['b2b:research'] },
        ]);
      } finally {
        await strapi.destroy();
      }
    } finally {
      fs.writeFileSync(schemaFile, original);
    }
  });
});
