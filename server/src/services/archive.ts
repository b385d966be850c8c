import type { Core } from '@strapi/strapi';
import { hasJourney, journeyTypeUids } from '../utils/journey-types';
import { tagStorage, type TagStorage } from './storage';

/**
 * Strapi's schema sync drops the columns and join tables of attributes a type
 * loses. When a type opts out of journey tags (pluginOptions or exclude list),
 * its tags are copied into `journey_tag_archive` before the sync, keyed by the
 * entry row id (stable across the sync), and written back when it opts in again.
 * The archive table is created by the plugin outside Strapi's schema, so the
 * sync never drops it.
 */
export const ARCHIVE_TABLE = 'journey_tag_archive';
const STORAGE_KEY = 'storage';

const store = (strapi: Core.Strapi) => strapi.store({ type: 'plugin', name: 'journey' });

const ensureArchiveTable = async (strapi: Core.Strapi) => {
  const schema = strapi.db.getSchemaConnection();
  if (await schema.hasTable(ARCHIVE_TABLE)) return;
  await schema.createTable(ARCHIVE_TABLE, (t: any) => {
    t.increments('id');
    t.string('uid', 255).notNullable().index();
    t.integer('entry_id').notNullable();
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
    const entries = await db(s.table).select('id', s.audienceColumn);
    const links = await db(s.linkTable)
      .join(`${s.stageTable} as st`, `st.id`, `${s.linkTable}.${s.stageColumn}`)
      .select(`${s.linkTable}.${s.entryColumn} as entry`, 'st.stage_id as stage')
      .orderBy([{ column: `${s.linkTable}.${s.entryColumn}` }, { column: `${s.linkTable}.${s.orderColumn}` }]);
    const stagesOf = new Map<number, string[]>();
    for (const l of links) stagesOf.set(l.entry, [...(stagesOf.get(l.entry) ?? []), l.stage]);
    const rows = entries.map((e: any) => ({
      uid,
      entry_id: e.id,
      audience: e[s.audienceColumn] ?? null,
      stages: JSON.stringify(stagesOf.get(e.id) ?? []),
      archived_at: new Date().toISOString(),
    }));
    await strapi.db.connection.transaction(async (trx) => {
      await trx(ARCHIVE_TABLE).withSchema(strapi.db.getSchemaName() as any).where({ uid }).delete();
      for (let i = 0; i < rows.length; i += 200) {
        await trx(ARCHIVE_TABLE).withSchema(strapi.db.getSchemaName() as any).insert(rows.slice(i, i + 200));
      }
    });
    strapi.log.info(`[journey] ${uid} no longer takes journey tags: archived the tags of ${rows.length} entries (restored if it opts in again)`);
  }
};

export const restoreArchivedTags = async (strapi: Core.Strapi) => {
  const uids = journeyTypeUids(strapi);
  const storage = Object.fromEntries(uids.map((uid) => [uid, tagStorage(strapi, uid)]));
  const schema = strapi.db.getSchemaConnection();

  if (await schema.hasTable(ARCHIVE_TABLE)) {
    const db = (table: string) => strapi.db.getConnection(table);
    const stageIds = new Map<string, number>(
      (await db(Object.values(storage)[0]?.stageTable ?? 'journey_stages').select('id', 'stage_id')).map((r: any) => [r.stage_id, r.id])
    );
    for (const uid of uids) {
      const archived = await db(ARCHIVE_TABLE).where({ uid }).select('entry_id', 'audience', 'stages');
      if (archived.length === 0) continue;
      const s = storage[uid];
      const present = new Set((await db(s.table).select('id')).map((r: any) => r.id));
      await strapi.db.connection.transaction(async (trx) => {
        const t = (table: string) => trx(table).withSchema(strapi.db.getSchemaName() as any);
        for (const row of archived) {
          if (!present.has(row.entry_id)) continue; // the entry was deleted meanwhile
          if (row.audience) await t(s.table).where({ id: row.entry_id }).update({ [s.audienceColumn]: row.audience });
          const stages = (JSON.parse(row.stages ?? '[]') as string[]).filter((id) => stageIds.has(id));
          await t(s.linkTable).where({ [s.entryColumn]: row.entry_id }).delete();
          if (stages.length > 0) {
            await t(s.linkTable).insert(
              stages.map((id, i) => ({ [s.entryColumn]: row.entry_id, [s.stageColumn]: stageIds.get(id), [s.orderColumn]: i + 1 }))
            );
          }
        }
        await t(ARCHIVE_TABLE).where({ uid }).delete();
      });
      strapi.log.info(`[journey] ${uid} takes journey tags again: restored the tags of ${archived.length} archived entries`);
    }
  }
  await store(strapi).set({ key: STORAGE_KEY, value: storage });
};
