import { z } from './zod';
import { resolveStage } from '../../../plugin/src';
import { getService } from '../utils/get-service';
import { anyObject, answer, listOfObjects, READ_COVERAGE, type JourneyMcpTool } from './tool';
import { demandFilters, demandQuery } from './demand-args';

/**
 * `journey_stage_demand`: one stage's row of the demand report (GET /journey/demand):
 * requests, how they were answered (exact, widened, empty), supply, target, views and
 * clicks, plus its Write next items. A bare key (`research`) means that key in every
 * framework that has it, as on the recommend endpoint.
 */
export const stageDemandTool = (): JourneyMcpTool => ({
  name: 'journey_stage_demand',
  title: 'Journey: demand for a stage',
  description:
    'Visitor demand for one journey stage over a period: requests, exact/widened/empty answers, supply against target, views, clicks and click-through, and its Write next items.',
  auth: { policies: READ_COVERAGE },
  resolveInputSchema: () =>
    z.object({
      stage: z
        .string()
        .describe('A stage id "framework:key" (e.g. "b2b:research") or a bare key ("research")'),
      ...demandFilters(),
    }),
  resolveOutputSchema: () =>
    z.object({ stages: listOfObjects(), writeNext: listOfObjects(), meta: anyObject() }),
  createHandler:
    (strapi) =>
    async ({ args }) =>
      answer(async () => {
        const { stage, ...filters } = args;
        const taxonomy = await getService('taxonomy', strapi).get();
        // The resolver of the recommend endpoint: an unknown stage names the ids it accepts.
        const ids = new Set(resolveStage(taxonomy, stage).map((s) => s.id));
        const { data, meta } = await getService('demandReport', strapi).report(
          demandQuery(filters)
        );
        return {
          stages: data.stages.filter((s: { id: string }) => ids.has(s.id)),
          writeNext: data.writeNext.filter((item: { stage: string }) => ids.has(item.stage)),
          meta,
        };
      }),
});
