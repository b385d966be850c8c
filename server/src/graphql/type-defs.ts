import { RECOMMEND_PARAMS } from '../validation/recommend';

/**
 * GraphQL types of the recommend arguments that are not a plain String. Every other
 * parameter of `GET /api/journey/recommend` (audience, locale, and any added to
 * RECOMMEND_PARAMS later) becomes a String argument of the same name by itself.
 */
export const RECOMMEND_ARG_TYPES: Record<string, string> = {
  stage: 'String!',
  limit: 'Int',
  types: '[String!]',
  exclude: '[String!]',
  fields: '[String!]',
  populate: 'JSON',
};

const GRAPHQL_NAME = /^[_A-Za-z][_A-Za-z0-9]*$/;
export const recommendArgNames = (): string[] =>
  RECOMMEND_PARAMS.filter((name) => GRAPHQL_NAME.test(name));

const recommendArgs = () =>
  recommendArgNames()
    .map((name) => `${name}: ${RECOMMEND_ARG_TYPES[name] ?? 'String'}`)
    .join(', ');

/**
 * SDL, not nexus: the plugin imports nothing from graphql or nexus, so an app
 * without @strapi/plugin-graphql needs neither. Type names avoid `JourneyStage*`,
 * which shadow CRUD gives the stage content type (the `journeyStages` relation).
 * `entry` is the REST item itself (see README, GraphQL).
 */
export const typeDefs = () => `
  type JourneyTaxonomyPhase { key: String!, label: String!, description: String, order: Int! }
  type JourneyTaxonomyStage { id: String!, key: String!, label: String!, description: String, phase: String!, order: Int! }
  type JourneyTaxonomyFramework { key: String!, label: String!, audience: String!, description: String, stages: [JourneyTaxonomyStage!]! }
  type JourneyTaxonomy { phases: [JourneyTaxonomyPhase!]!, frameworks: [JourneyTaxonomyFramework!]!, audiences: [String!]! }

  type JourneyRecommendationMatch { title: String, stages: [String!]!, audience: String!, match: String!, reason: String! }
  type JourneyRecommendation { documentId: String!, contentType: String!, journey: JourneyRecommendationMatch!, entry: JSON! }
  type JourneyRecommendMeta {
    stage: String!, stages: [String!], phase: String!, audience: String, locale: String,
    types: [String!]!, fallback: Boolean!, count: Int!, experiment: JourneyRecommendExperiment
  }
  "The running experiment that covers the request, and its arm (null: the request named none)."
  type JourneyRecommendExperiment { id: String!, arm: String }
  type JourneyExperimentSplit { id: String!, percent: Int! }
  type JourneyPublishedExperiment { id: String!, audience: String!, locale: String!, arms: [JourneyExperimentSplit!]!, stopAt: String }
  type JourneyExperimentArm { id: String!, label: String!, kind: String!, percent: Int!, defaultStage: String }
  "An experiment and its result so far, as GET /api/journey/experiments/results (result: per arm counts, rates with intervals, comparisons, sample size, split drift)."
  type JourneyExperimentResult {
    id: String!, label: String!, status: String!, live: Boolean!, audience: String!, locale: String!,
    startAt: String, stopAt: String, control: String!, minimumLift: Float!, arms: [JourneyExperimentArm!]!, result: JSON!
  }
  type JourneyRecommendResponse { data: [JourneyRecommendation!]!, meta: JourneyRecommendMeta! }

  type Query {
    "The taxonomy, as GET /api/journey/stages."
    journeyStages: JourneyTaxonomy!
    "Entries for a visitor's stage, as GET /api/journey/recommend (same arguments, entries, order and meta)."
    journeyRecommend(${recommendArgs()}): JourneyRecommendResponse!
    "The running experiments' splits, as GET /api/journey/experiments."
    journeyExperiments: [JourneyPublishedExperiment!]!
    "Every experiment with its result so far, as GET /api/journey/experiments/results."
    journeyExperimentResults: [JourneyExperimentResult!]!
  }
`;
