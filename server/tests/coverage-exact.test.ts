import {
  DB,
  startApp,
  adminToken,
  ensureLocale,
  createEntry,
  inSecondInstance,
  untilRecounted,
  type TestApp,
} from './helpers/strapi';
import { bumpVersions, TAXONOMY_SCOPE } from '../src/utils/content-version';

/**
 * Coverage numbers are maintained in the write path (services/coverage-counts.ts).
 * Here they are compared, for every scope the page offers, with counts made
 * independently (every document loaded through the Document Service, counted in
 * JavaScript) after random creates, tag changes, publishes, unpublishes, discards,
 * deletes and locale changes, some of them concurrent and some made by a second
 * Strapi process; and once more after a forced rebuild.
 */
const TYPES = [
  'api::whitepaper.whitepaper',
  'api::blog-post.blog-post',
  'api::case-study.case-study',
];
const STAGES = [
  'b2b:research',
  'b2b:selection',
  'b2b:consideration',
  'b2c:awareness',
  'b2c:purchase',
  'b2c:consideration',
];
const AUDIENCES = ['b2b', 'b2c', 'both'] as const;
let app: TestApp;

const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const rnd = prng(20261201);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

const expected = async (scope: {
  audience: string;
  status: 'published' | 'draft';
  locale?: string;
}) => {
  const out: Record<string, { total: number; untagged: number; byStage: Record<string, number> }> =
    {};
  for (const uid of TYPES) {
    const localized = app.strapi.contentTypes[uid].pluginOptions?.i18n?.localized;
    const locales = localized ? (scope.locale ? [scope.locale] : ['en', 'fr']) : [undefined];
    const docs: Record<string, { stages: Set<string>; untagged: boolean }> = {};
    for (const locale of locales) {
      const rows = await app.strapi.documents(uid).findMany({
        status: scope.status,
        locale,
        populate: { journeyStages: { fields: ['stageId'] } },
      });
      for (const d of rows) {
        if (scope.audience !== 'all' && ![scope.audience, 'both'].includes(d.journeyAudience))
          continue;
        const e = (docs[d.documentId] ??= { stages: new Set(), untagged: false });
        d.journeyStages.forEach((s: any) => e.stages.add(s.stageId));
        if (d.journeyStages.length === 0) e.untagged = true;
      }
    }
    const byStage: Record<string, number> = {};
    for (const d of Object.values(docs))
      d.stages.forEach((s) => (byStage[s] = (byStage[s] ?? 0) + 1));
    out[uid] = {
      total: Object.keys(docs).length,
      untagged: Object.values(docs).filter((d) => d.untagged).length,
      byStage,
    };
  }
  return out;
};

const SCOPES = [
  { audience: 'all', status: 'published' },
  { audience: 'b2b', status: 'published' },
  { audience: 'b2c', status: 'draft' },
  { audience: 'all', status: 'draft', locale: 'fr' },
  { audience: 'b2c', status: 'published', locale: 'en' },
] as const;

/** Every mismatch between the page and the independent count, as readable strings (empty = exact). */
const mismatches = async () => {
  const out: string[] = [];
  for (const scope of SCOPES) {
    const { data } = await app.strapi
      .plugin('journey')
      .service('coverage')
      .matrix({ ...scope });
    const want = await expected(scope as any);
    for (const row of data.rows.filter((r: any) => TYPES.includes(r.uid))) {
      const w = want[row.uid];
      const at = `${JSON.stringify(scope)} ${row.uid}`;
      // Figures served while a rebuild runs are the last counts, not a claim of exactness.
      if (row.recounting) out.push(`${at} recounting`);
      if (row.total !== w.total) out.push(`${at} total ${row.total} ≠ ${w.total}`);
      if (row.untagged !== w.untagged) out.push(`${at} untagged ${row.untagged} ≠ ${w.untagged}`);
      for (const [stage, cell] of Object.entries<any>(row.cells))
        if (cell.count !== (w.byStage[stage] ?? 0))
          out.push(`${at} ${stage} ${cell.count} ≠ ${w.byStage[stage] ?? 0}`);
    }
  }
  return out;
};

const docs: Array<{ uid: string; documentId: string }> = [];
const stageRows = async () => app.strapi.plugin('journey').service('taxonomy').stageRows();

/** One random write through the Document Service or the tags service. */
let deadlocks = 0;
const randomWrite = async () => {
  const kind =
    docs.length < 6
      ? 'create'
      : pick([
          'create',
          'tags',
          'update',
          'publish',
          'unpublish',
          'discard',
          'delete',
          'locale',
          'deleteLocale',
          'tags',
          'publish',
        ]);
  const target = docs.length ? pick(docs) : undefined;
  const uid = kind === 'create' || !target ? pick(TYPES) : target.uid;
  const documents = app.strapi.documents(uid);
  const localized = uid === 'api::blog-post.blog-post';
  const stages = rnd() < 0.2 ? [] : [...new Set([pick(STAGES), pick(STAGES)])];
  const audience = pick(AUDIENCES);
  try {
    if (kind === 'create' || !target) {
      const rows = await stageRows();
      const doc = await documents.create({
        data: {
          title: `e${docs.length}`,
          journeyStages: stages.map((s) => rows.get(s)!.documentId),
          journeyAudience: audience,
        },
        ...(localized && rnd() < 0.3 ? { locale: 'fr' } : {}),
      });
      docs.push({ uid, documentId: doc.documentId });
      if (rnd() < 0.6)
        await documents.publish({
          documentId: doc.documentId,
          ...(doc.locale ? { locale: doc.locale } : {}),
        });
    } else if (kind === 'tags') {
      await app.strapi
        .plugin('journey')
        .service('tags')
        .set(uid, target.documentId, {
          stages,
          audience,
          ...(localized ? { locale: pick(['en', 'fr']) } : {}),
        });
    } else if (kind === 'update') {
      await documents.update({
        documentId: target.documentId,
        data: { title: `u${Math.floor(rnd() * 1000)}`, journeyAudience: audience },
      });
    } else if (kind === 'publish') {
      await documents.publish({
        documentId: target.documentId,
        ...(localized ? { locale: pick(['en', 'fr', '*']) } : {}),
      });
    } else if (kind === 'unpublish') {
      await documents.unpublish({
        documentId: target.documentId,
        ...(localized ? { locale: pick(['en', 'fr']) } : {}),
      });
    } else if (kind === 'discard') {
      await documents.discardDraft({
        documentId: target.documentId,
        ...(localized ? { locale: pick(['en', 'fr']) } : {}),
      });
    } else if (kind === 'delete') {
      await documents.delete({
        documentId: target.documentId,
        ...(localized ? { locale: '*' } : {}),
      });
      docs.splice(docs.indexOf(target), 1);
    } else if (kind === 'locale' && localized) {
      const rows = await stageRows();
      await documents.update({
        documentId: target.documentId,
        locale: 'fr',
        data: {
          title: 'fr',
          journeyStages: stages.map((s) => rows.get(s)!.documentId),
          journeyAudience: audience,
        },
      });
    } else if (kind === 'deleteLocale' && localized) {
      await documents.delete({ documentId: target.documentId, locale: 'fr' });
    }
  } catch (error) {
    const message = String((error as Error).message);
    // Writes the Document Service refuses (e.g. tags of a locale that does not exist) change nothing.
    if (/not found|does not exist|No entry|no draft|Not Found/i.test(message)) return;
    // MariaDB: racing writes of one document can deadlock inside Strapi's own link inserts
    // (seen once in a full run under two lanes of load, as in taxonomy-changes.test.ts).
    // The victim's transaction, counts included, rolls back whole: it changes nothing, and
    // the counts must still be exact, which is what this file asserts.
    if (DB === 'mysql' && /Deadlock found/i.test(message)) {
      deadlocks += 1;
      return;
    }
    throw error;
  }
};

beforeAll(async () => {
  app = await startApp();
  await adminToken(app);
  await ensureLocale(app, 'fr');
});
afterAll(() => {
  if (deadlocks)
    console.log(`coverage-exact (mysql): ${deadlocks} writes were deadlock victims, rolled back`);
  return app?.stop();
});

describe('coverage counts maintained in the write path', () => {
  it('equal independent counts after 60 random writes, checked every 10', async () => {
    for (let i = 1; i <= 60; i++) {
      await randomWrite();
      if (i % 10 === 0) expect(await mismatches()).toEqual([]);
    }
  });

  it('stay exact under concurrent writes to the same documents', async () => {
    for (let round = 0; round < 4; round++) {
      await Promise.all(Array.from({ length: 6 }, () => randomWrite()));
      expect(await mismatches()).toEqual([]);
    }
  });

  it('see a write made by a second Strapi process', async () => {
    const id = await createEntry(app, 'case-study', {
      title: 'other',
      stages: ['b2b:research'],
      audience: 'b2b',
      publish: true,
    });
    expect(await mismatches()).toEqual([]);
    await inSecondInstance(app.db, 'tags', 'set', [
      'api::case-study.case-study',
      id,
      { stages: ['b2c:purchase'], audience: 'b2c' },
    ]);
    await app.strapi.documents('api::case-study.case-study').publish({ documentId: id });
    expect(await mismatches()).toEqual([]);
  });

  it('a rebuild (after a taxonomy change or an unseen write) gives the same numbers', async () => {
    const before = await app.strapi
      .plugin('journey')
      .service('coverage')
      .matrix({ audience: 'all' });
    expect(before.meta.recounting).toBe(false);
    await bumpVersions(app.strapi, [TAXONOMY_SCOPE]);
    // At once: the last counts (here still exact), marked as being recounted …
    const serving = await app.strapi
      .plugin('journey')
      .service('coverage')
      .matrix({ audience: 'all' });
    expect(serving.meta.recounting).toBe(true);
    expect(serving.data.rows.map(({ recounting, ...row }: any) => row)).toEqual(
      before.data.rows.map(({ recounting, ...row }: any) => row)
    );
    // … and, once rebuilt in the background, the same numbers.
    await untilRecounted(app);
    const after = await app.strapi
      .plugin('journey')
      .service('coverage')
      .matrix({ audience: 'all' });
    expect(after.meta.recounting).toBe(false);
    expect(after.data.rows).toEqual(before.data.rows);
    // A write outside the Document Service (a plugin's db.query) marks the type for a rebuild.
    const wp = docs.find((d) => d.uid === 'api::whitepaper.whitepaper');
    if (wp) {
      await app.strapi.db
        .query('api::whitepaper.whitepaper')
        .updateMany({ where: { documentId: wp.documentId }, data: { journeyAudience: 'b2c' } });
      await untilRecounted(app);
      expect(await mismatches()).toEqual([]);
    }
  });

  it('reading the counts after a write costs the same few queries', async () => {
    await randomWrite();
    await app.strapi.plugin('journey').service('coverage').matrix({});
    await createEntry(app, 'whitepaper', {
      title: 'one more',
      stages: ['b2b:research'],
      audience: 'b2b',
      publish: true,
    });
    await new Promise((r) => setTimeout(r, 100)); // the counter moves after commit
    let n = 0;
    // Only the queries coverage makes: demand's buffer flush runs on its own timer and may
    // land in the same window (it writes journey_demand_* tables).
    const listener = (q: { sql?: string }) => {
      if (!/journey_demand|journey_event|journey_progress/.test(String(q?.sql ?? ''))) n += 1;
    };
    app.strapi.db.connection.on('query', listener);
    await app.strapi.plugin('journey').service('coverage').matrix({});
    app.strapi.db.connection.off('query', listener);
    expect(n).toBe(3); // the counters, then the whitepaper's base and its pending deltas
  });
});
