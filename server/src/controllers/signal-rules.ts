import type { Core } from '@strapi/strapi';
import { rethrowAsHttp } from '../utils/errors';
import { getService } from '../utils/get-service';

/** Settings page, visitor signal rules: read (coverage.read), replace (settings.manage). */
const signalRulesController = ({ strapi }: { strapi: Core.Strapi }) => {
  const rules = () => getService('signal-rules', strapi);
  const run = async (ctx: any, fn: () => Promise<unknown>) => {
    try {
      ctx.body = { data: await fn() };
    } catch (e) {
      rethrowAsHttp(e);
    }
  };
  return {
    find: (ctx: any) => run(ctx, () => rules().get()),
    update: (ctx: any) => run(ctx, () => rules().update(ctx.request.body)),
  };
};

export default signalRulesController;
