import type { Core } from '@strapi/strapi';
import { JourneyInputError } from '../../../plugin/src';
import { httpError } from './errors';

export interface PreviewRole {
  id: number;
  name: string;
  type: string;
}

const ROLE_UID = 'plugin::users-permissions.role';

/**
 * The strategy a previewed visitor's `auth` names. Strapi's auth service checks a scope by
 * calling `auth.strategy.verify(auth, { scope })`; Users & Permissions' own strategy is not
 * exported (only a file inside its `dist/`, which may move in any release), so this is the
 * same rule it applies: a scope is allowed when the role's ability (built by Strapi's own
 * permission engine below) can do every action in it. Refusals carry Strapi's error names,
 * which is how the plugin recognises them (utils/errors.ts `isRefusal`).
 */
const previewStrategy = {
  name: 'users-permissions',
  authenticate: async () => ({ authenticated: false }),
  async verify(
    auth: { credentials: unknown; ability: { can(action: string): boolean } | null },
    config: { scope?: string | string[] } = {}
  ) {
    if (!config.scope) {
      if (!auth.credentials) throw httpError(401, 'Unauthorized');
      return;
    }
    if (!auth.ability) throw httpError(401, 'Unauthorized');
    const scopes = Array.isArray(config.scope) ? config.scope : [config.scope];
    if (!scopes.every((scope) => auth.ability!.can(scope))) throw httpError(403, 'Forbidden');
  },
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
    auth: { strategy: previewStrategy, credentials, ability },
    permissionCount: permissions.length,
  };
};
