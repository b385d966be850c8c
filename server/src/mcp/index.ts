import { journeyTypeUids } from '../utils/journey-types';
import { coverageGapsTool } from './coverage-gaps';
import { recommendTool } from './recommend';
import { stageDemandTool } from './stage-demand';
import { suggestStagesTool } from './suggest-stages';
import { tagEntryTool } from './tag-entry';
import { writeNextTool } from './write-next';
import type { JourneyMcpTool } from './tool';

/** What the plugin needs of Strapi's MCP service (`strapi.ai.mcp`, Strapi 5.47+). */
interface McpRegistry {
  isEnabled(): boolean;
  registerTool(tool: unknown): void;
}

/**
 * Strapi's MCP service, or null where this Strapi has none. `strapi.ai` is a getter
 * that resolves a container service: absent before 5.47, and it may throw rather than
 * answer undefined, so the lookup is guarded.
 */
export const mcpRegistryOf = (strapi: any): McpRegistry | null => {
  try {
    const mcp = strapi?.ai?.mcp;
    return typeof mcp?.registerTool === 'function' && typeof mcp?.isEnabled === 'function'
      ? mcp
      : null;
  } catch {
    return null;
  }
};

export const journeyMcpTools = (strapi: any): JourneyMcpTool[] => [
  coverageGapsTool(),
  writeNextTool(),
  stageDemandTool(),
  recommendTool(),
  // Entry tools are listed per Content Manager permission on the journey types: none, no tools.
  ...(journeyTypeUids(strapi).length ? [suggestStagesTool(strapi), tagEntryTool(strapi)] : []),
];

/**
 * Adds the journey tools to Strapi's MCP server. Called from bootstrap, as the Content
 * Manager registers its own: after the plugins' bootstrap, Strapi starts the MCP server
 * and no tool can be added any more. Without an MCP service (Strapi before 5.47) or
 * with it disabled (`server.mcp.enabled`), nothing is registered; nothing here may
 * stop the plugin from booting. Returns the names registered.
 */
export const registerJourneyMcpTools = (strapi: any): string[] => {
  const mcp = mcpRegistryOf(strapi);
  if (!mcp) {
    strapi?.log?.debug?.('[journey] no MCP server in this Strapi (5.47+): AI agent tools off');
    return [];
  }
  if (mcp.isEnabled() !== true) {
    strapi.log?.debug?.('[journey] MCP server disabled (server.mcp.enabled): AI agent tools off');
    return [];
  }
  const names: string[] = [];
  for (const tool of journeyMcpTools(strapi)) {
    try {
      mcp.registerTool(tool);
      names.push(tool.name);
    } catch (error) {
      strapi.log?.warn?.(
        `[journey] MCP tool ${tool.name} not registered: ${(error as Error).message}`
      );
    }
  }
  if (names.length) strapi.log?.info?.(`[journey] MCP tools registered: ${names.join(', ')}`);
  return names;
};
