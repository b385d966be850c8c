import type { Core } from '@strapi/strapi';
import { rethrowAsHttp } from '../utils/errors';
import { getService } from '../utils/get-service';

/** Settings page API: read (coverage.read), change and retire (settings.manage). */
const settingsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService('settings', strapi);
  const run = async (ctx: any, fn: () => Promise<unknown>) => {
    try {
      ctx.body = { data: await fn() };
    } catch (e) {
      rethrowAsHttp(e);
    }
  };
  return {
    find: (ctx: any) => run(ctx, () => settings().get()),
    update: (ctx: any) => run(ctx, () => settings().update(ctx.request.body)),
    retire: (ctx: any) => run(ctx, () => settings().retire(ctx.request.body)),
    restore: (ctx: any) => run(ctx, () => settings().restore(ctx.request.body)),
  };
};

export default settingsController;
