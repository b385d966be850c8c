import type { Core } from '@strapi/strapi';
import { hasJourney } from '../utils/journey-types';
import { inRetriedTransaction } from '../utils/transactions';
import { bumpVersions, typeScope } from '../utils/content-version';
import { getService } from '../utils/get-service';
import { moveStageLinks, rowsWithStages } from '../queries/tag-storage';
import { lockDocumentRows, shareStageRows } from './locks';
import { writtenDocumentId, type Next, type WriteContext } from './writes';

/** Writes that can (re)create an entry's stage links, directly or by copying a version. */
const LINKING = new Set(['create', 'update', 'publish', 'discardDraft', 'clone']);
/** A retire's target may itself have been retired since, with a target of its own. */
const MAX_HOPS = 5;

/** The document's links to retired stages, with where each retire moved its tags. */
const staleLinks = (strapi: Core.Strapi, uid: string, documentId: string, trx?: any) =>
  rowsWithStages(strapi, uid, [documentId], trx)
    .query.where('st.retired', true)
    .select(
      't.id as entry',
      'st.id as stage_row',
      'st.stage_id as stage',
      'st.moved_to as moved_to'
    );

/** The active stage row a retired stage's tags belong on now, following retires of retires. */
const activeTarget = async (strapi: Core.Strapi, trx: any, movedTo: string | null) => {
  let next = movedTo;
  for (let hop = 0; next && hop < MAX_HOPS; hop++) {
    const stageId = next;
    const row = await shareStageRows(strapi, trx, (qb) =>
      qb.where({ stage_id: stageId }).select('id', 'stage_id', 'retired', 'moved_to')
    ).first();
    if (!row) return null;
    if (!row.retired) return { id: Number(row.id), stage: row.stage_id as string };
    next = row.moved_to;
  }
  return null;
};

/**
 * Moves a document's links off retired stages, to where their retire moved the rest.
 * The retire moves every link it can see; it cannot see a link a write copies after it
 * committed from an older read: on MariaDB (repeatable read) a publish whose
 * transaction read the draft before the retire committed writes the old stage into the
 * new published version (measured before this: 2–3 of 12 racing versions). Runs after
 * the write committed, so it reads the retire's outcome. Returns the links moved.
 */
export const moveOffRetiredStages = async (
  strapi: Core.Strapi,
  uid: string,
  documentId: string
) => {
  if ((await staleLinks(strapi, uid, documentId)).length === 0) return 0; // the common case: one read
  const moves: string[] = [];
  const moved = await inRetriedTransaction(strapi, async (trx) => {
    await lockDocumentRows(strapi, trx, uid, [documentId]); // the lock order's step 1, as every write
    return getService('coverage-counts', strapi).counted(uid, documentId, trx, async () => {
      moves.length = 0;
      let count = 0;
      const rows = await staleLinks(strapi, uid, documentId, trx); // again, under the lock
      type Group = { stage: string; movedTo: string | null; entries: number[] };
      const byStage = new Map<number, Group>();
      for (const r of rows as any[]) {
        const k = Number(r.stage_row);
        const group: Group = byStage.get(k) ?? { stage: r.stage, movedTo: r.moved_to, entries: [] };
        group.entries.push(Number(r.entry));
        byStage.set(k, group);
      }
      for (const [from, { stage, movedTo, entries }] of byStage) {
        const target = await activeTarget(strapi, trx, movedTo);
        if (!target) continue; // retired without a target: shown on the settings page, left to an admin
        count += await moveStageLinks(strapi, trx, uid, from, target.id, entries);
        moves.push(`${stage} → ${target.stage}`);
      }
      return count;
    });
  });
  if (moved > 0) {
    await bumpVersions(strapi, [typeScope(uid)]);
    strapi.log.info(
      `[journey] ${uid} ${documentId}: moved ${moved} link(s) a write made to a retired stage after its retire (${moves.join(', ')})`
    );
  }
  return moved;
};

/** Where a request keeps the documents to check once its handler, and so its transaction, is done. */
export const PENDING = 'journeyRetiredLinkChecks';
export type Pending = Map<string, { uid: string; documentId: string }>;

export const checkLogged = (strapi: Core.Strapi, uid: string, documentId: string) =>
  moveOffRetiredStages(strapi, uid, documentId).catch((error) =>
    strapi.log.warn(
      `[journey] ${uid} ${documentId}: could not check its links for retired stages (${(error as Error).message}); retiring the stage again with moveTo moves them`
    )
  );

/**
 * Document Service middleware, step 4 of a write: after a write that can link stages
 * committed, moves any link of the document to a retired stage (see
 * moveOffRetiredStages). Registered first, so it runs outside the write's own
 * transaction. Inside a caller's transaction (the Content Manager's publish opens one)
 * the check waits for the end of the request (check-after-request.ts): it has run when
 * the answer is sent, though the answer's body was built before it. Outside a request,
 * for code's own transactions, it runs when that transaction commits (not awaited by
 * the caller).
 */
export const repairRetiredLinks =
  (strapi: Core.Strapi) => async (ctx: WriteContext, next: Next) => {
    const type = strapi.contentTypes[ctx.uid as keyof typeof strapi.contentTypes] as any;
    if (!LINKING.has(ctx.action) || !hasJourney(type)) return next();
    const outermost = !strapi.db.inTransaction();
    const result = await next();
    const documentId = writtenDocumentId(ctx, result);
    if (!documentId) return result;
    if (outermost) {
      await checkLogged(strapi, ctx.uid, documentId);
      return result;
    }
    const request = strapi.requestContext.get() as any;
    if (request?.state) {
      const pending: Pending = (request.state[PENDING] ??= new Map());
      pending.set(`${ctx.uid} ${documentId}`, { uid: ctx.uid, documentId });
    } else {
      await strapi.db.transaction(({ onCommit }: any) =>
        onCommit(() => checkLogged(strapi, ctx.uid, documentId))
      );
    }
    return result;
  };
