/**
 * The public routes, under /api/journey. Each is granted per role in Users & Permissions
 * (Strapi's content-API auth runs before the handler); the handlers serve only published
 * entries of the types the caller's role may `find`.
 */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/stages', handler: 'stage.find', config: { policies: [] } },
    { method: 'GET', path: '/recommend', handler: 'recommend.find', config: { policies: [] } },
    { method: 'POST', path: '/events', handler: 'events.create', config: { policies: [] } },
    { method: 'GET', path: '/visitor', handler: 'visitor.find', config: { policies: [] } },
    { method: 'GET', path: '/visitor/model', handler: 'visitor.model', config: { policies: [] } },
    { method: 'GET', path: '/ping', handler: 'ping.find', config: { policies: [] } },
  ],
};
