import type { Core } from '@strapi/strapi';
import { rethrowAsHttp } from '../utils/errors';
import { getService } from '../utils/get-service';

/** `GET /journey/coverage` (admin, plugin::journey.coverage.read). */
const coverageController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    try {
      ctx.body = await getService('coverage', strapi).matrix(ctx.query, {
        userAbility: ctx.state.userAbility,
      });
    } catch (e) {
      rethrowAsHttp(e);
    }
  },
});

export default coverageController;
