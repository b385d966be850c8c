import * as strapiUtils from '@strapi/utils';

type Zod = typeof strapiUtils.z;

/**
 * Strapi's zod (the copy its MCP server reads schemas with), looked up on each use. Only a
 * Strapi with an MCP server builds these schemas, and `@strapi/utils` 5.13.0, the plugin's
 * floor, exports no `z`: a named import would fail to link there when the ESM build is
 * loaded, and reading it when the plugin loads would throw under CommonJS.
 */
export const z: Zod = new Proxy({} as Zod, {
  get: (_target, key) => (strapiUtils as unknown as { z: Zod }).z[key as keyof Zod],
});
