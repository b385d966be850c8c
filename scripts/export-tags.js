#!/usr/bin/env node
/**
 * Prints every entry's journey tags as JSON: run it in your Strapi app's folder
 * BEFORE you disable or remove the plugin (its attributes are dropped on the next
 * boot without it). Writes [{ uid, documentId, locale, status, stages, audience }] to the file given.
 *   node path/to/strapi-plugin-journey/scripts/export-tags.js journey-tags.json
 */
const fs = require('fs');
const path = require('path');

(async () => {
  const appDir = process.cwd();
  const { compileStrapi, createStrapi } = require(
    require.resolve('@strapi/strapi', { paths: [appDir] })
  );
  const ctx = await compileStrapi({ appDir, ignoreDiagnostics: true });
  const strapi = createStrapi({ ...ctx, autoReload: false, serveAdminPanel: false });
  strapi.log.level = 'error';
  await strapi.load();
  const out = [];
  try {
    const uids = Object.keys(strapi.contentTypes).filter(
      (uid) => strapi.contentTypes[uid].attributes.journeyStages
    );
    const locales = (await strapi.plugin('i18n')?.service('locales').find()) ?? [];
    for (const uid of uids) {
      const localized = strapi.contentTypes[uid].pluginOptions?.i18n?.localized === true;
      for (const locale of localized ? locales.map((l) => l.code) : [undefined]) {
        for (const status of ['draft', 'published']) {
          const docs = await strapi.documents(uid).findMany({
            locale,
            status,
            fields: ['journeyAudience', 'locale'],
            populate: { journeyStages: { fields: ['stageId'] } },
          });
          for (const d of docs) {
            out.push({
              uid,
              documentId: d.documentId,
              locale: d.locale ?? null,
              status,
              stages: d.journeyStages.map((s) => s.stageId),
              audience: d.journeyAudience,
            });
          }
        }
      }
    }
  } finally {
    await strapi.destroy();
  }
  const file = path.resolve(process.argv[2] || 'journey-tags.json');
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.error(`exported the journey tags of ${out.length} entry versions to ${file}`);
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
