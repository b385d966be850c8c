import type { Core } from '@strapi/strapi';
import { DEFAULT_AUDIENCE } from '../../../plugin/src';
import type { TagStorage } from '../queries/tag-storage';
import { ARCHIVE_TABLE } from '../migrations/tag-archive-table';

/** `sync`: taken in `beforeSync` (exact); `ledger`: taken at shutdown. */
export type Kind = 'sync' | 'ledger';

/**
 * Whether the archive table is there with every column. Strapi runs the migration
 * that creates it in the schema sync, after `beforeSync`: on the first boot of this
 * version it may be missing there (nothing was archived before then either).
 */
export const archiveReady = async (strapi: Core.Strapi) => {
  const schema = () => strapi.db.getSchemaConnection(); // a fresh builder each time
  return (
    (await schema().hasTable(ARCHIVE_TABLE)) &&
    (await schema().hasColumn(ARCHIVE_TABLE, 'taken_at'))
  );
};

/** Copies the audience of a type's rows (only the ones that differ from the default: the rest is the backfill). */
export const copyAudiences = async (
  strapi: Core.Strapi,
  uid: string,
  s: TagStorage,
  kind: Kind
) => {
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
