import type { Core } from '@strapi/strapi';
import { DEMO_ENTRIES } from './content';
import { seedVariety } from './variety';
import { seedDemoDemand } from './demand';
import { seedDemoExperiment } from './experiment';

export const DEMO_ADMIN = {
  email: 'admin@journey.local',
  password: 'JourneyDemo1',
  firstname: 'Demo',
  lastname: 'Admin',
};

const slugify = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .slice(0, 80);

const PUBLIC_ACTIONS = [
  'plugin::journey.ping.find',
  'plugin::journey.stage.find',
  'plugin::journey.recommend.find',
  'plugin::journey.events.create',
  'plugin::journey.experiments.find',
  'plugin::journey.visitor.find',
  'plugin::journey.visitor.model',
  ...['blog-post', 'whitepaper', 'case-study'].flatMap((t) => [
    `api::${t}.${t}.find`,
    `api::${t}.${t}.findOne`,
  ]),
];

/** Grants the Public role the plugin's routes and read access to the three demo types. */
export const grantPublic = async (strapi: Core.Strapi, actions = PUBLIC_ACTIONS) => {
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' } });
  for (const action of actions) {
    const exists = await strapi.db
      .query('plugin::users-permissions.permission')
      .findOne({ where: { action, role: role.id } });
    if (!exists)
      await strapi.db
        .query('plugin::users-permissions.permission')
        .create({ data: { action, role: role.id } });
  }
};

const ensureAdmin = async (strapi: Core.Strapi) => {
  const users = strapi.admin.services.user;
  if (await strapi.db.query('admin::user').count({ where: { email: DEMO_ADMIN.email } })) return;
  const superAdmin = await strapi.admin.services.role.getSuperAdmin();
  await users.create({
    ...DEMO_ADMIN,
    roles: [superAdmin.id],
    isActive: true,
    registrationToken: null,
  });
};

/** Loads the demo content once (idempotent), through the Document Service so tags go where an editor's would. */
export const seedDemo = async (strapi: Core.Strapi) => {
  await ensureAdmin(strapi);
  await grantPublic(strapi);

  const locales = strapi.plugin('i18n').service('locales');
  if (!(await locales.findByCode('fr'))) await locales.create({ code: 'fr', name: 'French (fr)' });
  if (!(await locales.findByCode('de'))) await locales.create({ code: 'de', name: 'German (de)' });

  const already = await strapi.db.query('api::whitepaper.whitepaper').count({});
  if (already === 0) {
    const stageRows = await strapi.plugin('journey').service('taxonomy').stageRows();
    const day = 24 * 3600 * 1000;
    let i = 0;
    for (const entry of DEMO_ENTRIES) {
      i += 1;
      const uid = `api::${entry.type}.${entry.type}` as any;
      const doc = await strapi.documents(uid).create({
        data: {
          title: entry.title,
          slug: slugify(entry.title),
          summary: entry.summary,
          body: `${entry.summary}\n\nThis is demo content for strapi-plugin-journey.`,
          internalNotes: `Internal: demo entry #${i}, not for the public.`,
          journeyStages: entry.stages.map((id) => stageRows.get(id)!.documentId),
          journeyAudience: entry.audience,
        },
      } as any);
      if (entry.fr) {
        await strapi.documents(uid).update({
          documentId: doc.documentId,
          locale: 'fr',
          data: {
            title: entry.fr.title,
            slug: slugify(entry.fr.title),
            summary: entry.fr.summary,
            body: entry.fr.summary,
            journeyStages: entry.stages.map((id) => stageRows.get(id)!.documentId),
            journeyAudience: entry.audience,
          },
        } as any);
      }
      if (!entry.draft) {
        await strapi
          .documents(uid)
          .publish({ documentId: doc.documentId, locale: entry.fr ? '*' : undefined } as any);
        // Spread publication dates so "newest first" is visible in the demo.
        const table = (strapi.db.metadata.get(uid) as any).tableName;
        await strapi.db
          .connection(table)
          .where({ document_id: doc.documentId })
          .whereNotNull('published_at')
          .update({ published_at: new Date(Date.now() - i * day) });
      }
    }
    await seedVariety(strapi, stageRows);
    strapi.log.info(
      `[journey demo] loaded ${DEMO_ENTRIES.length} demo entries and one of each other type`
    );
  }
  await seedDemoDemand(strapi);
  await seedDemoExperiment(strapi);
  strapi.log.info(
    `[journey demo] admin: ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password} at http://127.0.0.1:${process.env.PORT ?? 1337}/admin`
  );
};
