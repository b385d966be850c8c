import type { Core } from '@strapi/strapi';
import { rethrowAsHttp } from '../utils/errors';

/** `GET /journey/demand` and `GET /journey/demand/status` (admin, plugin::journey.coverage.read). */
const demandController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    try {
      ctx.body = await strapi.plugin('journey').service('demandReport').report(ctx.query);
    } catch (e) {
      rethrowAsHttp(e);
    }
  },
  async status(ctx: any) {
    ctx.body = await strapi.plugin('journey').service('demandReport').status();
  },
});

export default demandController;
