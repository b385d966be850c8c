import type { z as zod } from '@strapi/utils';
import { z } from './zod';
import { JOURNEY_ACTIONS } from '../../../plugin/src/rbac';
import { answerFor } from '../utils/errors';

/**
 * What one journey tool gives Strapi's MCP registry (`strapi.ai.mcp.registerTool`, 5.47+).
 * Declared here, loosely, rather than with `@strapi/types`' generics: the registry is reached
 * by feature detection (it is absent on the plugin's 5.13 floor), and each tool's zod schemas
 * already say what its arguments and answer are.
 */
export interface McpCaller {
  /** The admin token's ability (Strapi builds it from the token's permissions and its owner). */
  userAbility: any;
  user: { id: string | number };
}

export interface McpToolResult {
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: true;
}

export interface JourneyMcpTool {
  name: string;
  title: string;
  description: string;
  /**
   * Strapi lists the tool to a token only when its ability can do one of these (never
   * empty: index.ts leaves out the entry tools when no type takes journey tags).
   */
  auth: { policies: McpPolicy[] };
  resolveInputSchema: (caller: McpCaller) => zod.ZodObject<any>;
  resolveOutputSchema: (caller: McpCaller) => zod.ZodObject<any>;
  createHandler: (
    strapi: any,
    caller: McpCaller
  ) => (params: { args: any }) => Promise<McpToolResult>;
}

export interface McpPolicy {
  action: string;
  subject?: string;
}

/** The coverage page's permission: coverage, demand, Write next and the recommend preview. */
export const READ_COVERAGE: [McpPolicy] = [{ action: JOURNEY_ACTIONS.readCoverage }];

/** An answer as MCP carries it: the JSON as text for any client, and as structured content. */
const ok = (structuredContent: Record<string, unknown>): McpToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(structuredContent) }],
  structuredContent,
});

/**
 * Runs a tool's work. A refusal or bad input (any error the plugin's routes answer with a
 * 4xx/503: `utils/errors.ts`) becomes an `isError` result holding the same
 * `{ status, name, message, details: { param, allowed } }` the admin API answers, so an
 * agent reads the parameter and the allowed values. Anything else is a bug: it is thrown
 * to Strapi's registry, which logs it and answers a generic `isError` result.
 */
export const answer = async (work: () => Promise<Record<string, unknown>>) => {
  try {
    return ok(await work());
  } catch (error) {
    const refusal = answerFor(error);
    if (!refusal) throw error;
    return {
      content: [{ type: 'text' as const, text: JSON.stringify({ error: refusal }) }],
      isError: true as const,
    };
  }
};

/** Loose object schemas for answers whose parts are documented on the REST routes. */
export const anyObject = () => z.record(z.string(), z.unknown());
export const listOfObjects = () => z.array(anyObject());
