import type { Core } from '@strapi/strapi';
import { rethrowAsHttp } from '../utils/errors';

/** `GET /journey/coverage` (admin, plugin::journey.coverage.read). */
const coverageController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    try {
      ctx.body = await strapi.plugin('journey').service('coverage').matrix(ctx.query, { userAbility: ctx.state.userAbility });
    } catch (e) {
      rethrowAsHttp(e);
    }
  },
});

export default coverageController;
