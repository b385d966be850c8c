import register from './register';
import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import routes from './routes';
import services from './services';
import { keepAudienceLedger } from './services/archive';

export default {
  register,
  bootstrap,
  async destroy({ strapi }: { strapi: any }) {
    // A copy of the audiences for a boot with the plugin disabled (see services/archive.ts).
    await keepAudienceLedger(strapi).catch((error: Error) => strapi.log?.warn?.(`[journey] audience ledger not written: ${error.message}`));
  },
  config,
  contentTypes,
  controllers,
  routes,
  services,
  policies: {},
  middlewares: {},
};
