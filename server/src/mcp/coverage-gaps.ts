import { z } from './zod';
import { JourneyInputError, listOf } from '../../../plugin/src';
import { getService } from '../utils/get-service';
import { anyObject, answer, READ_COVERAGE, type JourneyMcpTool } from './tool';

/**
 * `journey_coverage_gaps`: the coverage page's matrix (GET /journey/coverage, same
 * filters, same permission), as the list of its gaps: content type × stage cells
 * below the stage's target, the largest shortfall first. Rows are the types the
 * token may read in the Content Manager, as on the page.
 */
const inputSchema = () =>
  z.object({
    audience: z
      .enum(['all', 'b2b', 'b2c'])
      .optional()
      .describe('Entries of this audience (entries tagged "both" count in either). Default: all'),
    locale: z
      .string()
      .optional()
      .describe('A locale of the site (e.g. "en"); absent: every locale'),
    status: z
      .enum(['published', 'draft'])
      .optional()
      .describe('Count published entries (default) or drafts'),
    type: z
      .string()
      .optional()
      .describe('Only this content type (uid, e.g. "api::whitepaper.whitepaper")'),
  });

const gap = () =>
  z.object({
    uid: z.string(),
    displayName: z.string(),
    stage: z.string(),
    stageLabel: z.string(),
    phase: z.string(),
    count: z.number(),
    target: z.number(),
    missing: z.number(),
  });

const outputSchema = () =>
  z.object({
    gaps: z.array(gap()),
    types: z.array(
      z.object({
        uid: z.string(),
        displayName: z.string(),
        total: z.number(),
        untagged: z.number(),
      })
    ),
    meta: anyObject(),
  });

export const coverageGapsTool = (): JourneyMcpTool => ({
  name: 'journey_coverage_gaps',
  title: 'Journey: coverage gaps',
  description:
    'Where content is missing: each content type × journey stage with fewer entries than the stage target, largest shortfall first (the Coverage page of the Journey plugin).',
  auth: { policies: READ_COVERAGE },
  resolveInputSchema: inputSchema,
  resolveOutputSchema: outputSchema,
  createHandler:
    (strapi, caller) =>
    async ({ args }) =>
      answer(async () => {
        const { type, ...query } = args;
        const { data, meta } = await getService('coverage', strapi).matrix(query, {
          userAbility: caller.userAbility,
        });
        const uids = data.rows.map((row) => row.uid);
        if (type !== undefined && !uids.includes(type))
          throw new JourneyInputError(
            'type',
            `type "${type}" is not a journey type you may read: use one of ${listOf(uids)}`,
            uids
          );
        const rows = data.rows.filter((row) => type === undefined || row.uid === type);
        const gaps = rows.flatMap((row) =>
          data.stages
            .filter((stage) => row.cells[stage.id]?.gap)
            .map((stage) => {
              const { count, target } = row.cells[stage.id];
              return {
                uid: row.uid,
                displayName: row.displayName,
                stage: stage.id,
                stageLabel: stage.label,
                phase: stage.phase,
                count,
                target,
                missing: target - count,
              };
            })
        );
        gaps.sort((a, b) => b.missing - a.missing || a.uid.localeCompare(b.uid));
        return {
          gaps,
          types: rows.map(({ uid, displayName, total, untagged }) => ({
            uid,
            displayName,
            total,
            untagged,
          })),
          meta: { ...meta, ...(type ? { type } : {}) },
        };
      }),
});
