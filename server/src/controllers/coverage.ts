import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

/** `GET /journey/coverage` (plugin::journey.coverage.read) and `POST /journey/coverage/recount` (plugin::journey.settings.manage). */
const coverageController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    ctx.body = await getService('coverage', strapi).matrix(ctx.query, {
      userAbility: ctx.state.userAbility,
    });
  },

  /** Recount: every journey type's counts are rebuilt from the tables on the next read. */
  async recount(ctx: any) {
    ctx.body = { data: { recounting: await getService('count-check', strapi).recountAll() } };
  },
});

export default coverageController;
