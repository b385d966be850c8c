import type { Core } from '@strapi/strapi';
import { respondWithError } from '../utils/errors';
import { pluginConfig } from '../utils/plugin-config';
import { getService } from '../utils/get-service';

/** `GET /api/journey/recommend`: parse, delegate (through the response cache), cache headers. */
const recommendController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    let body;
    let json;
    let etag;
    try {
      // The answer, reused while the request, the caller's permissions and the content are unchanged
      // (services/response-cache.ts); the ETag is a strong validator over the exact body.
      ({ body, json, etag } = await getService('response-cache', strapi).answer(
        ctx.query,
        ctx.state.auth,
        (versions?: Record<string, number>) =>
          getService('recommend', strapi).recommend(ctx.query, ctx.state.auth, versions)
      ));
    } catch (e) {
      respondWithError(ctx, e);
      return;
    }
    getService('demand', strapi).recordAnswer(body, ctx);
    ctx.set('ETag', etag);
    // An answer for a token or a logged-in user may show more types than Public's:
    // never let a shared cache keep it. Keep CORS's Vary: Origin, add Authorization.
    ctx.set(
      'Cache-Control',
      ctx.state.auth?.credentials ? 'private, no-cache' : pluginConfig(strapi).cacheControl
    );
    ctx.vary('Authorization');
    const match = String(ctx.get('If-None-Match') || '')
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''));
    if (match.includes(etag) || match.includes('*')) {
      ctx.status = 304;
      return;
    }
    // Serialized once per computation (services/response-cache.ts), not on every reuse.
    ctx.type = 'application/json';
    ctx.body = json;
  },
});

export default recommendController;
