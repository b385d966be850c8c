import type { Core } from '@strapi/strapi';

const RBAC_ACTIONS = [
  { section: 'plugins', displayName: 'Read journey coverage', uid: 'coverage.read', pluginName: 'journey' },
  { section: 'plugins', displayName: 'Manage journey settings', uid: 'settings.manage', pluginName: 'journey' },
];

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(RBAC_ACTIONS);
  await strapi.plugin('journey').service('taxonomy').syncStageRows();
};

export default bootstrap;
