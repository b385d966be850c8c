export default ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  app: { keys: env.array('APP_KEYS') },
  // No update check: it rewrites .strapi-updater.json on every start, leaving the work tree dirty.
  logger: { updates: { enabled: false } },
  // Strapi's MCP server (/mcp, admin tokens) with the journey tools: `MCP_ENABLED=true npm run demo`.
  mcp: { enabled: env.bool('MCP_ENABLED', false) },
});
