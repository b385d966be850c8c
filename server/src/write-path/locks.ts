import type { Core } from '@strapi/strapi';
import { STAGE_UID } from '../constants';
import { tagStorage } from '../queries/tag-storage';

/**
 * The one place that takes row locks for a write (lock order: write-path/index.ts).
 * SQLite has no row locks: its writers are serialized, so every helper is a plain read there.
 */
const dialect = (strapi: Core.Strapi) => strapi.db.dialect.client;
const schema = (strapi: Core.Strapi) => strapi.db.getSchemaName() as any;

/**
 * Entry rows in the order every locker takes them. PostgreSQL locks rows in the order
 * it returns them: id order (in the index's order two writers of one document
 * deadlocked). InnoDB locks in scan order whatever the ORDER BY, and sorting could make
 * it scan, and lock, the whole primary key: there the document_id index's order is the
 * one every locker scans in.
 */
const inLockOrder = (strapi: Core.Strapi, qb: any) =>
  dialect(strapi) === 'postgres' ? qb.orderBy('id') : qb;

/**
 * Locks every row (versions, locales) of the given documents for the rest of the
 * transaction: step 1 of the lock order, the first statement of a write. Two writers
 * of one document then run one after the other; without it, MariaDB's repeatable-read
 * snapshot lets the second writer miss the first one's links and keep both sets
 * (measured: "torn" tags mixing two concurrent writes). Several documents: pass them
 * sorted, so two bulk writes lock in the same order.
 */
export const lockDocumentRows = async (
  strapi: Core.Strapi,
  trx: any,
  uid: string,
  documentIds: string[]
) => {
  if (dialect(strapi) === 'sqlite' || documentIds.length === 0) return;
  const { tableName } = strapi.db.metadata.get(uid) as any;
  await inLockOrder(
    strapi,
    trx(tableName).withSchema(schema(strapi)).whereIn('document_id', documentIds)
  )
    .select('id')
    .forUpdate();
};

/**
 * A read of entry rows whose documents this transaction locked (lockDocumentRows): run
 * as a new, locking statement, it sees what writers that committed while we waited
 * wrote. On PostgreSQL (read committed) a locking statement that had to wait returns
 * only the rows it saw when it started, not the version rows the other writer inserted
 * (a publish: double-counted concurrent publishes); on MariaDB a plain read returns the
 * transaction's first snapshot.
 */
export const readLockedRows = (strapi: Core.Strapi, qb: any) =>
  dialect(strapi) === 'sqlite' ? qb : inLockOrder(strapi, qb).forUpdate();

/**
 * A read that sees writes committed after this transaction's first snapshot, for
 * aggregates and rows a retire is about to move. MariaDB/MySQL (repeatable read): a
 * plain read sees the first snapshot, a locking read the latest rows. PostgreSQL reads
 * committed rows per statement (and refuses FOR SHARE with COUNT).
 */
export const readLatest = (strapi: Core.Strapi, qb: any) =>
  dialect(strapi) === 'mysql' ? qb.forShare() : qb;

/**
 * Stage rows under a shared lock (step 2 of the lock order), inside the write's
 * transaction: a concurrent retire (which updates them first) either committed before,
 * and the write sees the stage retired, or waits until the write committed and then
 * moves its links.
 */
export const shareStageRows = (strapi: Core.Strapi, trx: any, where: (qb: any) => any) => {
  const { tableName } = strapi.db.metadata.get(STAGE_UID) as any;
  const qb = where(trx(tableName).withSchema(schema(strapi)));
  return dialect(strapi) === 'sqlite' ? qb : qb.forShare();
};

/**
 * Locks, in id order, every row of every document of `uid` that links the stage
 * `stageId` (its business id) in any version or locale: what a retire is about to
 * move. Step 1 of the lock order for a retire, so a Content Manager publish of an
 * entry carrying the stage and the retire take turns instead of deadlocking
 * (measured on PostgreSQL: "deadlock detected" → a 500 for the editor). PostgreSQL
 * only, where that deadlock was measured; on MariaDB the retire reads what it moves
 * with readLatest, and a link a stale publish copies after it is moved on by
 * repair-retired-links.ts.
 */
export const lockEntriesCarrying = async (
  strapi: Core.Strapi,
  trx: any,
  uid: string,
  stageId: string
) => {
  if (dialect(strapi) !== 'postgres') return;
  const s = tagStorage(strapi, uid);
  const carrying = trx
    .withSchema(schema(strapi))
    .from(`${s.table} as c`)
    .join(`${s.linkTable} as l`, `l.${s.entryColumn}`, 'c.id')
    .join(`${s.stageTable} as st`, 'st.id', `l.${s.stageColumn}`)
    .where('st.stage_id', stageId)
    .select('c.document_id');
  // A plain read first, then the locks in id order, chunked: a locking statement with
  // the sub-select would also lock the link and stage rows it reads, before the entry
  // rows, which is the reverse of the lock order.
  const ids = (
    await trx(s.table)
      .withSchema(schema(strapi))
      .whereIn('document_id', carrying)
      .orderBy('id')
      .select('id')
  ).map((r: any) => r.id);
  for (let i = 0; i < ids.length; i += 1000) {
    await trx(s.table)
      .withSchema(schema(strapi))
      .whereIn('id', ids.slice(i, i + 1000))
      .orderBy('id')
      .select('id')
      .forUpdate();
  }
};
