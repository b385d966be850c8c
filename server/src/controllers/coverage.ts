import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

/** `GET /journey/coverage` (admin, plugin::journey.coverage.read). */
const coverageController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    ctx.body = await getService('coverage', strapi).matrix(ctx.query, {
      userAbility: ctx.state.userAbility,
    });
  },
});

export default coverageController;
