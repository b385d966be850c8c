import type { Core } from '@strapi/strapi';
import { httpError } from '../utils/errors';
import { AUDIENCE_ATTRIBUTE, STAGES_ATTRIBUTE } from '../constants';

export type TagAction = 'read' | 'update';

/**
 * Who is asking: an admin's ability (`ctx.state.userAbility`, as routes have it) or
 * an admin user (code acting for someone). Neither = trusted server code.
 */
export interface TagCaller {
  userAbility?: unknown;
  user?: { id: unknown } & Record<string, unknown>;
}

const JOURNEY_FIELDS = [STAGES_ATTRIBUTE, AUDIENCE_ATTRIBUTE];

/**
 * The Content Manager's own permission path, applied to journey tags. Editing
 * tags is editing the entry, so every tag read and write asks exactly what a
 * Content Manager request would: the type-level action first (before any entry
 * is loaded), then — with the entry loaded through the Document Service and the
 * relations its conditions need populated, as the CM's populate builder does —
 * the action on that entry and on both journey fields. Conditions (`is-creator`,
 * custom ones), field limits and locale limits all come from the same ability.
 */
const tagAccessService = ({ strapi }: { strapi: Core.Strapi }) => {
  const checkerOf = (caller: TagCaller, uid: string) =>
    caller.userAbility === undefined
      ? null
      : strapi
          .plugin('content-manager')
          .service('permission-checker')
          .create({ userAbility: caller.userAbility, model: uid });

  return {
    checkerOf,

    /** The caller with its ability: built from `user` the way the admin builds it for a request. */
    async resolve(caller: TagCaller = {}): Promise<TagCaller> {
      if (caller.userAbility !== undefined || !caller.user) return caller;
      const userAbility = await strapi
        .service('admin::permission')
        .engine.generateUserAbility(caller.user);
      return { ...caller, userAbility };
    },

    /** 403 unless the caller may `action` some entries of `uid` at all. Cheap: no query. */
    assertType(caller: TagCaller, uid: string, action: TagAction) {
      const checker = checkerOf(caller, uid);
      if (checker?.cannot[action]()) throw httpError(403, `You may not ${action} ${uid} entries`);
      return checker;
    },

    /** Whether the caller may `action` some entries of `uid` (coverage rows, type lists). */
    mayAccessType(caller: TagCaller, uid: string, action: TagAction): boolean {
      const checker = checkerOf(caller, uid);
      return !checker || !checker.cannot[action]();
    },

    /** What to populate so the conditions of `action` can be evaluated on a loaded entry (as the CM does). */
    async populateFor(
      caller: TagCaller,
      uid: string,
      action: TagAction
    ): Promise<Record<string, unknown>> {
      const checker = checkerOf(caller, uid);
      if (!checker) return {};
      const permissionQuery = await checker.sanitizedQuery[action]({});
      const populateBuilder = strapi.plugin('content-manager').service('populate-builder') as any;
      const populate = await populateBuilder(uid).populateFromQuery(permissionQuery).build();
      return populate && typeof populate === 'object' && !Array.isArray(populate) ? populate : {};
    },

    /** Whether the caller may `action` this loaded entry and both journey fields of it. */
    allows(caller: TagCaller, uid: string, action: TagAction, entry: unknown): boolean {
      const checker = checkerOf(caller, uid);
      if (!checker) return true;
      return (
        !checker.cannot[action](entry) &&
        JOURNEY_FIELDS.every((field) => !checker.cannot[action](entry, field))
      );
    },

    forbidden(uid: string, action: TagAction) {
      return httpError(403, `You may not ${action} the journey tags of this ${uid} entry`);
    },
  };
};

export default tagAccessService;
