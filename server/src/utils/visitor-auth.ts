import path from 'path';
import type { Core } from '@strapi/strapi';
import { JourneyInputError } from '../../../plugin/src';

export interface PreviewRole {
  id: number;
  name: string;
  type: string;
}

const ROLE_UID = 'plugin::users-permissions.role';

/**
 * Users & Permissions' own content-API strategy object (the one it registers with
 * `strapi.get('auth').register('content-api', …)`). Its package exports only the
 * plugin entry, so it is loaded by file path; Node's module cache hands back the
 * very instance Strapi registered, so `verify` below is Strapi's, not a copy.
 */
const usersPermissionsStrategy = (): {
  name: string;
  verify: (auth: unknown, config: unknown) => Promise<void>;
} => {
  const dir = path.dirname(require.resolve('@strapi/plugin-users-permissions/package.json'));
  // A runtime path (the strategy is not exported): only require() can load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(dir, 'dist/server/strategies/users-permissions.js'));
  const strategy = typeof mod.__require === 'function' ? mod.__require() : (mod.default ?? mod);
  if (typeof strategy?.verify !== 'function')
    throw new Error('Users & Permissions content-API strategy not found');
  return strategy;
};

export const listRoles = async (strapi: Core.Strapi): Promise<PreviewRole[]> => {
  const rows = await strapi.db
    .query(ROLE_UID as any)
    .findMany({ select: ['id', 'name', 'type'], orderBy: { id: 'asc' } });
  return (rows as any[]).map((r) => ({ id: Number(r.id), name: r.name, type: r.type }));
};

/** Parses `role` (a Users & Permissions role id); absent = the Public role. */
export const resolveRole = async (strapi: Core.Strapi, raw: unknown): Promise<PreviewRole> => {
  const roles = await listRoles(strapi);
  const ids = roles.map((r) => String(r.id));
  if (raw === undefined || raw === '') {
    const pub = roles.find((r) => r.type === 'public');
    if (!pub)
      throw new JourneyInputError(
        'role',
        'role: this site has no Public role: pick a role id',
        ids
      );
    return pub;
  }
  const role =
    typeof raw === 'string' && /^\d{1,9}$/.test(raw)
      ? roles.find((r) => String(r.id) === raw)
      : undefined;
  if (!role)
    throw new JourneyInputError(
      'role',
      `role "${String(raw)}" is not a Users & Permissions role id: use ${ids.join(', ')}`,
      ids
    );
  return role;
};

/**
 * The `auth` a content-API request of a visitor with this role carries
 * (`ctx.state.auth` = { strategy, credentials, ability }), built as the
 * Users & Permissions strategy builds it: the role's permissions turned into a
 * content-API ability. Public visitors have no credentials; a logged-in visitor
 * has a user, stood in for here by a user-less marker of the role.
 */
export const visitorAuth = async (strapi: Core.Strapi, role: PreviewRole) => {
  const permissionService = strapi.plugin('users-permissions').service('permission');
  const permissions = ((await permissionService.findRolePermissions(role.id)) as any[]).map(
    permissionService.toContentAPIPermission
  );
  const ability = await (strapi as any).contentAPI.permissions.engine.generateAbility(permissions);
  const credentials = role.type === 'public' ? null : { id: null, preview: true, role };
  return {
    auth: { strategy: usersPermissionsStrategy(), credentials, ability },
    permissionCount: permissions.length,
  };
};
