import type { Core } from '@strapi/strapi';
import { isRefusal } from './errors';
import { journeyTypeUids } from './journey-types';
import { permissionFingerprint } from './fingerprint';

const MAX_CALLERS = 100;
const known = new WeakMap<object, Map<string, Promise<string[]>>>();

/**
 * Journey types the caller (Public role, a user or an API token) may `find`, checked with
 * Strapi's own auth service. Strapi's verify is a function of the permissions the request's
 * auth loaded (read from the database on every request), so the answer is kept per
 * permission fingerprint: a changed permission is a new fingerprint, never a stale answer.
 * (A refused type costs a thrown ForbiddenError per request otherwise.)
 */
export const readableTypes = (strapi: Core.Strapi, auth: unknown): Promise<string[]> => {
  let byCaller = known.get(strapi);
  if (!byCaller) known.set(strapi, (byCaller = new Map()));
  const key = permissionFingerprint(auth);
  let answer = byCaller.get(key);
  if (!answer) {
    answer = checkTypes(strapi, auth);
    // A failed check (a database error) is not kept.
    answer.catch(() => byCaller!.delete(key));
    if (byCaller.size >= MAX_CALLERS) byCaller.delete(byCaller.keys().next().value as string);
    byCaller.set(key, answer);
  }
  return answer;
};

const checkTypes = async (strapi: Core.Strapi, auth: unknown): Promise<string[]> => {
  const checks = await Promise.all(
    journeyTypeUids(strapi).map(async (uid) => {
      try {
        await strapi.get('auth').verify(auth, { scope: [`${uid}.find`] });
        return uid;
      } catch (error) {
        // Only a refusal means "not allowed"; a database error is an error, not a smaller answer.
        // By name: Users & Permissions throws from its own copy of @strapi/utils.
        if (isRefusal(error)) return null;
        throw error;
      }
    })
  );
  return checks.filter((uid): uid is string => uid !== null);
};
