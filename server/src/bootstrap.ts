import type { Core } from '@strapi/strapi';
import { bumpContentVersion } from './utils/content-version';
import { journeyTypeUids } from './utils/journey-types';

const RBAC_ACTIONS = [
  { section: 'plugins', displayName: 'Read journey coverage', uid: 'coverage.read', pluginName: 'journey' },
  { section: 'plugins', displayName: 'Manage journey settings', uid: 'settings.manage', pluginName: 'journey' },
];

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(RBAC_ACTIONS);
  await strapi.plugin('journey').service('taxonomy').syncStageRows();

  // Every write to a journey type (create, update incl. tags, publish, unpublish,
  // discard, delete) goes through these; it changes the content version that
  // coverage's cache is checked against, inside the write's own transaction.
  const bump = () => bumpContentVersion(strapi);
  strapi.db.lifecycles.subscribe({
    models: journeyTypeUids(strapi),
    afterCreate: bump,
    afterCreateMany: bump,
    afterUpdate: bump,
    afterUpdateMany: bump,
    afterDelete: bump,
    afterDeleteMany: bump,
  } as any);
};

export default bootstrap;
