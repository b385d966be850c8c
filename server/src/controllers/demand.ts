import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

/** `GET /journey/demand` and `GET /journey/demand/status` (admin, plugin::journey.coverage.read). */
const demandController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    ctx.body = await getService('demandReport', strapi).report(ctx.query);
  },
  async status(ctx: any) {
    ctx.body = await getService('demandReport', strapi).status();
  },
});

export default demandController;
