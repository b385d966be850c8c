import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { pluginConfig } from './plugin-config';

/** A strong ETag over the exact bytes sent: equal answers get equal ETags on every instance. */
export const etagOf = (body: unknown, json = JSON.stringify(body)) =>
  `"${crypto.createHash('sha1').update(json).digest('base64url')}"`;

/**
 * Answers a public GET with an ETag over the exact body (equal signals, equal
 * answer, equal ETag on every instance), the configured Cache-Control (private
 * for a token or a logged-in user) and a 304 for a matching If-None-Match.
 * `serialized`: the body's JSON and ETag when they were computed once already
 * (the response cache), so a reused answer is not serialized again.
 */
export const respondCacheable = (
  strapi: Core.Strapi,
  ctx: any,
  body: unknown,
  serialized?: { json: string; etag: string }
) => {
  const json = serialized?.json ?? JSON.stringify(body);
  const etag = serialized?.etag ?? etagOf(body, json);
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
    .map((t: string) => t.trim().replace(/^W\//, ''));
  if (match.includes(etag) || match.includes('*')) {
    ctx.status = 304;
    return;
  }
  ctx.type = 'application/json';
  ctx.body = json;
};
