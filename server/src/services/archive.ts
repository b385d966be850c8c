import type { Core } from '@strapi/strapi';
import { DEFAULT_AUDIENCE } from '../../../plugin/src';
import { hasJourney, journeyTypeUids } from '../utils/journey-types';
import { tagStorage, type TagStorage } from './storage';
import { allScopes, bumpVersions } from '../utils/content-version';

/**
 * Strapi's schema sync drops the columns and join tables of attributes a type
 * loses. When a type opts out of journey tags (pluginOptions or exclude list),
 * its tags are copied into `journey_tag_archive` before the sync and written back
 * when it opts in again. Rows are keyed by (document, locale, draft|published),
 * not by row id: publishing or discarding a draft re-creates rows with new ids
 * while the type is opted out. The archive table is created by the plugin
 * outside Strapi's schema, so the sync never drops it.
 */
export const ARCHIVE_TABLE = 'journey_tag_archive';
const STORAGE_KEY = 'storage';

const store = (strapi: Core.Strapi) => strapi.store({ type: 'plugin', name: 'journey' });
const versionKey = (documentId: string, locale: string | null, published: boolean) => `${documentId}|${locale ?? ''}|${published ? 'p' : 'd'}`;

const ensureArchiveTable = async (strapi: Core.Strapi) => {
  const schema = strapi.db.getSchemaConnection();
  if (await schema.hasTable(ARCHIVE_TABLE)) return;
  await schema.createTable(ARCHIVE_TABLE, (t: any) => {
    t.increments('id');
    t.string('uid', 255).notNullable().index();
    t.string('document_id', 255).notNullable();
    t.string('locale', 32);
    t.boolean('published').notNullable();
    t.string('audience', 8);
    t.text('stages'); // JSON array of stage ids, primary first
    t.string('archived_at', 32);
  });
};

export const archiveDroppedTags = async (strapi: Core.Strapi, { contentTypes }: { contentTypes: Record<string, any> }) => {
  const schema = strapi.db.getSchemaConnection();
  if (!(await schema.hasTable('strapi_core_store_settings'))) return; // first boot: nothing to archive
  const known = ((await store(strapi).get({ key: STORAGE_KEY })) ?? {}) as Record<string, TagStorage>;
  const leaving = Object.entries(known).filter(([uid]) => !hasJourney(contentTypes[uid]));
  if (leaving.length === 0) return;
  await ensureArchiveTable(strapi);
  const db = (table: string) => strapi.db.getConnection(table);

  for (const [uid, s] of leaving) {
    if (!(await schema.hasTable(s.table)) || !(await schema.hasTable(s.linkTable))) continue;
    const hasLocale = await schema.hasColumn(s.table, 'locale');
    const entries = await db(s.table).select('id', 'document_id', 'published_at', s.audienceColumn, ...(hasLocale ? ['locale'] : []));
    const links = await db(s.linkTable)
      .join(`${s.stageTable} as st`, `st.id`, `${s.linkTable}.${s.stageColumn}`)
      .select(`${s.linkTable}.${s.entryColumn} as entry`, 'st.stage_id as stage')
      .orderBy([{ column: `${s.linkTable}.${s.entryColumn}` }, { column: `${s.linkTable}.${s.orderColumn}` }]);
    const stagesOf = new Map<number, string[]>();
    for (const l of links) stagesOf.set(l.entry, [...(stagesOf.get(l.entry) ?? []), l.stage]);
    const rows = entries.map((e: any) => ({
      uid,
      document_id: e.document_id,
      locale: e.locale ?? null,
      published: e.published_at !== null && e.published_at !== undefined,
      audience: e[s.audienceColumn] ?? null,
      stages: JSON.stringify(stagesOf.get(e.id) ?? []),
      archived_at: new Date().toISOString(),
    }));
    await strapi.db.connection.transaction(async (trx) => {
      const t = () => trx(ARCHIVE_TABLE).withSchema(strapi.db.getSchemaName() as any);
      await t().where({ uid }).delete();
      for (let i = 0; i < rows.length; i += 200) await t().insert(rows.slice(i, i + 200));
    });
    strapi.log.info(`[journey] ${uid} no longer takes journey tags: archived the tags of ${rows.length} entry versions (restored if it opts in again)`);
  }
};

/** Entries that existed before a type took journey tags have no audience yet: give them the default. */
const backfillAudience = async (strapi: Core.Strapi, s: TagStorage) => {
  await strapi.db.getConnection(s.table).whereNull(s.audienceColumn).update({ [s.audienceColumn]: DEFAULT_AUDIENCE });
};

export const restoreArchivedTags = async (strapi: Core.Strapi) => {
  const uids = journeyTypeUids(strapi);
  const storage = Object.fromEntries(uids.map((uid) => [uid, tagStorage(strapi, uid)]));
  for (const uid of uids) await backfillAudience(strapi, storage[uid]);
  const schema = strapi.db.getSchemaConnection();

  if (uids.length > 0 && (await schema.hasTable(ARCHIVE_TABLE))) {
    const db = (table: string) => strapi.db.getConnection(table);
    const stageIds = new Map<string, number>((await db(storage[uids[0]].stageTable).select('id', 'stage_id')).map((r: any) => [r.stage_id, r.id]));
    for (const uid of uids) {
      const archived = await db(ARCHIVE_TABLE).where({ uid }).select('id', 'document_id', 'locale', 'published', 'audience', 'stages');
      if (archived.length === 0) continue;
      const s = storage[uid];
      const hasLocale = await schema.hasColumn(s.table, 'locale');
      const current = await db(s.table).select('id', 'document_id', 'published_at', ...(hasLocale ? ['locale'] : []));
      const rowOf = new Map<string, number>(current.map((e: any) => [versionKey(e.document_id, e.locale ?? null, e.published_at != null), e.id]));
      const restored: number[] = [];
      await strapi.db.connection.transaction(async (trx) => {
        const t = (table: string) => trx(table).withSchema(strapi.db.getSchemaName() as any);
        for (const row of archived) {
          const entryId = rowOf.get(versionKey(row.document_id, row.locale ?? null, Boolean(row.published)));
          if (entryId === undefined) continue; // that version is gone (deleted or unpublished): keep the archive row
          if (row.audience) await t(s.table).where({ id: entryId }).update({ [s.audienceColumn]: row.audience });
          const stages = (JSON.parse(row.stages ?? '[]') as string[]).filter((id) => stageIds.has(id));
          await t(s.linkTable).where({ [s.entryColumn]: entryId }).delete();
          if (stages.length > 0) {
            await t(s.linkTable).insert(stages.map((id, i) => ({ [s.entryColumn]: entryId, [s.stageColumn]: stageIds.get(id), [s.orderColumn]: i + 1 })));
          }
          restored.push(row.id);
        }
        for (let i = 0; i < restored.length; i += 500) await t(ARCHIVE_TABLE).whereIn('id', restored.slice(i, i + 500)).delete();
      });
      const kept = archived.length - restored.length;
      strapi.log.info(`[journey] ${uid} takes journey tags again: restored the tags of ${restored.length} entry versions${kept ? `; ${kept} archived versions no longer exist and stay in ${ARCHIVE_TABLE}` : ''}`);
    }
  }
  await store(strapi).set({ key: STORAGE_KEY, value: storage });
  await bumpVersions(strapi, allScopes(uids)); // restored or backfilled tags: caches of other instances are stale
};
