import type { Core } from '@strapi/strapi';
import { JourneyInputError, respondWithError } from '../utils/errors';
import { respondCacheable } from '../utils/cacheable';
import { getService } from '../utils/get-service';

/** `GET /api/journey/visitor` (the inference alone) and `/api/journey/visitor/model` (for edge mode). */
const visitorController = ({ strapi }: { strapi: Core.Strapi }) => {
  const visitor = () => getService('visitor', strapi);
  const run = async (ctx: any, fn: () => Promise<unknown>) => {
    let body;
    try {
      body = await fn();
    } catch (e) {
      respondWithError(ctx, e);
      return;
    }
    respondCacheable(strapi, ctx, body);
  };
  return {
    find: (ctx: any) => run(ctx, () => visitor().infer(ctx.query, ctx.state.auth)),
    model: (ctx: any) =>
      run(ctx, async () => {
        const keys = Object.keys(ctx.query);
        if (keys.length) {
          throw new JourneyInputError(
            keys[0],
            `${keys[0]} is not a parameter of /api/journey/visitor/model: it takes none`,
            []
          );
        }
        return visitor().model();
      }),
  };
};

export default visitorController;
