import { z } from './zod';
import { JourneyInputError, SIGNALS, VISITOR_AUDIENCES, listOf } from '../../../plugin/src';
import { getService } from '../utils/get-service';
import { listRoles } from '../utils/visitor-auth';
import { MAX_LIMIT } from '../validation/recommend';
import { anyObject, answer, listOfObjects, READ_COVERAGE, type JourneyMcpTool } from './tool';

/**
 * `journey_recommend`: what `GET /api/journey/recommend` answers a visitor of a Users &
 * Permissions role (Public by default), computed by the coverage page's "preview as a
 * visitor" (services/preview.ts): the recommend service itself with that role's
 * permissions, plus the status the real endpoint would answer and why tagged entries
 * were not served. Nothing is counted as visitor demand.
 */
const signalArgs = () =>
  Object.fromEntries(
    SIGNALS.map((name) => [name, z.string().optional().describe(`Visitor signal ${name}`)])
  );

/** A role by name (case-insensitive), type or id → its id, as the preview takes it. */
const roleId = async (strapi: any, raw: string | undefined): Promise<string | undefined> => {
  if (raw === undefined) return undefined;
  const roles = await listRoles(strapi);
  const wanted = raw.trim().toLowerCase();
  const role = roles.find(
    (r) => r.name.toLowerCase() === wanted || r.type === wanted || String(r.id) === wanted
  );
  if (!role) {
    const names = roles.map((r) => r.name);
    throw new JourneyInputError(
      'role',
      `role "${raw}" is not a Users & Permissions role: use one of ${listOf(names)}`,
      names
    );
  }
  return String(role.id);
};

const joined = (list: string[] | undefined) => (list === undefined ? undefined : list.join(','));

export const recommendTool = (): JourneyMcpTool => ({
  name: 'journey_recommend',
  title: 'Journey: recommend for a stage',
  description:
    'The entries the recommend endpoint serves a visitor at a journey stage (or inferred from visitor signals), as a Users & Permissions role sees them (default: Public), each with the reason it was picked; also whether that role may call the endpoint and why tagged entries were left out.',
  auth: { policies: READ_COVERAGE },
  resolveInputSchema: () =>
    z.object({
      stage: z
        .string()
        .optional()
        .describe(
          'A stage id ("b2b:research"), a bare key ("research") or "auto"; optional with visitor signals (seen, utm_*, referrer, landing, from)'
        ),
      audience: z.enum(VISITOR_AUDIENCES).optional().describe('The visitor audience'),
      role: z
        .string()
        .optional()
        .describe('A Users & Permissions role name or id to answer as. Default: Public'),
      types: z
        .array(z.string())
        .min(1)
        .optional()
        .describe('Content type uids or plural API names'),
      limit: z
        .number()
        .int()
        .min(1)
        .max(MAX_LIMIT)
        .optional()
        .describe('How many entries (default 3)'),
      locale: z.string().optional().describe('A locale of the site'),
      exclude: z.array(z.string()).optional().describe('documentIds the visitor has already seen'),
      seen: z.array(z.string()).optional().describe('documentIds read, oldest first'),
      from: z
        .string()
        .optional()
        .describe('documentId of the entry being read: recommend the next step'),
      ...signalArgs(),
    }),
  resolveOutputSchema: () => z.object({ data: listOfObjects(), meta: anyObject() }),
  createHandler:
    (strapi) =>
    async ({ args }) =>
      answer(async () => {
        const { role, types, limit, exclude, seen, ...rest } = args;
        const query: Record<string, unknown> = {
          ...rest,
          role: await roleId(strapi, role),
          types: joined(types),
          limit: limit === undefined ? undefined : String(limit),
          exclude: joined(exclude),
          seen: joined(seen),
        };
        for (const key of Object.keys(query)) if (query[key] === undefined) delete query[key];
        const { data, meta } = await getService('preview', strapi).preview(query);
        return { data, meta };
      }),
});
