import type { Core } from '@strapi/strapi';

export default {
  register() {},

  /**
   * Demo content is loaded only when the demo command asks for it
   * (JOURNEY_DEMO_SEED=true): a plain boot on an empty database stays empty.
   */
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    if (process.env.JOURNEY_DEMO_SEED === 'true') {
      const { seedDemo } = await import('./demo/seed');
      await seedDemo(strapi);
    }
  },
};
