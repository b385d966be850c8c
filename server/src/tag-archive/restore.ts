import type { Core } from '@strapi/strapi';
import { DEFAULT_AUDIENCE } from '../../../plugin/src';
import type { TagStorage } from '../queries/tag-storage';
import { ARCHIVE_TABLE } from '../migrations/tag-archive-table';

const millis = (v: unknown) =>
  v === null || v === undefined ? null : new Date(v as string).getTime();
const versionKey = (documentId: string, locale: string | null, published: boolean) =>
  `${documentId}|${locale ?? ''}|${published ? 'p' : 'd'}`;

/** Entries that existed before a type took journey tags have no audience yet: give them the default. */
export const backfillAudience = async (strapi: Core.Strapi, s: TagStorage) => {
  await strapi.db
    .getConnection(s.table)
    .whereNull(s.audienceColumn)
    .update({ [s.audienceColumn]: DEFAULT_AUDIENCE });
};

/** Restores the archived audiences of a type that takes journey tags again, then empties its archive. */
export const restoreType = async (strapi: Core.Strapi, uid: string, s: TagStorage) => {
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
