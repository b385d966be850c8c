import type { Core } from '@strapi/strapi';
import { hasJourney, journeyTypeUids } from '../utils/journey-types';
import { tagStorage, type TagStorage } from '../queries/tag-storage';
import { allScopes, bumpVersions } from '../utils/content-version';
import { ARCHIVE_TABLE } from '../migrations/tag-archive-table';
import { persistLinkTables } from './persisted-tables';
import { archiveReady, copyAudiences } from './copy';
import { backfillAudience, restoreType } from './restore';

/**
 * Keeps journey tags through boots that drop the journey attributes (a type opts
 * out, is put on the exclude list, or the plugin is disabled for a boot): Strapi's
 * schema sync drops the columns and join tables of attributes a type loses.
 *
 * - Stages live in link tables. They are registered in Strapi's own
 *   `persisted_tables` list (the mechanism Strapi uses for tables it must never
 *   drop), so the sync leaves them alone while the relation is absent. Their rows
 *   point at entry rows with ON DELETE CASCADE: a version deleted or re-created
 *   meanwhile (unpublish, republish, discard, locale deleted) takes its links with
 *   it, so links only ever come back on the very version they were written on.
 * - The audience is a column of the entry table and goes with the type's schema.
 *   It is copied into `journey_tag_archive` (outside Strapi's schema, so a boot with
 *   the plugin disabled keeps it; created by migrations/tag-archive-table.ts) keyed
 *   by the entry row's id: in `beforeSync` for a type about to lose it (copy.ts,
 *   exact), and at shutdown for every type (a ledger, for a boot with the plugin
 *   disabled). When a
 *   type gets the column back, each archived audience is restored only into the
 *   row it was taken from, and only if that row was not written after a ledger
 *   copy was taken; every other archived row is dropped, and the log says how many
 *   (restore.ts).
 */
const STORAGE_KEY = 'storage';

const store = (strapi: Core.Strapi) => strapi.store({ type: 'plugin', name: 'journey' });

/** Types whose audience column is missing before this sync and present after it: they (re)gain journey tags now. */
let returning = new Set<string>();

export const archiveDroppedTags = async (
  strapi: Core.Strapi,
  { contentTypes }: { contentTypes: Record<string, any> }
) => {
  const schema = () => strapi.db.getSchemaConnection(); // a fresh builder each time: knex chains calls made on one
  returning = new Set();
  if (!(await schema().hasTable('strapi_core_store_settings'))) return; // first boot: nothing to keep
  const known = ((await store(strapi).get({ key: STORAGE_KEY })) ?? {}) as Record<
    string,
    TagStorage
  >;
  await persistLinkTables(strapi, known);

  const ready = await archiveReady(strapi);
  for (const [uid, s] of Object.entries(known)) {
    if (hasJourney(contentTypes[uid]) || !(await schema().hasTable(s.table))) continue;
    if (!ready) {
      strapi.log.warn(
        `[journey] ${uid} no longer takes journey tags: its stage links are kept, but its audiences cannot be archived (${ARCHIVE_TABLE} is missing; the plugin's migration creates it in this boot's schema sync)`
      );
      continue;
    }
    const n = await copyAudiences(strapi, uid, s, 'sync');
    strapi.log.info(
      `[journey] ${uid} no longer takes journey tags: its stage links are kept, the audience of ${n} entry versions is archived (both come back if it opts in again)`
    );
  }
  for (const uid of Object.keys(contentTypes)) {
    if (!hasJourney(contentTypes[uid])) continue;
    const table = strapi.db.metadata.get(uid)?.tableName;
    if (
      table &&
      (await schema().hasTable(table)) &&
      !(await schema().hasColumn(table, 'journey_audience'))
    )
      returning.add(uid);
  }
};

export const restoreArchivedTags = async (strapi: Core.Strapi) => {
  const uids = journeyTypeUids(strapi);
  const storage = Object.fromEntries(uids.map((uid) => [uid, tagStorage(strapi, uid)]));
  const schema = () => strapi.db.getSchemaConnection(); // a fresh builder each time: knex chains calls made on one
  const hasArchive = await schema().hasTable(ARCHIVE_TABLE);
  for (const uid of uids) {
    if (hasArchive && returning.has(uid)) await restoreType(strapi, uid, storage[uid]);
    await backfillAudience(strapi, storage[uid]);
  }
  await store(strapi).set({ key: STORAGE_KEY, value: storage });
  if (await schema().hasTable('strapi_core_store_settings'))
    await persistLinkTables(strapi, storage);
  if (returning.size > 0) await bumpVersions(strapi, allScopes(uids)); // restored or backfilled tags: caches of other instances are stale
  returning = new Set();
};

/**
 * At shutdown: a copy of every journey type's audiences, so that a boot with the
 * plugin disabled (which drops the column before any plugin code runs) loses no
 * audience. Only non-default audiences are copied, in one query per type.
 */
export const keepAudienceLedger = async (strapi: Core.Strapi) => {
  const uids = journeyTypeUids(strapi);
  if (uids.length === 0 || !(await archiveReady(strapi))) return;
  for (const uid of uids) await copyAudiences(strapi, uid, tagStorage(strapi, uid), 'ledger');
};
