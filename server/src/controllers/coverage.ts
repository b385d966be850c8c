import type { Core } from '@strapi/strapi';
import { answerWith } from '../utils/errors';
import { getService } from '../utils/get-service';

/** `GET /journey/coverage` (admin, plugin::journey.coverage.read). */
const coverageController = ({ strapi }: { strapi: Core.Strapi }) => ({
  find: (ctx: any) =>
    answerWith(ctx, () =>
      getService('coverage', strapi).matrix(ctx.query, { userAbility: ctx.state.userAbility })
    ),
});

export default coverageController;
