import type { Core } from '@strapi/strapi';
import { STAGE_UID } from '../constants';
import { resolvers } from './resolvers';
import { typeDefs } from './type-defs';

/**
 * Registers `journeyStages` and `journeyRecommend` through the GraphQL plugin's
 * extension service, in register (the schema is built in the GraphQL plugin's
 * bootstrap). Does nothing when @strapi/plugin-graphql is not installed or enabled.
 * The same content-API actions as the REST routes guard the queries.
 */
export const registerGraphql = (strapi: Core.Strapi) => {
  const graphql = strapi.plugin('graphql');
  if (!graphql) return false;
  const extension = graphql.service('extension');

  // The stage table is internal: its type stays (for the `journeyStages` relation on
  // every journey type), its generated queries and mutations do not. A full-access
  // token could otherwise rewrite stage rows behind the taxonomy service.
  extension.shadowCRUD(STAGE_UID).disableQueries().disableMutations();

  extension.use(() => ({
    typeDefs: typeDefs(),
    resolvers: resolvers(strapi),
    resolversConfig: {
      'Query.journeyStages': { auth: { scope: ['plugin::journey.stage.find'] } },
      'Query.journeyRecommend': { auth: { scope: ['plugin::journey.recommend.find'] } },
      'Query.journeyExperiments': { auth: { scope: ['plugin::journey.experiments.find'] } },
      'Query.journeyExperimentResults': {
        auth: { scope: ['plugin::journey.experiments.results'] },
      },
    },
  }));
  return true;
};
