import { JOURNEY_ACTIONS, type JourneyAction } from '../../../plugin/src/rbac';

/**
 * The admin routes, under /journey: every one needs an admin session. Coverage, demand,
 * previews, settings and signal rules also need one of the plugin's RBAC actions; the tag
 * and suggest routes ask the Content Manager's own permissions per type and entry instead
 * (services/tag-access.ts), as editing tags is editing the entry.
 */
const signedIn = ['admin::isAuthenticatedAdmin'];
const can = (action: JourneyAction) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [action] } },
];
const read = can(JOURNEY_ACTIONS.readCoverage);
const manage = can(JOURNEY_ACTIONS.manageSettings);

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/stages', handler: 'stage.adminFind', config: { policies: signedIn } },
    { method: 'GET', path: '/tags/:uid', handler: 'tags.findMany', config: { policies: signedIn } },
    {
      method: 'PUT',
      path: '/tags/:uid',
      handler: 'tags.updateMany',
      config: { policies: signedIn },
    },
    {
      method: 'GET',
      path: '/tags/:uid/:documentId',
      handler: 'tags.findOne',
      config: { policies: signedIn },
    },
    {
      method: 'PUT',
      path: '/tags/:uid/:documentId',
      handler: 'tags.update',
      config: { policies: signedIn },
    },
    { method: 'GET', path: '/coverage', handler: 'coverage.find', config: { policies: read } },
    { method: 'GET', path: '/settings', handler: 'settings.find', config: { policies: read } },
    { method: 'PUT', path: '/settings', handler: 'settings.update', config: { policies: manage } },
    {
      method: 'POST',
      path: '/settings/retire',
      handler: 'settings.retire',
      config: { policies: manage },
    },
    {
      method: 'POST',
      path: '/settings/restore',
      handler: 'settings.restore',
      config: { policies: manage },
    },
    { method: 'GET', path: '/demand', handler: 'demand.find', config: { policies: read } },
    { method: 'GET', path: '/demand/status', handler: 'demand.status', config: { policies: read } },
    {
      method: 'GET',
      path: '/signal-rules',
      handler: 'signal-rules.find',
      config: { policies: read },
    },
    {
      method: 'PUT',
      path: '/signal-rules',
      handler: 'signal-rules.update',
      config: { policies: manage },
    },
    {
      method: 'GET',
      path: '/suggest/:uid/:documentId',
      handler: 'suggest.findOne',
      config: { policies: signedIn },
    },
    {
      method: 'POST',
      path: '/suggest/:uid',
      handler: 'suggest.findMany',
      config: { policies: signedIn },
    },
    { method: 'GET', path: '/preview', handler: 'preview.find', config: { policies: read } },
    { method: 'GET', path: '/preview/roles', handler: 'preview.roles', config: { policies: read } },
  ],
};
