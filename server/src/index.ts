import register from './register';
import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import routes from './routes';
import services from './services';
import { startDemand, stopDemand } from './demand-lifecycle';

export default {
  register,
  async bootstrap(ctx: Parameters<typeof bootstrap>[0]) {
    await bootstrap(ctx);
    await startDemand(ctx);
  },
  destroy: stopDemand,
  config,
  contentTypes,
  controllers,
  routes,
  services,
  policies: {},
  middlewares: {},
};
