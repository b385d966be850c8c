import type { Core } from '@strapi/strapi';
import { isLive } from '../../../plugin/src';
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
    const experiments = getService('experiments', strapi);
    const counts = getService('experiment-counts', strapi);
    const now = Date.now();
    const list = await experiments.list();
    const stored = new Set((await experiments.stored()).map((e) => e.id));
    ctx.body = {
      data: await Promise.all(
        list.map(async (experiment) => ({
          ...experiment,
          live: isLive(experiment, now),
          source: stored.has(experiment.id) ? 'settings' : 'config',
          result: await counts.result(experiment),
        }))
      ),
    };
  },

  async update(ctx: any) {
    await getService('experiments', strapi).update(ctx.request.body);
    return this.adminFind(ctx);
  },
});

export default experimentsController;
