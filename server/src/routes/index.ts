/**
 * Every HTTP route of the plugin. Content API routes live under /api/journey and
 * are granted per role in Users & Permissions; admin routes live under /journey
 * and need an admin session plus the plugin's RBAC actions.
 */
const admin = ['admin::isAuthenticatedAdmin'];
const can = (action: string) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [action] } },
];

export default {
  'content-api': {
    type: 'content-api',
    routes: [
      { method: 'GET', path: '/stages', handler: 'stage.find', config: { policies: [] } },
      { method: 'GET', path: '/recommend', handler: 'recommend.find', config: { policies: [] } },
      { method: 'POST', path: '/events', handler: 'events.create', config: { policies: [] } },
      { method: 'GET', path: '/visitor', handler: 'visitor.find', config: { policies: [] } },
      { method: 'GET', path: '/visitor/model', handler: 'visitor.model', config: { policies: [] } },
      { method: 'GET', path: '/ping', handler: 'ping.find', config: { policies: [] } },
    ],
  },
  admin: {
    type: 'admin',
    routes: [
      { method: 'GET', path: '/stages', handler: 'stage.adminFind', config: { policies: admin } },
      { method: 'GET', path: '/tags/:uid', handler: 'tags.findMany', config: { policies: admin } },
      {
        method: 'PUT',
        path: '/tags/:uid',
        handler: 'tags.updateMany',
        config: { policies: admin },
      },
      {
        method: 'GET',
        path: '/tags/:uid/:documentId',
        handler: 'tags.findOne',
        config: { policies: admin },
      },
      {
        method: 'PUT',
        path: '/tags/:uid/:documentId',
        handler: 'tags.update',
        config: { policies: admin },
      },
      {
        method: 'GET',
        path: '/coverage',
        handler: 'coverage.find',
        config: { policies: can('plugin::journey.coverage.read') },
      },
      {
        method: 'GET',
        path: '/settings',
        handler: 'settings.find',
        config: { policies: can('plugin::journey.coverage.read') },
      },
      {
        method: 'PUT',
        path: '/settings',
        handler: 'settings.update',
        config: { policies: can('plugin::journey.settings.manage') },
      },
      {
        method: 'POST',
        path: '/settings/retire',
        handler: 'settings.retire',
        config: { policies: can('plugin::journey.settings.manage') },
      },
      {
        method: 'POST',
        path: '/settings/restore',
        handler: 'settings.restore',
        config: { policies: can('plugin::journey.settings.manage') },
      },
      {
        method: 'GET',
        path: '/demand',
        handler: 'demand.find',
        config: { policies: can('plugin::journey.coverage.read') },
      },
      {
        method: 'GET',
        path: '/demand/status',
        handler: 'demand.status',
        config: { policies: can('plugin::journey.coverage.read') },
      },
      {
        method: 'GET',
        path: '/signal-rules',
        handler: 'signal-rules.find',
        config: { policies: can('plugin::journey.coverage.read') },
      },
      {
        method: 'PUT',
        path: '/signal-rules',
        handler: 'signal-rules.update',
        config: { policies: can('plugin::journey.settings.manage') },
      },
      {
        method: 'GET',
        path: '/suggest/:uid/:documentId',
        handler: 'suggest.findOne',
        config: { policies: admin },
      },
      {
        method: 'POST',
        path: '/suggest/:uid',
        handler: 'suggest.findMany',
        config: { policies: admin },
      },
      {
        method: 'GET',
        path: '/preview',
        handler: 'preview.find',
        config: { policies: can('plugin::journey.coverage.read') },
      },
      {
        method: 'GET',
        path: '/preview/roles',
        handler: 'preview.roles',
        config: { policies: can('plugin::journey.coverage.read') },
      },
    ],
  },
};
