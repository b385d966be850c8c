import type { Core } from '@strapi/strapi';
import { respondCacheable } from '../utils/cacheable';
import { getService } from '../utils/get-service';
import { parseVisitorModelQuery, parseVisitorQuery } from '../validation/visitor';

/** `GET /api/journey/visitor` (the inference alone) and `/api/journey/visitor/model` (for edge mode). */
const visitorController = ({ strapi }: { strapi: Core.Strapi }) => {
  const visitor = () => getService('visitor', strapi);
  const run = async (ctx: any, fn: () => Promise<unknown>) =>
    respondCacheable(strapi, ctx, await fn());
  return {
    find: (ctx: any) =>
      run(ctx, () => visitor().infer(parseVisitorQuery(ctx.query), ctx.state.auth)),
    model: (ctx: any) =>
      run(ctx, () => {
        parseVisitorModelQuery(ctx.query);
        return visitor().model();
      }),
  };
};

export default visitorController;
