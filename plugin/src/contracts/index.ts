import type { z } from 'zod';
import * as taxonomy from './taxonomy';
import * as recommend from './recommend';
import * as visitor from './visitor';
import * as events from './events';
import * as errors from './errors';
import * as experiments from './experiments';

/**
 * The wire shapes of the content API, each declared once as a zod schema in this
 * folder (one file per area). Server code imports the schemas; browser code (the
 * typed client, the admin) imports only their inferred types (`import type`), so
 * no bundle ships zod. This map names the ones docs/openapi.json lists under
 * `components/schemas` (server/src/openapi/components.ts generates them): a schema
 * named here is a `$ref` wherever another one uses it.
 */
export const OPENAPI_COMPONENTS: Record<string, z.ZodType> = {
  PhaseKey: taxonomy.PhaseKeySchema,
  Audience: taxonomy.AudienceSchema,
  VisitorAudience: taxonomy.VisitorAudienceSchema,
  StageId: taxonomy.StageIdSchema,
  Phase: taxonomy.PhaseSchema,
  Stage: taxonomy.StageSchema,
  Framework: taxonomy.FrameworkSchema,
  PublicTaxonomy: taxonomy.PublicTaxonomySchema,
  StagesResponse: taxonomy.StagesResponseSchema,
  MatchKind: recommend.MatchKindSchema,
  RecommendJourney: recommend.RecommendJourneySchema,
  RecommendItem: recommend.RecommendItemSchema,
  RecommendMeta: recommend.RecommendMetaSchema,
  RecommendResponse: recommend.RecommendResponseSchema,
  Error: errors.ErrorSchema,
  Evidence: visitor.EvidenceSchema,
  VisitorInference: visitor.VisitorInferenceSchema,
  VisitorResponse: visitor.VisitorResponseSchema,
  SignalRule: visitor.SignalRuleSchema,
  VisitorModelResponse: visitor.VisitorModelResponseSchema,
  EntryEvent: events.EntryEventSchema,
  AnswerEvent: events.AnswerEventSchema,
  JourneyEvent: events.JourneyEventSchema,
  EventsRequest: events.EventsRequestSchema,
  EventsAccepted: events.EventsAcceptedSchema,
  PingResponse: experiments.PingResponseSchema,
  PublishedExperiment: experiments.PublishedExperimentSchema,
  ExperimentsResponse: experiments.ExperimentsResponseSchema,
  ExperimentResultsResponse: experiments.ExperimentResultsResponseSchema,
};
