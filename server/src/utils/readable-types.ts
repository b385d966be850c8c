import type { Core } from '@strapi/strapi';
import { isRefusal } from './errors';
import { journeyTypeUids } from './journey-types';

/** Journey types the caller (Public role, a user or an API token) may `find`, checked with Strapi's own auth service. */
export const readableTypes = async (strapi: Core.Strapi, auth: unknown): Promise<string[]> => {
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
