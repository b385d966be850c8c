import crypto from 'crypto';
import { adminToken, ensureLocale, type TestApp } from './strapi';

/**
 * Admin roles as a project sets them up in Settings → Roles: Content Manager
 * actions per type with conditions, field limits and locale limits, and users
 * who log in with them. Entries are created through the Content Manager's own
 * route with a user's token, so `createdBy` is set as it is for a real editor.
 */

export const CM = {
  read: 'plugin::content-manager.explorer.read',
  create: 'plugin::content-manager.explorer.create',
  update: 'plugin::content-manager.explorer.update',
} as const;
export type CmAction = keyof typeof CM;

export const JOURNEY_FIELDS = ['journeyStages', 'journeyAudience'];
export const LOCALES = ['en', 'fr', 'de'];

/** The site's three locales: en (the default, there from the first boot), fr and de. */
export const ensureThreeLocales = async (app: TestApp) => {
  for (const code of LOCALES) await ensureLocale(app, code);
};

export const isLocalized = (app: TestApp, uid: string) =>
  app.strapi.contentTypes[uid]?.pluginOptions?.i18n?.localized === true;

/**
 * Every field path the role editor offers for a type (nested component and
 * dynamic-zone paths included): the list the super admin's permission holds.
 */
export const allFields = async (app: TestApp, uid: string): Promise<string[]> => {
  const superAdmin = await app.strapi.admin.services.role.getSuperAdmin();
  const [perm] = await app.strapi.admin.services.permission.findMany({
    where: { role: { id: superAdmin.id }, action: CM.read, subject: uid },
  });
  if (!perm?.properties?.fields)
    throw new Error(`no field list for ${uid} on the super admin role`);
  return perm.properties.fields;
};

export interface Grant {
  uid: string;
  actions: CmAction[];
  /** `all` (default), `noJourney` (every field but journeyStages/journeyAudience), `journeyOnly`, or a list. */
  fields?: 'all' | 'noJourney' | 'journeyOnly' | string[];
  /** Localized types only: default every locale of the site. */
  locales?: string[];
  conditions?: string[];
}

/** Per action, the fields differ only when a grant names them per action: keep it to one list per grant. */
const fieldList = async (app: TestApp, grant: Grant) => {
  const all = await allFields(app, grant.uid);
  if (!grant.fields || grant.fields === 'all') return all;
  if (grant.fields === 'noJourney') return all.filter((f) => !JOURNEY_FIELDS.includes(f));
  if (grant.fields === 'journeyOnly') return [...JOURNEY_FIELDS];
  return grant.fields;
};

/** Creates an admin role with these Content Manager grants (plus any raw permission, e.g. coverage.read). */
export const createRole = async (
  app: TestApp,
  name: string,
  grants: Grant[],
  extra: Array<{ action: string; subject?: string | null }> = []
) => {
  const roles = app.strapi.admin.services.role;
  const role = await roles.create({
    name: `${name} ${crypto.randomBytes(2).toString('hex')}`,
    description: name,
  });
  const permissions: any[] = [
    ...extra.map((p) => ({ subject: null, properties: {}, conditions: [], ...p })),
  ];
  for (const grant of grants) {
    const fields = await fieldList(app, grant);
    const properties: any = { fields };
    if (isLocalized(app, grant.uid)) properties.locales = grant.locales ?? LOCALES;
    for (const action of grant.actions) {
      permissions.push({
        action: CM[action],
        subject: grant.uid,
        properties,
        conditions: grant.conditions ?? [],
      });
    }
  }
  await roles.assignPermissions(role.id, permissions);
  return role as { id: number; name: string };
};

/** A logged-in admin user of that role: its JWT. */
export const userOf = (app: TestApp, roleId: number, label = 'editor') =>
  adminToken(app, {
    roleId,
    email: `${label}-${crypto.randomBytes(3).toString('hex')}@test.local`,
  });

/**
 * Creates an entry the way an editor does, through the Content Manager
 * (`createdBy` = that user). With `locales`, the same document is then saved in
 * each further locale (the Content Manager's "create in locale" is an update).
 */
export const cmCreate = async (
  app: TestApp,
  token: string,
  uid: string,
  data: Record<string, unknown>,
  opts: { locale?: string; locales?: Record<string, Record<string, unknown>> } = {}
) => {
  const res = await app
    .request()
    .post(`/content-manager/collection-types/${uid}`)
    .query(opts.locale ? { locale: opts.locale } : {})
    .set('Authorization', `Bearer ${token}`)
    .send(data);
  if (res.status !== 201)
    throw new Error(`CM create ${uid} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const documentId = res.body.data.documentId as string;
  for (const [locale, more] of Object.entries(opts.locales ?? {})) {
    const put = await app
      .request()
      .put(`/content-manager/collection-types/${uid}/${documentId}`)
      .query({ locale })
      .set('Authorization', `Bearer ${token}`)
      .send(more);
    if (put.status !== 200)
      throw new Error(
        `CM create ${uid} ${documentId} in ${locale} failed: ${put.status} ${JSON.stringify(put.body)}`
      );
  }
  return documentId;
};

/** A custom RBAC condition, as a project registers one in its bootstrap. */
export const NOT_FROZEN = {
  displayName: 'Not frozen by legal',
  name: 'not-frozen',
  id: 'api::not-frozen',
  handler: () => ({ internalNotes: { $ne: 'frozen' } }),
};

export const registerNotFrozen = async (strapi: any) => {
  await strapi.service('admin::permission').conditionProvider.register({
    displayName: NOT_FROZEN.displayName,
    name: NOT_FROZEN.name,
    handler: NOT_FROZEN.handler,
  });
};
