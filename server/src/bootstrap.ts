import type { Core } from '@strapi/strapi';
import { bumpVersions, typeScope } from './utils/content-version';
import { journeyTypeUids } from './utils/journey-types';

const RBAC_ACTIONS = [
  {
    section: 'plugins',
    displayName: 'Read journey coverage',
    uid: 'coverage.read',
    pluginName: 'journey',
  },
  {
    section: 'plugins',
    displayName: 'Manage journey settings',
    uid: 'settings.manage',
    pluginName: 'journey',
  },
];

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(RBAC_ACTIONS);
  await strapi.plugin('journey').service('taxonomy').syncStageRows();
  await strapi.plugin('journey').service('coverage-counts').install();

  // Every write to a journey type (create, update incl. tags, publish, unpublish,
  // discard, delete) marks its type changed; the counter moves after the write's
  // transaction commits (see utils/content-version.ts), never inside it.
  const uids = journeyTypeUids(strapi);
  const changed = (event: any) => bumpVersions(strapi, [typeScope(event.model.uid)]);
  strapi.db.lifecycles.subscribe({
    models: uids,
    afterCreate: changed,
    afterCreateMany: changed,
    afterUpdate: changed,
    afterUpdateMany: changed,
    afterDelete: changed,
    afterDeleteMany: changed,
  } as any);
};

export default bootstrap;
