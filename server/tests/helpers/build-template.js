/**
 * Syncs the template database of a test run (see databases.js): one boot of the compiled
 * example app on an empty database, then exit. Run as its own process by global-setup.js,
 * so the jest process never holds a Strapi it did not start in a test.
 *   node build-template.js <database name>
 */
require('./env.js');
const path = require('path');
const { APP_DIR, envOf, createEmpty, drop, skipDiskFlush } = require('./databases');

(async () => {
  const name = process.argv[2];
  await drop(name);
  await createEmpty(name);
  Object.assign(process.env, envOf(name));
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({
    appDir: APP_DIR,
    distDir: path.join(APP_DIR, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  });
  await strapi.register();
  await skipDiskFlush(strapi);
  await strapi.bootstrap();
  await strapi.destroy();
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
