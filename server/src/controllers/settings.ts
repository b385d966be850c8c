import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

/** Settings page API: read (coverage.read), change and retire (settings.manage). */
const settingsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService('settings', strapi);
  const data = async (ctx: any, fn: () => Promise<unknown>) => {
    ctx.body = { data: await fn() };
  };
  return {
    find: (ctx: any) => data(ctx, () => settings().get()),
    update: (ctx: any) => data(ctx, () => settings().update(ctx.request.body)),
    retire: (ctx: any) => data(ctx, () => settings().retire(ctx.request.body)),
    restore: (ctx: any) => data(ctx, () => settings().restore(ctx.request.body)),
  };
};

export default settingsController;
