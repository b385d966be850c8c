import type { Core } from '@strapi/strapi';
import { JOURNEY_ACTION_DEFINITIONS } from '../../plugin/src/rbac';
import { bumpVersions, typeScope } from './utils/content-version';
import { getService } from './utils/get-service';
import { journeyTypeUids } from './utils/journey-types';
import { registerJourneyMcpTools } from './mcp';

type LifecycleSubscriber = Parameters<Core.Strapi['db']['lifecycles']['subscribe']>[0];

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(JOURNEY_ACTION_DEFINITIONS);
  await getService('taxonomy', strapi).syncStageRows();
  await getService('coverage-counts', strapi).install();
  getService('count-check', strapi).start();

  // Every write to a journey type (create, update incl. tags, publish, unpublish,
  // discard, delete) marks its type changed; the counter moves after the write's
  // transaction commits (see utils/content-version.ts), never inside it.
  const uids = journeyTypeUids(strapi);
  const changed = (event: { model: { uid: string } }) =>
    bumpVersions(strapi, [typeScope(event.model.uid)]);
  const subscriber: LifecycleSubscriber = {
    models: uids,
    afterCreate: changed,
    afterCreateMany: changed,
    afterUpdate: changed,
    afterUpdateMany: changed,
    afterDelete: changed,
    afterDeleteMany: changed,
  };
  strapi.db.lifecycles.subscribe(subscriber);

  // Before Strapi starts its MCP server (after every plugin's bootstrap); a no-op without one.
  registerJourneyMcpTools(strapi);
};

export default bootstrap;
