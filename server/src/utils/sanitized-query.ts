import type { Core, UID } from '@strapi/strapi';
import { permissionFingerprint, stableJson } from './fingerprint';

/** Sanitized queries kept per Strapi instance; past it the memory starts over (a few KB each at most). */
const MAX_QUERIES = 500;
const known = new WeakMap<object, Map<string, Promise<Record<string, unknown>>>>();

/**
 * A recommend request's `fields` / `populate` for one type, validated and sanitized exactly as
 * Strapi's REST API does. Both are functions of the schema, the query and the permissions the
 * request's auth loaded, so the result is kept per (type, query, permission fingerprint): a
 * changed permission is a new key. Validating and sanitizing ran on every request for every
 * type (issue #22); a query that fails validation is not kept (the error is thrown each time).
 */
export const sanitizedQuery = async (
  strapi: Core.Strapi,
  uid: string,
  raw: Record<string, unknown>,
  auth: unknown
): Promise<Record<string, unknown>> => {
  let byKey = known.get(strapi);
  if (!byKey) known.set(strapi, (byKey = new Map()));
  const key = `${uid}\u0000${stableJson(raw)}\u0000${permissionFingerprint(auth)}`;
  let answer = byKey.get(key);
  if (!answer) {
    answer = (async () => {
      const schema = strapi.getModel(uid as UID.ContentType);
      await strapi.contentAPI.validate.query(raw, schema, { auth } as any);
      return strapi.contentAPI.sanitize.query(raw, schema, { auth } as any);
    })();
    answer.catch(() => byKey!.delete(key));
    if (byKey.size >= MAX_QUERIES) byKey.clear();
    byKey.set(key, answer);
  }
  // A copy: the caller hands it on to the Document Service, which may change what it is given.
  return structuredClone(await answer);
};
