/**
 * The write path: everything the plugin does when a document of a journey-tagged type
 * is written, on any path (Content Manager, tag API, code), registered here and
 * nowhere else.
 *
 * A Document Service write runs, in this order:
 *   1. lock    lock-document.ts         opens the write's transaction; locks the document's rows
 *   2. guard   guard-retired-stages.ts  refuses a newly linked retired stage (stage rows share-locked)
 *   3. count   count-deltas.ts          coverage-count deltas from the document before and after
 *      … Strapi's write; then, in its transaction, the lifecycle subscribers:
 *        unseen-writes.ts  a write step 3 did not count makes the type's counts rebuild
 *        version-bump.ts   the type's change counter moves, after the commit
 *   4. repair  repair-retired-links.ts  after the commit, moves links a racing write copied
 *              onto a retired stage; inside a caller's transaction, at the end of the
 *              request (check-after-request.ts, a Koa middleware)
 * Document Service middlewares nest in the order they are registered, so repair is
 * registered first (outermost: its work runs after the write's transaction), then
 * lock, guard and count.
 *
 * Lock order (locks.ts is the only module that takes row locks; every writer takes
 * them in this order, so two writers wait for each other instead of deadlocking):
 *   1. entry rows: every row (versions, locales) of the documents written, in one
 *      statement, the first of the transaction (the row order: locks.ts inLockOrder).
 *      A retire locks every entry carrying the stage (PostgreSQL).
 *   2. stage rows (journey_stages): writers read them with a shared lock; a retire or
 *      restore updates them.
 *   3. what the write itself changes: link rows, entry rows, count delta rows (insert
 *      only: no lock other writers wait for).
 *   After the commit: the change counter (its own one-row statement) and repair (its
 *   own transaction, in the same order).
 * The transactions the plugin opens itself (the tag API's writes, repair, a retire) are
 * run again when the database picked them as a deadlock victim, by the one retry policy:
 * utils/transactions.ts withRetries, which retries only what a retry can cure.
 */
import type { Core } from '@strapi/strapi';
import { checkAfterRequest } from './check-after-request';
import { countDeltas } from './count-deltas';
import { guardRetiredStages } from './guard-retired-stages';
import { lockDocument } from './lock-document';
import { repairRetiredLinks } from './repair-retired-links';
import { unseenWrites } from './unseen-writes';
import { versionBump } from './version-bump';

/** The Document Service middlewares, outermost first: the order above. */
export const WRITE_STEPS = [
  { step: 'repair', middleware: repairRetiredLinks },
  { step: 'lock', middleware: lockDocument },
  { step: 'guard', middleware: guardRetiredStages },
  { step: 'count', middleware: countDeltas },
] as const;

/** In register, before any write: the Document Service middlewares and the after-request check. */
export const registerWritePath = (strapi: Core.Strapi) => {
  for (const { middleware } of WRITE_STEPS) strapi.documents.use(middleware(strapi) as any);
  strapi.server.use(checkAfterRequest(strapi));
};

/** The lifecycle subscribers: at bootstrap, once every journey type is known. */
export const subscribeWritePath = (strapi: Core.Strapi) => {
  strapi.db.lifecycles.subscribe(unseenWrites(strapi) as any);
  strapi.db.lifecycles.subscribe(versionBump(strapi) as any);
};
