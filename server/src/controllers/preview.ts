import type { Core } from '@strapi/strapi';
import { respondWithError } from '../utils/errors';

/** `GET /journey/preview` and `/journey/preview/roles` (admin, plugin::journey.coverage.read). */
const previewController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    try {
      ctx.body = await strapi.plugin('journey').service('preview').preview(ctx.query);
    } catch (e) {
      respondWithError(ctx, e);
    }
  },

  async roles(ctx: any) {
    ctx.body = { data: await strapi.plugin('journey').service('preview').roles() };
  },
});

export default previewController;
