import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { respondWithError } from '../utils/errors';
import { pluginConfig } from '../utils/plugin-config';

/** `GET /api/journey/recommend`: parse, delegate, cache headers. */
const recommendController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    let body;
    try {
      body = await strapi.plugin('journey').service('recommend').recommend(ctx.query, ctx.state.auth);
    } catch (e) {
      respondWithError(ctx, e);
      return;
    }
    strapi.plugin('journey').service('demand').recordAnswer(body, ctx);
    // A strong validator over the exact body: equal answers, equal ETag, on every instance.
    const etag = `"${crypto.createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`;
    ctx.set('ETag', etag);
    // An answer for a token or a logged-in user may show more types than Public's:
    // never let a shared cache keep it. Keep CORS's Vary: Origin, add Authorization.
    ctx.set('Cache-Control', ctx.state.auth?.credentials ? 'private, no-cache' : pluginConfig(strapi).cacheControl);
    ctx.vary('Authorization');
    const match = String(ctx.get('If-None-Match') || '')
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''));
    if (match.includes(etag) || match.includes('*')) {
      ctx.status = 304;
      return;
    }
    ctx.body = body;
  },
});

export default recommendController;
