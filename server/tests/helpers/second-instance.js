/**
 * A second Strapi process on the same database as the test's: boots the compiled
 * example app with the env it inherits, runs one journey service call, prints the
 * result as JSON on the last line, and exits. Used to prove that no answer depends
 * on one process's memory.
 *   node second-instance.js '<service or content-type uid>' '<method>' '<json args>'
 */
require('./env.js');
const path = require('path');

(async () => {
  const appDir = path.resolve(__dirname, '../../../examples/app');
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({
    appDir,
    distDir: path.join(appDir, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  });
  await strapi.register(); // strapi.load(), taken apart for the database setting
  await require('./databases').skipDiskFlush(strapi);
  await strapi.bootstrap();
  strapi.isLoaded = true;
  let result;
  try {
    const [service, method, args] = process.argv.slice(2);
    // A content-type uid: that type's Document Service (a content write from another process).
    const target = service.includes('::')
      ? strapi.documents(service)
      : strapi.plugin('journey').service(service);
    result = await target[method](...JSON.parse(args || '[]'));
    // Lifecycle hooks move the change counters right after commit: let them land before exit.
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    await strapi.destroy();
  }
  const replacer = (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v);
  process.stdout.write('\n' + JSON.stringify(result, replacer) + '\n');
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
