import { z } from './zod';
import { getService } from '../utils/get-service';
import { anyObject, answer, listOfObjects, READ_COVERAGE, type JourneyMcpTool } from './tool';
import { demandFilters, demandQuery } from './demand-args';

/**
 * `journey_write_next`: the coverage page's "Write next" ranking (GET /journey/demand,
 * same filters, same permission): stages visitors asked for and were not served well,
 * each with a content type to write, the numbers behind the rank, and the types left
 * out because visitors (the Public role) may not read them.
 */
export const writeNextTool = (): JourneyMcpTool => ({
  name: 'journey_write_next',
  title: 'Journey: write next',
  description:
    'What to write next: journey stages ranked by unmet visitor demand (requests answered with a neighbouring stage or nothing), each with the content type that suits it, its supply and target. Empty while no demand has been counted.',
  auth: { policies: READ_COVERAGE },
  resolveInputSchema: () => z.object(demandFilters()),
  resolveOutputSchema: () =>
    z.object({
      writeNext: listOfObjects(),
      notServed: listOfObjects(),
      counting: anyObject(),
      meta: anyObject(),
    }),
  createHandler:
    (strapi) =>
    async ({ args }) =>
      answer(async () => {
        const { data, meta } = await getService('demandReport', strapi).report(demandQuery(args));
        return {
          writeNext: data.writeNext,
          notServed: data.notServed,
          counting: data.counting,
          meta,
        };
      }),
});
