import register from './register';
import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import routes from './routes';
import services from './services';
import { keepAudienceLedger } from './tag-archive';
import { startDemand, stopDemand } from './demand-lifecycle';
import { countRebuildsOf } from './utils/count-rebuilds';

export default {
  register,
  async bootstrap(ctx: Parameters<typeof bootstrap>[0]) {
    await bootstrap(ctx);
    await startDemand(ctx);
  },
  async destroy(ctx: { strapi: any }) {
    ctx.strapi.plugin('journey').service('count-check').stop();
    await stopDemand(ctx);
    // A coverage recount in the background (utils/count-rebuilds.ts) may finish; one that
    // does not rolls back with the connection, and its lease lapses for another instance.
    await countRebuildsOf(ctx.strapi).settle(10_000);
    // A copy of the audiences for a boot with the plugin disabled (see tag-archive/).
    await keepAudienceLedger(ctx.strapi).catch((error: Error) =>
      ctx.strapi.log?.warn?.(`[journey] audience ledger not written: ${error.message}`)
    );
  },
  config,
  contentTypes,
  controllers,
  routes,
  services,
  policies: {},
  middlewares: {},
};
