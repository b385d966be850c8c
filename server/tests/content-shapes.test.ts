import { startApp, adminToken, ensureLocale, grantPublic, type TestApp } from './helpers/strapi';

/**
 * Types as real sites build them (examples/app: Guide): no title field, only a slug; text in
 * blocks, in a required SEO component, in repeatable components and in a dynamic zone;
 * localized. The journey features must work on them as on a plain `title` type.
 */
const GUIDE = 'api::guide.guide';
const EVENT = 'api::event.event';
const PRODUCT = 'api::product-page.product-page';
const WP = 'api::whitepaper.whitepaper';
let app: TestApp;
let token: string;
const ids: Record<string, string> = {};

const blocks = (text: string) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];
const admin = (req: any) => req.set('Authorization', `Bearer ${token}`);

/** A guide whose words live only where a plain-column reader would not look. */
const createGuide = async (
  slug: string,
  words: { body?: string; step?: string; quote?: string; section?: string },
  locale?: string
) => {
  // Every default is the slug's own words, so two guides share only the words a test gives them.
  const own = slug.replace(/-/g, ' ');
  const doc = await app.strapi.documents(GUIDE).create({
    locale,
    data: {
      slug,
      body: blocks(words.body ?? own),
      seo: { metaTitle: own },
      steps: [{ name: own, description: words.step ?? own }],
      sections: [
        { __component: 'shared.quote', text: blocks(words.quote ?? own), author: own },
        { __component: 'shared.rich-text', body: words.section ?? own },
      ],
    },
  } as any);
  return doc.documentId as string;
};

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app);
  await ensureLocale(app, 'fr');
  await grantPublic(app, [
    'plugin::journey.recommend.find',
    `${GUIDE}.find`,
    `${EVENT}.find`,
    `${PRODUCT}.find`,
    `${WP}.find`,
  ]);
  const tags = app.strapi.plugin('journey').service('tags');
  ids.runbook = await createGuide('kubernetes-runbook', {
    quote: 'The kubernetes upgrade runbook saved our weekend',
    step: 'Drain every kubernetes node before the upgrade',
  });
  await tags.set(GUIDE, ids.runbook, { stages: ['b2b:post-purchase'], audience: 'b2b' });
  ids.pricing = await createGuide('pricing-explained', {
    body: 'Pricing tiers compared, discounts and invoices',
    section: 'Which plan to buy',
  });
  await tags.set(GUIDE, ids.pricing, { stages: ['b2b:purchase'], audience: 'b2b' });
  for (const id of [ids.runbook, ids.pricing])
    await app.strapi.documents(GUIDE).publish({ documentId: id });
  // Untagged drafts: one whose only words on the subject are in its dynamic zone, one in French.
  ids.draft = await createGuide('draft-guide', {
    section: 'Before a kubernetes upgrade, read the runbook',
  });
  ids.fr = await createGuide('guide-fr', { body: 'Le runbook kubernetes' }, 'fr');

  const event = await app.strapi
    .documents(EVENT)
    .create({ data: { name: 'Launch webinar' } } as any);
  ids.event = event.documentId;
  await tags.set(EVENT, ids.event, { stages: ['b2b:post-purchase'], audience: 'b2b' });
  const product = await app.strapi
    .documents(PRODUCT)
    .create({ data: { headline: 'Runbook Pro', pitch: 'Automate upgrades' } } as any);
  ids.product = product.documentId;
  await tags.set(PRODUCT, ids.product, { stages: ['b2b:post-purchase'], audience: 'b2b' });
  await app.strapi.documents(PRODUCT).publish({ documentId: ids.product });
  const wp = await app.strapi
    .documents(WP)
    .create({ data: { title: 'Upgrade whitepaper', slug: 'upgrade-whitepaper' } } as any);
  ids.wp = wp.documentId;
  await tags.set(WP, ids.wp, { stages: ['b2b:post-purchase'], audience: 'b2b' });
  await app.strapi.documents(WP).publish({ documentId: ids.wp });
});

afterAll(async () => {
  await app?.stop();
});

describe('types without a title field', () => {
  it('recommend names every entry in journey.title: slug, name, headline, title', async () => {
    const res = await app
      .request()
      .get('/api/journey/recommend')
      .query({ stage: 'b2b:post-purchase', limit: '10' });
    expect(res.status).toBe(200);
    const titles = Object.fromEntries(
      res.body.data
        .filter((e: any) => e.journey.match === 'exact')
        .map((e: any) => [e.documentId, e.journey.title])
    );
    expect(titles).toEqual({
      [ids.runbook]: 'kubernetes-runbook',
      [ids.event]: 'Launch webinar',
      [ids.product]: 'Runbook Pro',
      [ids.wp]: 'Upgrade whitepaper',
    });
  });

  it('journey.title whatever `fields` asked, and the entry keeps only the fields asked', async () => {
    const res = await app
      .request()
      .get('/api/journey/recommend')
      .query({ stage: 'b2b:post-purchase', types: WP, fields: 'slug' });
    expect(res.status).toBe(200);
    expect(res.body.data[0].journey.title).toBe('Upgrade whitepaper');
    expect(res.body.data[0].slug).toBe('upgrade-whitepaper');
    expect(res.body.data[0]).not.toHaveProperty('title');
  });

  it('the tag API, the list column and the bulk action work on them', async () => {
    const one = await admin(
      app
        .request()
        .put(`/journey/tags/${GUIDE}/${ids.draft}`)
        .send({
          stages: ['b2b:research'],
          audience: 'b2b',
        })
    );
    expect(one.status).toBe(200);
    const bulk = await admin(
      app
        .request()
        .put(`/journey/tags/${GUIDE}`)
        .send({
          documentIds: [ids.fr],
          stages: ['b2c:awareness'],
          audience: 'b2c',
          locale: 'fr',
          mode: 'add',
        })
    );
    expect(bulk.status).toBe(200);
    const list = await admin(
      app
        .request()
        .get(`/journey/tags/${GUIDE}`)
        .query({ documentIds: `${ids.draft},${ids.runbook}` })
    );
    expect(list.status).toBe(200);
    const byId = Object.fromEntries(list.body.data.map((t: any) => [t.documentId, t.stages]));
    expect(byId[ids.draft]).toEqual(['b2b:research']);
    expect(byId[ids.runbook]).toEqual(['b2b:post-purchase']);
    const fr = await admin(
      app.request().get(`/journey/tags/${GUIDE}/${ids.fr}`).query({ locale: 'fr' })
    );
    expect(fr.body.data.stages).toEqual(['b2c:awareness']);
    // Tagging drafts left the required SEO component and the dynamic zone as they were.
    const draft: any = await app.strapi.documents(GUIDE).findOne({
      documentId: ids.draft,
      populate: { seo: true, sections: { populate: '*' } },
    } as any);
    expect(draft.seo.metaTitle).toBe('draft guide');
    expect(draft.sections.map((s: any) => s.__component)).toEqual([
      'shared.quote',
      'shared.rich-text',
    ]);
  });

  it('coverage counts them per stage, in their locales', async () => {
    const res = await admin(app.request().get('/journey/coverage').query({ status: 'published' }));
    expect(res.status).toBe(200);
    const row = res.body.data.rows.find((r: any) => r.uid === GUIDE);
    expect(row.displayName).toBe('Guide');
    expect(row.cells['b2b:post-purchase'].count).toBe(1);
    expect(row.cells['b2b:purchase'].count).toBe(1);
    const drafts = await admin(
      app.request().get('/journey/coverage').query({ status: 'draft', locale: 'fr' })
    );
    expect(
      drafts.body.data.rows.find((r: any) => r.uid === GUIDE).cells['b2c:awareness'].count
    ).toBe(1);
  });
});

describe('suggestions read text in blocks, components and dynamic zones', () => {
  it('a draft whose words are only in its dynamic zone is matched with a guide whose words are only in components', async () => {
    const res = await admin(app.request().get(`/journey/suggest/${GUIDE}/${ids.draft}`));
    if (res.status !== 200)
      console.log(
        JSON.stringify(res.body),
        await app.strapi
          .plugin('journey')
          .service('suggest')
          .propose(GUIDE, [ids.draft], {})
          .catch((e: any) => e.stack)
      );
    expect(res.status).toBe(200);
    const like = res.body.data.suggestions.flatMap((s: any) =>
      s.like.map((l: any) => ({ stage: s.stage, documentId: l.documentId, title: l.title }))
    );
    expect(like).toContainEqual({
      stage: 'b2b:post-purchase',
      documentId: ids.runbook,
      title: 'kubernetes-runbook',
    });
    // The pricing guide shares no word with it: it is no neighbour.
    expect(like.map((l: any) => l.documentId)).not.toContain(ids.pricing);
  });
});
