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
    // A strong validator over the exact body: equal answers, equal ETag, on every instance.
    const etag = `"${crypto.createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`;
    ctx.set('ETag', etag);
    ctx.set('Cache-Control', pluginConfig(strapi).cacheControl);
    ctx.set('Vary', 'Authorization');
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
