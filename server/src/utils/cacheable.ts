import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { pluginConfig } from './plugin-config';

/**
 * Answers a public GET with an ETag over the exact body (equal signals, equal
 * answer, equal ETag on every instance), the configured Cache-Control (private
 * for a token or a logged-in user) and a 304 for a matching If-None-Match.
 */
export const respondCacheable = (strapi: Core.Strapi, ctx: any, body: unknown) => {
  const etag = `"${crypto.createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`;
  ctx.set('ETag', etag);
  ctx.set(
    'Cache-Control',
    ctx.state.auth?.credentials ? 'private, no-cache' : pluginConfig(strapi).cacheControl
  );
  ctx.vary('Authorization');
  const match = String(ctx.get('If-None-Match') || '')
    .split(',')
    .map((t: string) => t.trim().replace(/^W\//, ''));
  if (match.includes(etag) || match.includes('*')) {
    ctx.status = 304;
    return;
  }
  ctx.body = body;
};
