import { z } from './zod';
import { AUDIENCES } from '../../../plugin/src';
import { getService } from '../utils/get-service';
import { answer, type JourneyMcpTool } from './tool';
import { contentManagerPolicies, journeyTypeArg } from './journey-types';

/**
 * `journey_tag_entry`: sets an entry's journey stages and audience through the tags
 * service, exactly as the admin API's `PUT /journey/tags/:uid/:documentId` does: the
 * token's ability goes through the Content Manager's permission checker (type, entry,
 * conditions, both journey fields, locale), and the write is a Document Service update
 * of the draft (lifecycles, webhooks, review workflows see it).
 */
export const tagEntryTool = (strapi: any): JourneyMcpTool => ({
  name: 'journey_tag_entry',
  title: 'Journey: tag an entry',
  description:
    "Sets the journey stages (first = primary) and the audience of an entry's draft, with the token owner's Content Manager permissions. Stage ids come from journey_coverage_gaps or journey_suggest_stages.",
  auth: { policies: contentManagerPolicies(strapi, 'update') },
  resolveInputSchema: (caller) =>
    z.object({
      uid: journeyTypeArg(strapi, caller, 'update'),
      documentId: z.string().describe('The documentId of the entry'),
      stages: z
        .array(z.string())
        .describe('Stage ids "framework:key", first = primary; [] removes every stage'),
      audience: z.enum(AUDIENCES).optional().describe('Who the entry is for. Absent: unchanged'),
      locale: z.string().optional().describe('The locale version to tag (localized types)'),
    }),
  resolveOutputSchema: () =>
    z.object({
      uid: z.string(),
      documentId: z.string(),
      locale: z.string().nullable(),
      status: z.string(),
      stages: z.array(z.string()),
      primary: z.string().nullable(),
      audience: z.string(),
    }),
  createHandler:
    (strapi, caller) =>
    async ({ args }) =>
      answer(async () => {
        const { uid, documentId, stages, audience, locale } = args;
        // The tags as the admin route answers them (a Tags object, spread into a plain record).
        const tags = await getService('tags', strapi).set(
          uid,
          documentId,
          { stages, audience, locale },
          { userAbility: caller.userAbility }
        );
        return { ...tags };
      }),
});
