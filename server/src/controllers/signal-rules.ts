import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

/** Settings page, visitor signal rules: read (coverage.read), replace (settings.manage). */
const signalRulesController = ({ strapi }: { strapi: Core.Strapi }) => {
  const rules = () => getService('signal-rules', strapi);
  return {
    async find(ctx: any) {
      ctx.body = { data: await rules().get() };
    },
    async update(ctx: any) {
      ctx.body = { data: await rules().update(ctx.request.body) };
    },
  };
};

export default signalRulesController;
