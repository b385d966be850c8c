import type { Core } from '@strapi/strapi';
import { respondCacheable } from '../utils/cacheable';
import { getService } from '../utils/get-service';

/** `GET /api/journey/recommend`: parse, delegate (through the response cache), cache headers. */
const recommendController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    // The answer, reused while the request, the caller's permissions and the content are unchanged
    // (services/response-cache.ts); the ETag is a strong validator over the exact body.
    const { body, json, etag } = await getService('response-cache', strapi).answer(
      ctx.query,
      ctx.state.auth,
      (versions?: Record<string, number>) =>
        getService('recommend', strapi).recommend(ctx.query, ctx.state.auth, versions)
    );
    getService('demand', strapi).recordAnswer(body, ctx);
    respondCacheable(strapi, ctx, body, { json, etag });
  },
});

export default recommendController;
