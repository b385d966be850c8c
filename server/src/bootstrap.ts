import type { Core } from '@strapi/strapi';
import { JOURNEY_ACTION_DEFINITIONS } from '../../plugin/src/rbac';
import { getService } from './utils/get-service';
import { registerJourneyMcpTools } from './mcp';
import { subscribeWritePath } from './write-path';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(JOURNEY_ACTION_DEFINITIONS);
  await getService('taxonomy', strapi).syncStageRows();
  // The write path's lifecycle subscribers (its document middlewares are registered in register).
  subscribeWritePath(strapi);
  getService('count-check', strapi).start();

  // Before Strapi starts its MCP server (after every plugin's bootstrap); a no-op without one.
  registerJourneyMcpTools(strapi);
};

export default bootstrap;
