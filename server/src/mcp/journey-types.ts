import { z } from './zod';
import { journeyTypeUids } from '../utils/journey-types';
import { getService } from '../utils/get-service';
import type { TagAction } from '../services/tag-access';
import type { McpCaller, McpPolicy } from './tool';

const CM_ACTION: Record<TagAction, string> = {
  read: 'plugin::content-manager.explorer.read',
  update: 'plugin::content-manager.explorer.update',
};

/**
 * The Content Manager action on each journey type: a tool that reads or writes entries is
 * listed to a token that may `action` entries of at least one of them (Strapi checks these
 * when it lists tools; the entry, field and locale checks run on each call).
 */
export const contentManagerPolicies = (strapi: any, action: TagAction): McpPolicy[] =>
  journeyTypeUids(strapi).map((uid) => ({ action: CM_ACTION[action], subject: uid }));

/**
 * `uid` as an enumeration of the journey types this token may `action` (the Content
 * Manager narrows its locale lists the same way), so an agent sees what it may pass.
 */
export const journeyTypeArg = (strapi: any, caller: McpCaller, action: TagAction) => {
  const access = getService('tag-access', strapi);
  const uids = journeyTypeUids(strapi).filter((uid) => access.mayAccessType(caller, uid, action));
  const description = `The content type (uid) of the entry: one of ${uids.join(', ')}`;
  return uids.length ? z.enum(uids as [string, ...string[]]).describe(description) : z.string();
};
