import { z } from './zod';
import { DEMAND_PERIODS } from '../../../plugin/src';

/**
 * The demand report's filters (GET /journey/demand), as tool arguments. Built on call, as
 * every schema of these tools: loading the plugin never touches `z`, which only a Strapi
 * with an MCP server needs (`@strapi/utils` 5.13.0, the plugin's floor, exports none).
 */
export const demandFilters = () => ({
  days: z
    .literal([...DEMAND_PERIODS])
    .optional()
    .describe(`Period in days: ${DEMAND_PERIODS.join(', ')}. Default: 30`),
  audience: z
    .enum(['all', 'b2b', 'b2c'])
    .optional()
    .describe('Requests of this visitor audience. Default: all'),
  locale: z.string().optional().describe('A locale of the site; absent: every locale'),
});

/** Tool arguments → the report's query, as the admin page sends it (strings). */
export const demandQuery = (args: { days?: number; audience?: string; locale?: string }) => ({
  ...(args.days !== undefined ? { days: String(args.days) } : {}),
  ...(args.audience !== undefined ? { audience: args.audience } : {}),
  ...(args.locale !== undefined ? { locale: args.locale } : {}),
});
