import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

/** `GET /journey/preview` and `/journey/preview/roles` (admin, plugin::journey.coverage.read). */
const previewController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    ctx.body = await getService('preview', strapi).preview(ctx.query);
  },

  async roles(ctx: any) {
    ctx.body = { data: await getService('preview', strapi).roles() };
  },
});

export default previewController;
