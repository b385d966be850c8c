import type { Core } from '@strapi/strapi';

/**
 * `GET /api/journey/ping`: answers without any work of its own once Strapi's
 * content-API auth let the caller in (`plugin::journey.ping.find`). A frontend
 * can check that the plugin is reachable and granted; bench/ measures it as the
 * floor of the stack: what any plugin route costs before it does anything.
 */
const pingController = (_: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    ctx.body = { data: { ok: true } };
  },
});

export default pingController;
