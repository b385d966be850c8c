import { z } from './zod';
import { answer, listOfObjects, type JourneyMcpTool } from './tool';
import { contentManagerPolicies, journeyTypeArg } from './journey-types';

/**
 * `journey_suggest_stages`: the edit view panel's stage suggestions for one entry
 * (`GET /journey/suggest/:uid/:documentId`). The route's controller holds the whole
 * path (journey type, Content Manager read permission on the type, the entry and its
 * journey fields, locale, neighbours only from readable types), so the tool runs that
 * controller with the token's ability rather than a second copy of it. Nothing is
 * written: applying a suggestion is `journey_tag_entry`.
 */
export const suggestStagesTool = (strapi: any): JourneyMcpTool => ({
  name: 'journey_suggest_stages',
  title: 'Journey: suggest stages for an entry',
  description:
    "Proposes journey stages for an entry's draft from its text and this site's tagged entries, each with a score and a reason; the entry's current stages are listed beside them.",
  auth: { policies: contentManagerPolicies(strapi, 'read') },
  resolveInputSchema: (caller) =>
    z.object({
      uid: journeyTypeArg(strapi, caller, 'read'),
      documentId: z.string().describe('The documentId of the entry'),
      locale: z
        .string()
        .optional()
        .describe('The locale version (localized types); default: the default locale'),
    }),
  resolveOutputSchema: () =>
    z.object({
      uid: z.string(),
      documentId: z.string(),
      locale: z.string().nullable(),
      title: z.string(),
      stages: z.array(z.string()),
      suggestions: listOfObjects(),
    }),
  createHandler:
    (strapi, caller) =>
    async ({ args }) =>
      answer(async () => {
        const { uid, documentId, locale } = args;
        const ctx: any = {
          params: { uid, documentId },
          query: locale === undefined ? {} : { locale },
          state: { userAbility: caller.userAbility },
        };
        await strapi.plugin('journey').controller('suggest').findOne(ctx);
        return ctx.body.data;
      }),
});
