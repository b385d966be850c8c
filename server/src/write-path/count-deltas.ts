import type { Core } from '@strapi/strapi';
import { AsyncLocalStorage } from 'async_hooks';
import { getService } from '../utils/get-service';
import {
  existingDocumentId,
  isJourneyWrite,
  writtenDocumentId,
  type Next,
  type WriteContext,
} from './writes';

/** The types whose writes the current call counts (unseen-writes.ts leaves their lifecycle events alone). */
const counting = new AsyncLocalStorage<Set<string>>();

/** Whether a lifecycle event of `uid` belongs to a write this module is counting. */
export const isCounted = (uid: string) => counting.getStore()?.has(uid) ?? false;

/**
 * Document Service middleware, step 3 of a write (the document's rows locked, its
 * stages guarded): reads the document's contribution to the coverage counts, runs the
 * write, reads it again and inserts the difference as delta rows in the write's own
 * transaction, so a delta exists if and only if its write committed. The maths is
 * services/coverage-counts.ts.
 */
export const countDeltas = (strapi: Core.Strapi) => async (ctx: WriteContext, next: Next) => {
  if (!isJourneyWrite(strapi, ctx)) return next();
  const counts = getService('coverage-counts', strapi);
  // Joins the transaction lock-document.ts opened: the write's own.
  return strapi.db.transaction(async ({ trx }: any) => {
    const existing = existingDocumentId(ctx);
    const before = existing
      ? await counts.contribution(ctx.uid, existing, trx, true)
      : new Set<string>();
    const result = await counting.run(new Set([ctx.uid]), next);
    const documentId = writtenDocumentId(ctx, result);
    if (!documentId) return result;
    const after = await counts.contribution(ctx.uid, documentId, trx, false);
    await counts.recordChange(ctx.uid, before, after, trx);
    return result;
  });
};
