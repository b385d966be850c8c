import type { Core } from '@strapi/strapi';
import { publicTaxonomy } from '../../../plugin/src';
import { answerFor } from '../utils/errors';
import { graphqlErrors } from '../utils/host-errors';
import { getService } from '../utils/get-service';

/** GraphQL arguments → the REST query the recommend service parses (lists as comma lists, numbers as text). */
export const toRecommendQuery = (args: Record<string, unknown>): Record<string, unknown> => {
  const query: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (value === null || value === undefined) continue;
    if (name === 'fields' || name === 'populate')
      query[name] = value; // Strapi's sanitizer takes lists and objects as they are
    else query[name] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return query;
};

/**
 * An input error as the GraphQL plugin's formatter recognises it (with `instanceof`, against
 * its own copy of @strapi/utils): BAD_USER_INPUT / FORBIDDEN / STRAPI_NOT_FOUND_ERROR, with
 * `extensions.error.details` naming the parameter. Anything else stays as thrown (a logged 500).
 */
const asGraphqlError = (strapi: Core.Strapi, error: unknown) => {
  const answer = answerFor(error);
  if (!answer) return error;
  const errors = graphqlErrors(strapi);
  const ErrorClass =
    answer.status === 403 || answer.status === 401
      ? errors.ForbiddenError
      : answer.status === 404
        ? errors.NotFoundError
        : answer.status < 500
          ? errors.ValidationError
          : errors.ApplicationError;
  return new ErrorClass(answer.message, answer.details);
};

/**
 * Both resolvers call the very services the REST controllers call, with the
 * request's Users & Permissions auth (`state.auth`), so the per-type `find`
 * checks, the sanitizing and the answers cannot drift apart. Input errors become
 * Strapi's error classes, which the GraphQL plugin turns into BAD_USER_INPUT /
 * FORBIDDEN with `extensions.error.details` naming the parameter and allowed values.
 */
export const resolvers = (strapi: Core.Strapi) => ({
  Query: {
    async journeyStages() {
      return publicTaxonomy(await getService('taxonomy', strapi).get());
    },
    async journeyExperiments() {
      return getService('experiments', strapi).published();
    },
    async journeyExperimentResults() {
      return getService('experiments', strapi).withResults();
    },
    async journeyRecommend(_parent: unknown, args: Record<string, unknown>, context: any) {
      let body;
      try {
        body = await getService('recommend', strapi).recommend(
          toRecommendQuery(args),
          context.state?.auth
        );
      } catch (error) {
        throw asGraphqlError(strapi, error);
      }
      return {
        data: body.data.map((entry: any) => ({
          documentId: entry.documentId,
          contentType: entry.contentType,
          journey: entry.journey,
          entry,
        })),
        meta: body.meta,
      };
    },
  },
});
