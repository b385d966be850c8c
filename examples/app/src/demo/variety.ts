import type { Core } from '@strapi/strapi';

/**
 * Demo entries for the types real projects have besides articles: an event
 * without draft & publish, a product page in three locales whose main field is
 * `headline`, a landing page built from components and a dynamic zone, and the
 * homepage single type (which the plugin leaves untagged).
 */
export const seedVariety = async (
  strapi: Core.Strapi,
  stageRows: Map<string, { documentId: string }>
) => {
  const tags = (stages: string[], audience: 'b2b' | 'b2c' | 'both') => ({
    journeyStages: stages.map((id) => stageRows.get(id)!.documentId),
    journeyAudience: audience,
  });
  const docs = (uid: string) => strapi.documents(uid as any) as any;

  // Events have no draft & publish: created = live.
  await docs('api::event.event').create({
    data: {
      name: 'Live: evaluating customer data platforms',
      startsAt: '2027-02-10T16:00:00.000Z',
      summary: 'A one-hour webinar with a buying committee checklist.',
      internalNotes: 'Internal: speaker fee agreed.',
      ...tags(['b2b:research'], 'b2b'),
    },
  });
  await docs('api::event.event').create({
    data: {
      name: 'Customer onboarding clinic',
      startsAt: '2027-03-03T10:00:00.000Z',
      summary: 'Bring your questions about the first month.',
      ...tags(['b2c:retention'], 'b2c'),
    },
  });

  const product = await docs('api::product-page.product-page').create({
    locale: 'en',
    data: {
      headline: 'Journey Analytics Pro vs spreadsheets',
      slug: 'journey-analytics-pro-vs-spreadsheets',
      pitch: 'A side-by-side comparison for teams that have outgrown spreadsheets.',
      price: 49,
      ...tags(['b2b:consideration'], 'b2b'),
    },
  });
  await docs('api::product-page.product-page').update({
    documentId: product.documentId,
    locale: 'fr',
    data: {
      headline: 'Journey Analytics Pro ou tableur ?',
      slug: 'journey-analytics-pro-ou-tableur',
      pitch: 'Une comparaison point par point.',
      ...tags(['b2b:consideration'], 'b2b'),
    },
  });
  await docs('api::product-page.product-page').update({
    documentId: product.documentId,
    locale: 'de',
    data: {
      headline: 'Journey Analytics Pro oder Tabellenkalkulation?',
      slug: 'journey-analytics-pro-oder-tabelle',
      pitch: 'Ein direkter Vergleich.',
      ...tags(['b2b:consideration'], 'b2b'),
    },
  });
  await docs('api::product-page.product-page').publish({
    documentId: product.documentId,
    locale: '*',
  });

  const landing = await docs('api::landing-page.landing-page').create({
    data: {
      title: 'See it on your own data: book a demo',
      slug: 'book-a-demo',
      primaryCta: { label: 'Book a demo', url: '/demo' },
      features: [
        { name: 'Set up in a day' },
        { name: 'Your data stays yours', description: 'Hosted in the EU.' },
      ],
      sections: [
        {
          __component: 'shared.rich-text',
          body: 'Thirty minutes with a product specialist, on your own use case.',
        },
        { __component: 'shared.cta', label: 'Talk to sales', url: '/sales' },
      ],
      ...tags(['b2b:selection'], 'b2b'),
    },
  });
  await docs('api::landing-page.landing-page').publish({ documentId: landing.documentId });

  const homepage = await docs('api::homepage.homepage').create({
    data: {
      title: 'Content for every step of the journey',
      intro: 'Demo site of strapi-plugin-journey.',
    },
  });
  await docs('api::homepage.homepage').publish({ documentId: homepage.documentId });
};
