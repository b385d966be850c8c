import type { Core } from '@strapi/strapi';
import { lockDocumentRows } from './locks';
import { existingDocumentId, isJourneyWrite, type Next, type WriteContext } from './writes';

/**
 * Document Service middleware, step 1 of a write: opens the write's transaction (or
 * joins the caller's) and locks the document's rows as its first statement, so two
 * writers of one document take turns and every later step (guard, count) reads the
 * rows as the previous writer left them. A new document (create, clone) has no rows yet.
 */
export const lockDocument = (strapi: Core.Strapi) => async (ctx: WriteContext, next: Next) => {
  if (!isJourneyWrite(strapi, ctx)) return next();
  return strapi.db.transaction(async ({ trx }: any) => {
    const documentId = existingDocumentId(ctx);
    if (documentId) await lockDocumentRows(strapi, trx, ctx.uid, [documentId]);
    return next();
  });
};
