import fs from 'fs';
import path from 'path';

/**
 * The plugin is this repository's root. `resolve` must be absolute and work from
 * both config/ (read by the admin build) and dist/config/ (read by the server),
 * so walk up to the package that is the plugin.
 */
const pluginRoot = (() => {
  let dir = __dirname;
  while (dir !== path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (
      fs.existsSync(pkg) &&
      JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'strapi-plugin-journey'
    )
      return dir;
    dir = path.dirname(dir);
  }
  throw new Error('strapi-plugin-journey: could not find the plugin package above ' + __dirname);
})();

export default ({ env }) => {
  const testConfig = env('JOURNEY_TEST_CONFIG')
    ? JSON.parse(env('JOURNEY_TEST_CONFIG'))
    : undefined;
  return {
    // The plugin adds journeyStages / journeyRecommend to it when it is there.
    // GRAPHQL_ENABLED=false boots the app as if it were not installed (tested).
    graphql: {
      enabled: env.bool('GRAPHQL_ENABLED', true),
      config: {
        shadowCRUD: true,
        landingPage: env('NODE_ENV') !== 'production',
        depthLimit: 10,
        defaultLimit: 25,
        maxLimit: 100,
      },
    },
    journey: {
      // JOURNEY_DISABLED=true boots the app without the plugin: bench/contention.js's baseline and
      // the tests of what a boot without it keeps (server/tests/opt-out.test.ts).
      enabled: env('JOURNEY_DISABLED') !== 'true',
      resolve: pluginRoot,
      config: {
        frameworks: ['b2b', 'b2c'],
        // Where this site never writes a type: not a gap, never proposed (the settings page's
        // "Targets per content type" can change them). Events and landing pages win visitors;
        // after a purchase, customers get guides, blog posts and case studies instead.
        // (Not with a test's own frameworks: these stage ids would not exist there.)
        targets: Object.fromEntries(
          (testConfig?.frameworks
            ? []
            : ['api::event.event', 'api::landing-page.landing-page']
          ).map((uid) => [
            uid,
            Object.fromEntries(
              ['b2b:post-purchase', 'b2c:retention', 'b2c:advocacy'].map((stage) => [
                stage,
                'not-applicable',
              ])
            ),
          ])
        ),
        // A signal rule (README "Visitor signals", its worked example); a marketing lead adds
        // more on the settings page.
        visitor: {
          rules: [{ signal: 'utm_campaign', pattern: 'pricing-*', phase: 'decision' }],
        },
        // JOURNEY_TEST_CONFIG lets the integration tests boot this app with a bad or
        // different config; a real project writes its config here directly.
        ...testConfig,
      },
    },
  };
};
