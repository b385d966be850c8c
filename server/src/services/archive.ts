import type { Core } from '@strapi/strapi';
import { DEFAULT_AUDIENCE } from '../../../plugin/src';
import { hasJourney, journeyTypeUids } from '../utils/journey-types';
import { tagStorage, type TagStorage } from './storage';
import { allScopes, bumpVersions } from '../utils/content-version';
import { ARCHIVE_TABLE } from '../migrations/tag-archive-table';

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
 *   It is copied into `journey_tag_archive` (outside Strapi's schema, created by the
 *   plugin's migration: migrations/tag-archive-table.ts) keyed by the entry row's id: in `beforeSync` for a type about to lose it (exact), and at
 *   shutdown for every type (a ledger, for a boot with the plugin disabled). When a
 *   type gets the column back, each archived audience is restored only into the
 *   row it was taken from, and only if that row was not written after a ledger
 *   copy was taken; every other archived row is dropped, and the log says how many.
 */
const STORAGE_KEY = 'storage';
const STAGE_TABLE = 'journey_stages';

type Kind = 'sync' | 'ledger';

const store = (strapi: Core.Strapi) => strapi.store({ type: 'plugin', name: 'journey' });
const millis = (v: unknown) =>
  v === null || v === undefined ? null : new Date(v as string).getTime();
const versionKey = (documentId: string, locale: string | null, published: boolean) =>
  `${documentId}|${locale ?? ''}|${published ? 'p' : 'd'}`;

/**
 * Whether the archive table is there with every column. Strapi runs the migration
 * that creates it in the schema sync, after `beforeSync`: on the first boot of this
 * version it may be missing there (nothing was archived before then either).
 */
const archiveReady = async (strapi: Core.Strapi) => {
  const schema = () => strapi.db.getSchemaConnection(); // a fresh builder each time
  return (
    (await schema().hasTable(ARCHIVE_TABLE)) &&
    (await schema().hasColumn(ARCHIVE_TABLE, 'taken_at'))
  );
};

/** Adds the stage table and every journey link table to Strapi's persisted tables (idempotent). */
const persistLinkTables = async (strapi: Core.Strapi, storage: Record<string, TagStorage>) => {
  const current = ((await strapi.store.get({ type: 'core', key: 'persisted_tables' })) ??
    []) as Array<string | { name: string }>;
  const names = new Set(current.map((t) => (typeof t === 'string' ? t : t.name)));
  const wanted = [
    { name: STAGE_TABLE },
    // A link table goes when its entry table goes (the content type was deleted).
    ...Object.values(storage).map((s) => ({ name: s.linkTable, dependsOn: [{ name: s.table }] })),
  ].filter((t) => !names.has(t.name));
  if (wanted.length)
    await strapi.store.set({
      type: 'core',
      key: 'persisted_tables',
      value: [...current, ...wanted],
    });
};

/** Copies the audience of a type's rows (only the ones that differ from the default: the rest is the backfill). */
const copyAudiences = async (strapi: Core.Strapi, uid: string, s: TagStorage, kind: Kind) => {
  const schema = () => strapi.db.getSchemaConnection(); // a fresh builder each time: knex chains calls made on one
  if (!(await schema().hasColumn(s.table, s.audienceColumn))) return 0;
  const hasLocale = await schema().hasColumn(s.table, 'locale');
  const entries = await strapi.db
    .getConnection(s.table)
    .whereNot(s.audienceColumn, DEFAULT_AUDIENCE)
    .select(
      'id',
      'document_id',
      'published_at',
      s.audienceColumn,
      ...(hasLocale ? ['locale'] : [])
    );
  const takenAt = Date.now();
  const rows = entries.map((e: any) => ({
    uid,
    entry_id: e.id,
    document_id: e.document_id,
    locale: e.locale ?? null,
    published: e.published_at !== null && e.published_at !== undefined,
    audience: e[s.audienceColumn],
    kind,
    taken_at: takenAt,
    archived_at: new Date(takenAt).toISOString(),
  }));
  await strapi.db.connection.transaction(async (trx) => {
    const t = () => trx(ARCHIVE_TABLE).withSchema(strapi.db.getSchemaName() as any);
    await t().where({ uid }).delete();
    for (let i = 0; i < rows.length; i += 200) await t().insert(rows.slice(i, i + 200));
  });
  return rows.length;
};

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

/** Entries that existed before a type took journey tags have no audience yet: give them the default. */
const backfillAudience = async (strapi: Core.Strapi, s: TagStorage) => {
  await strapi.db
    .getConnection(s.table)
    .whereNull(s.audienceColumn)
    .update({ [s.audienceColumn]: DEFAULT_AUDIENCE });
};

const restoreType = async (strapi: Core.Strapi, uid: string, s: TagStorage) => {
  const db = (table: string) => strapi.db.getConnection(table);
  const archived = await db(ARCHIVE_TABLE)
    .where({ uid })
    .select(
      'id',
      'entry_id',
      'document_id',
      'locale',
      'published',
      'audience',
      'stages',
      'kind',
      'taken_at'
    );
  if (archived.length === 0) return;
  const hasLocale = await strapi.db.getSchemaConnection().hasColumn(s.table, 'locale');
  const current = await db(s.table).select(
    'id',
    'document_id',
    'published_at',
    'updated_at',
    ...(hasLocale ? ['locale'] : [])
  );
  const byId = new Map<number, any>(current.map((e: any) => [Number(e.id), e]));
  const byVersion = new Map<string, any>(
    current.map((e: any) => [
      versionKey(e.document_id, e.locale ?? null, e.published_at != null),
      e,
    ])
  );
  const linked = new Set(
    (await db(s.linkTable).distinct(s.entryColumn)).map((r: any) => Number(r[s.entryColumn]))
  );
  const stageIds = new Map<string, number>(
    (await db(s.stageTable).select('id', 'stage_id')).map((r: any) => [r.stage_id, r.id])
  );

  let restored = 0;
  await strapi.db.connection.transaction(async (trx) => {
    const t = (table: string) => trx(table).withSchema(strapi.db.getSchemaName() as any);
    for (const row of archived) {
      let entry: any;
      if (row.entry_id !== null && row.entry_id !== undefined) {
        entry = byId.get(Number(row.entry_id));
        const sameVersion =
          entry &&
          entry.document_id === row.document_id &&
          (entry.published_at != null) === Boolean(row.published);
        // A ledger copy is older than the shutdown it was taken at: a row written after it may carry a newer audience.
        const unchanged =
          row.kind === 'sync' || (millis(entry?.updated_at) ?? 0) <= Number(row.taken_at);
        if (!sameVersion || !unchanged) entry = undefined;
      } else {
        entry = byVersion.get(
          versionKey(row.document_id, row.locale ?? null, Boolean(row.published))
        ); // legacy row
      }
      if (!entry) continue;
      if (row.audience)
        await t(s.table)
          .where({ id: entry.id })
          .update({ [s.audienceColumn]: row.audience });
      const stages = (JSON.parse(row.stages ?? '[]') as string[]).filter((id) => stageIds.has(id));
      if (stages.length && !linked.has(Number(entry.id))) {
        await t(s.linkTable).insert(
          stages.map((id, i) => ({
            [s.entryColumn]: entry.id,
            [s.stageColumn]: stageIds.get(id),
            [s.orderColumn]: i + 1,
          }))
        );
      }
      restored += 1;
    }
    await t(ARCHIVE_TABLE).where({ uid }).delete();
  });
  const dropped = archived.length - restored;
  strapi.log.info(
    `[journey] ${uid} takes journey tags again: restored the audience of ${restored} entry versions` +
      (dropped
        ? `; dropped ${dropped} archived versions that were deleted, re-created or written since (they keep the default audience)`
        : '')
  );
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
