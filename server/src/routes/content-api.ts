import { answerErrors } from '../utils/errors';

/**
 * The public routes, under /api/journey. Each is granted per role in Users & Permissions
 * (Strapi's content-API auth runs before the handler); the handlers serve only published
 * entries of the types the caller's role may `find`.
 */
/**
 * Every route answers its own errors in Strapi's shape (utils/errors.ts). One object per
 * route: Strapi writes each route's auth scope into its config.
 */
const route = (method: 'GET' | 'POST', path: string, handler: string) => ({
  method,
  path,
  handler,
  config: { policies: [], middlewares: [answerErrors] },
});

export default {
  type: 'content-api',
  routes: [
    route('GET', '/stages', 'stage.find'),
    route('GET', '/recommend', 'recommend.find'),
    route('POST', '/events', 'events.create'),
    route('GET', '/visitor', 'visitor.find'),
    route('GET', '/visitor/model', 'visitor.model'),
    route('GET', '/ping', 'ping.find'),
    route('GET', '/experiments', 'experiments.find'),
    route('GET', '/experiments/results', 'experiments.results'),
  ],
};
