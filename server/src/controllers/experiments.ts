import type { Core } from '@strapi/strapi';
import { respondCacheable } from '../utils/cacheable';
import { getService } from '../utils/get-service';

/**
 * `GET /api/journey/experiments` (public, cacheable: the same body for every visitor),
 * and the admin's `GET` / `PUT /journey/experiments` (results, and the settings page's list).
 */
const experimentsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    respondCacheable(strapi, ctx, { data: await getService('experiments', strapi).published() });
  },

  /** Every experiment with its result so far (plugin/src/experiment-stats.ts). */
  async adminFind(ctx: any) {
    ctx.body = { data: await getService('experiments', strapi).withResults() };
  },

  /**
   * `GET /api/journey/experiments/results` (content API, granted to nobody by default: an API
   * token for a dashboard): the same results, without what only the settings page needs
   * (a fixed arm's documentIds, where an experiment is set).
   */
  async results(ctx: any) {
    const all = await getService('experiments', strapi).withResults();
    ctx.set('Cache-Control', 'private, no-cache');
    ctx.body = {
      data: all.map(({ source: _source, arms, ...experiment }) => ({
        ...experiment,
        arms: arms.map(({ documentIds: _ids, ...arm }) => arm),
      })),
    };
  },

  async update(ctx: any) {
    await getService('experiments', strapi).update(ctx.request.body);
    return this.adminFind(ctx);
  },
});

export default experimentsController;
