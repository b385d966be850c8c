import type { Core } from '@strapi/strapi';
import { checkLogged, PENDING, type Pending } from './repair-retired-links';

/**
 * Koa middleware (registered before the router): runs the retired-link checks a
 * request's writes left pending (repair-retired-links.ts), once its handler, and so its
 * transaction, is done.
 */
export const checkAfterRequest =
  (strapi: Core.Strapi) => async (ctx: any, next: () => Promise<void>) => {
    await next();
    const pending: Pending | undefined = ctx.state?.[PENDING];
    // A refused request rolled its transaction back: nothing it wrote is left to check.
    if (pending && ctx.status < 400)
      for (const { uid, documentId } of pending.values())
        await checkLogged(strapi, uid, documentId);
  };
