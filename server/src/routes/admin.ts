import { JOURNEY_ACTIONS, type JourneyAction } from '../../../plugin/src/rbac';
import { answerErrors } from '../utils/errors';

/**
 * The admin routes, under /journey: every one needs an admin session. Coverage, demand,
 * previews, settings and signal rules also need one of the plugin's RBAC actions (reads
 * the read action, changes the manage action). The stage list holds no content; the tag
 * and suggest routes ask the Content Manager's own permissions per type and entry instead
 * (services/tag-access.ts), as editing tags is editing the entry.
 */
type Policy = string | { name: string; config: { actions: JourneyAction[] } };

const signedIn: Policy[] = ['admin::isAuthenticatedAdmin'];
const can = (action: JourneyAction): Policy[] => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [action] } },
];
const read = can(JOURNEY_ACTIONS.readCoverage);
const manage = can(JOURNEY_ACTIONS.manageSettings);

const route = (
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  handler: string,
  policies: Policy[]
) => ({
  method,
  path,
  handler,
  config: { policies, middlewares: [answerErrors] },
});

export default {
  type: 'admin',
  routes: [
    route('GET', '/stages', 'stage.adminFind', signedIn),
    route('GET', '/tags/:uid', 'tags.findMany', signedIn),
    route('PUT', '/tags/:uid', 'tags.updateMany', signedIn),
    route('GET', '/tags/:uid/:documentId', 'tags.findOne', signedIn),
    route('PUT', '/tags/:uid/:documentId', 'tags.update', signedIn),
    route('GET', '/suggest/:uid/:documentId', 'suggest.findOne', signedIn),
    route('POST', '/suggest/:uid', 'suggest.findMany', signedIn),
    route('POST', '/suggest/:uid/text', 'suggest.findForText', signedIn),
    route('GET', '/coverage', 'coverage.find', read),
    route('POST', '/coverage/recount', 'coverage.recount', manage),
    route('GET', '/demand', 'demand.find', read),
    route('GET', '/demand/status', 'demand.status', read),
    route('GET', '/preview', 'preview.find', read),
    route('GET', '/preview/roles', 'preview.roles', read),
    route('GET', '/settings', 'settings.find', read),
    route('PUT', '/settings', 'settings.update', manage),
    route('POST', '/settings/retire', 'settings.retire', manage),
    route('POST', '/settings/restore', 'settings.restore', manage),
    route('GET', '/signal-rules', 'signal-rules.find', read),
    route('PUT', '/signal-rules', 'signal-rules.update', manage),
    route('GET', '/experiments', 'experiments.adminFind', read),
    route('PUT', '/experiments', 'experiments.update', manage),
  ],
};
