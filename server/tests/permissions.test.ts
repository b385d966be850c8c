/**
 * The tag API asks the Content Manager's permission checker, with the entry
 * resolved as the Content Manager resolves it, on types as varied as real apps:
 * no draft & publish (event), localized in three locales with a main field that
 * is not `title` (product page), components + dynamic zone + media (landing
 * page), draft & publish and localized (blog post). Every rule is a test on each.
 */
import { adminToken, startApp, type TestApp } from './helpers/strapi';
import {
  createRole,
  cmCreate,
  ensureThreeLocales,
  registerNotFrozen,
  userOf,
  JOURNEY_FIELDS,
  NOT_FROZEN,
  type Grant,
} from './helpers/roles';
import adminRoutes from '../src/routes/admin';
import { JOURNEY_ACTIONS, JOURNEY_ACTION_DEFINITIONS } from '../../plugin/src/rbac';

const EVENT = 'api::event.event';
const PRODUCT = 'api::product-page.product-page';
const LANDING = 'api::landing-page.landing-page';
const BLOG = 'api::blog-post.blog-post';
const WP = 'api::whitepaper.whitepaper';
const HOMEPAGE = 'api::homepage.homepage';

/** A 1×1 PNG: the landing page's hero image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64'
);

interface TypeCase {
  uid: string;
  name: string;
  draftAndPublish: boolean;
  localized: boolean;
  /** What an editor types into the Content Manager's create form. */
  data: (label: string) => Record<string, unknown>;
}

let heroId: number;

const CASES: TypeCase[] = [
  {
    uid: EVENT,
    name: 'event (no draft & publish, main field name)',
    draftAndPublish: false,
    localized: false,
    data: (l) => ({
      name: l,
      startsAt: '2027-03-01T09:00:00.000Z',
      summary: `About ${l}`,
      internalNotes: 'ok',
    }),
  },
  {
    uid: PRODUCT,
    name: 'product page (localized en/fr/de, main field headline)',
    draftAndPublish: true,
    localized: true,
    data: (l) => ({ headline: l, pitch: `Why ${l}`, price: 49.5, internalNotes: 'ok' }),
  },
  {
    uid: LANDING,
    name: 'landing page (component, repeatable component, dynamic zone, media)',
    draftAndPublish: true,
    localized: false,
    data: (l) => ({
      title: l,
      hero: heroId,
      primaryCta: { label: 'Book a demo', url: '/demo' },
      features: [{ name: 'Fast' }, { name: 'Safe', description: 'Audited' }],
      sections: [
        { __component: 'shared.rich-text', body: `# ${l}` },
        { __component: 'shared.cta', label: 'Talk to sales', url: '/sales' },
      ],
      internalNotes: 'ok',
    }),
  },
  {
    uid: BLOG,
    name: 'blog post (draft & publish, localized)',
    draftAndPublish: true,
    localized: true,
    data: (l) => ({ title: l, summary: `About ${l}`, internalNotes: 'ok' }),
  },
];
const UIDS = CASES.map((c) => c.uid);

let app: TestApp;
let superToken: string;
const tokens: Record<
  | 'a'
  | 'b'
  | 'updateNoJourney'
  | 'readNoJourney'
  | 'journeyOnly'
  | 'frOnly'
  | 'notFrozen'
  | 'coverageReader',
  string
> = {} as any;
const infoLines: string[] = [];

const grants = (actions: Grant['actions'], more: Partial<Grant> = {}, uids = UIDS): Grant[] =>
  uids.map((uid) => ({ uid, actions, ...more }));

beforeAll(async () => {
  app = await startApp(undefined, {
    beforeLoad: (strapi) => {
      const info = strapi.log.info.bind(strapi.log);
      strapi.log.info = (msg: unknown, ...rest: unknown[]) => {
        infoLines.push(String(msg));
        return info(msg, ...rest);
      };
    },
    bootstrap: registerNotFrozen,
  });
  await ensureThreeLocales(app);
  superToken = await adminToken(app);

  const creator = await createRole(
    app,
    'Own entries',
    grants(['read', 'create', 'update'], { conditions: ['admin::is-creator'] })
  );
  const updateNoJourney = await createRole(app, 'Update without journey fields', [
    ...grants(['read', 'create']),
    ...grants(['update'], { fields: 'noJourney' }),
  ]);
  const readNoJourney = await createRole(app, 'Read without journey fields', [
    ...grants(['read'], { fields: 'noJourney' }),
    ...grants(['update']),
  ]);
  const journeyOnly = await createRole(
    app,
    'Journey fields only',
    grants(['read', 'update'], { fields: 'journeyOnly' })
  );
  const frOnly = await createRole(
    app,
    'French only',
    grants(['read', 'create', 'update'], { locales: ['fr'] })
  );
  const notFrozen = await createRole(
    app,
    'Not frozen',
    grants(['read', 'update'], { conditions: [NOT_FROZEN.id] })
  );
  const coverageReader = await createRole(
    app,
    'Coverage reader',
    [{ uid: WP, actions: ['read'] }],
    [{ action: 'plugin::journey.coverage.read' }]
  );
  tokens.a = await userOf(app, creator.id, 'a');
  tokens.b = await userOf(app, creator.id, 'b');
  tokens.updateNoJourney = await userOf(app, updateNoJourney.id);
  tokens.readNoJourney = await userOf(app, readNoJourney.id);
  tokens.journeyOnly = await userOf(app, journeyOnly.id);
  tokens.frOnly = await userOf(app, frOnly.id);
  tokens.notFrozen = await userOf(app, notFrozen.id);
  tokens.coverageReader = await userOf(app, coverageReader.id, 'lead');

  const upload = await app
    .request()
    .post('/upload')
    .set('Authorization', `Bearer ${superToken}`)
    .attach('files', PNG, 'hero.png');
  if (upload.status !== 201)
    throw new Error(`upload failed: ${upload.status} ${JSON.stringify(upload.body)}`);
  heroId = upload.body[0].id;
});

afterAll(async () => {
  await app?.stop();
});

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const tagsService = () => app.strapi.plugin('journey').service('tags');

describe('the test app', () => {
  it('tags every collection type, leaves the single type untagged, and says so at boot', () => {
    for (const uid of [...UIDS, WP])
      expect(app.strapi.contentTypes[uid].attributes).toHaveProperty(JOURNEY_FIELDS[0]);
    expect(app.strapi.contentTypes[HOMEPAGE].kind).toBe('singleType');
    expect(app.strapi.contentTypes[HOMEPAGE].attributes).not.toHaveProperty('journeyStages');
    expect(app.strapi.contentTypes[HOMEPAGE].attributes).not.toHaveProperty('journeyAudience');
    expect(infoLines.filter((l) => l.includes('single types are not tagged'))).toEqual([
      expect.stringContaining(HOMEPAGE),
    ]);
  });

  it('has three locales, en the default', async () => {
    const locales = await app.strapi.plugin('i18n').service('locales').find();
    expect(locales.map((l: any) => l.code).sort()).toEqual(['de', 'en', 'fr']);
    expect(await app.strapi.plugin('i18n').service('locales').getDefaultLocale()).toBe('en');
  });
});

describe.each(CASES)('$name', (c) => {
  const { uid } = c;
  // Localized types are addressed in a locale, as the Content Manager does (?locale=).
  const loc = c.localized ? { locale: 'en' } : {};
  const other = c.localized ? { fr: c.data('fr version'), de: c.data('de version') } : undefined;
  let ofA: string;
  let ofA2: string;
  let ofB: string;
  let frozen: string;
  let open: string;

  /** Tags straight from the database through the Document Service (draft unless said). */
  const stored = async (
    documentId: string,
    opts: { locale?: string; status?: 'draft' | 'published' } = {}
  ) => {
    const t = await tagsService().get(uid, documentId, { ...loc, ...opts });
    return { stages: t.stages, audience: t.audience };
  };
  const tag = (documentId: string, stages: string[], audience: string, locale?: string) =>
    tagsService().set(uid, documentId, {
      stages,
      audience,
      ...(c.localized ? { locale: locale ?? 'en' } : {}),
    });
  const getTags = (token: string, documentId: string, query: Record<string, string> = {}) =>
    app
      .request()
      .get(`/journey/tags/${uid}/${documentId}`)
      .query({ ...loc, ...query })
      .set(as(token));
  const putTags = (token: string, documentId: string, body: Record<string, unknown>) =>
    app
      .request()
      .put(`/journey/tags/${uid}/${documentId}`)
      .set(as(token))
      .send({ ...loc, ...body });
  const list = (token: string, ids: string[], query: Record<string, string> = {}) =>
    app
      .request()
      .get(`/journey/tags/${uid}`)
      .query({ ...loc, documentIds: ids.join(','), ...query })
      .set(as(token));
  const bulk = (token: string, body: Record<string, unknown>) =>
    app
      .request()
      .put(`/journey/tags/${uid}`)
      .set(as(token))
      .send({ ...loc, ...body });

  beforeAll(async () => {
    const locales = other ? { locales: other } : {};
    ofA = await cmCreate(app, tokens.a, uid, c.data('A first'), { ...loc, ...locales });
    ofA2 = await cmCreate(app, tokens.a, uid, c.data('A second'), loc);
    ofB = await cmCreate(app, tokens.b, uid, c.data('B own'), loc);
    frozen = await cmCreate(
      app,
      superToken,
      uid,
      { ...c.data('Frozen'), internalNotes: 'frozen' },
      loc
    );
    open = await cmCreate(app, superToken, uid, c.data('Open'), { ...loc, ...locales });
    for (const id of [ofA, ofA2, ofB, frozen, open]) await tag(id, ['b2b:research'], 'b2b');
    if (c.localized)
      for (const id of [ofA, open])
        for (const l of ['fr', 'de']) await tag(id, ['b2c:awareness'], 'b2c', l);
    if (c.draftAndPublish) {
      for (const id of [ofA, ofB, open])
        await app.strapi
          .documents(uid)
          .publish({ documentId: id, locale: c.localized ? '*' : undefined });
    }
  });

  describe('is-creator condition', () => {
    it('an editor reads and writes the tags of their own entry', async () => {
      const get = await getTags(tokens.b, ofB);
      expect(get.status).toBe(200);
      expect(get.body.data).toMatchObject({
        documentId: ofB,
        stages: ['b2b:research'],
        audience: 'b2b',
      });
      const put = await putTags(tokens.b, ofB, { stages: ['b2b:selection'], audience: 'b2b' });
      expect(put.status).toBe(200);
      expect(await stored(ofB)).toEqual({ stages: ['b2b:selection'], audience: 'b2b' });
    });

    it("another editor's entry: GET and PUT answer 403 and nothing changes", async () => {
      expect((await getTags(tokens.b, ofA)).status).toBe(403);
      if (c.draftAndPublish)
        expect((await getTags(tokens.b, ofA, { status: 'published' })).status).toBe(403);
      if (c.localized)
        for (const locale of ['fr', 'de'])
          expect({ locale, status: (await getTags(tokens.b, ofA, { locale })).status }).toEqual({
            locale,
            status: 403,
          });
      const put = await putTags(tokens.b, ofA, { stages: ['b2c:advocacy'], audience: 'b2c' });
      expect(put.status).toBe(403);
      expect(put.body).toMatchObject({
        data: null,
        error: { status: 403, name: 'ForbiddenError' },
      });
      expect(await stored(ofA)).toEqual({ stages: ['b2b:research'], audience: 'b2b' });
    });

    it("the list column leaves another editor's entries out", async () => {
      const res = await list(tokens.b, [ofA, ofB, ofA2]);
      expect(res.status).toBe(200);
      expect(res.body.data.map((t: any) => t.documentId)).toEqual([ofB]);
      const mine = await list(tokens.a, [ofA, ofB, ofA2]);
      expect(mine.body.data.map((t: any) => t.documentId).sort()).toEqual([ofA, ofA2].sort());
    });

    it('bulk tagging with one foreign id answers 403 and writes nothing', async () => {
      const before = { b: await stored(ofB), a2: await stored(ofA2) };
      const res = await bulk(tokens.b, {
        documentIds: [ofB, ofA2],
        stages: ['b2c:retention'],
        audience: 'b2c',
      });
      expect(res.status).toBe(403);
      expect(await stored(ofB)).toEqual(before.b);
      expect(await stored(ofA2)).toEqual(before.a2);
      const own = await bulk(tokens.a, {
        documentIds: [ofA2],
        stages: ['b2b:purchase'],
        mode: 'add',
      });
      expect(own.status).toBe(200);
      expect(await stored(ofA2)).toEqual({
        stages: [...before.a2.stages, 'b2b:purchase'],
        audience: before.a2.audience,
      });
    });
  });

  describe('field limits on the journey fields', () => {
    it('update without journeyStages/journeyAudience: PUT and bulk answer 403, tags unchanged; reading still works', async () => {
      const put = await putTags(tokens.updateNoJourney, open, {
        stages: ['b2c:advocacy'],
        audience: 'b2c',
      });
      expect(put.status).toBe(403);
      expect(
        (await bulk(tokens.updateNoJourney, { documentIds: [open], stages: ['b2c:advocacy'] }))
          .status
      ).toBe(403);
      expect(await stored(open)).toEqual({ stages: ['b2b:research'], audience: 'b2b' });
      expect((await getTags(tokens.updateNoJourney, open)).status).toBe(200);
    });

    it('read without the journey fields: GET answers 403, the list column leaves the entries out', async () => {
      expect((await getTags(tokens.readNoJourney, open)).status).toBe(403);
      const res = await list(tokens.readNoJourney, [open, frozen]);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([]);
      expect((await list(superToken, [open, frozen])).body.data).toHaveLength(2); // they are there, only hidden
    });

    it('a role limited to the journey fields only may read and write them', async () => {
      const get = await getTags(tokens.journeyOnly, frozen);
      expect(get.status).toBe(200);
      const put = await putTags(tokens.journeyOnly, frozen, {
        stages: ['b2b:consideration'],
        audience: 'both',
      });
      expect(put.status).toBe(200);
      expect(await stored(frozen)).toEqual({ stages: ['b2b:consideration'], audience: 'both' });
      await tag(frozen, ['b2b:research'], 'b2b');
    });
  });

  if (c.localized) {
    describe('locale limits', () => {
      it('a role limited to fr: PUT in en answers 403 and changes nothing, in fr answers 200', async () => {
        const en = await putTags(tokens.frOnly, open, {
          locale: 'en',
          stages: ['b2c:advocacy'],
          audience: 'b2c',
        });
        expect(en.status).toBe(403);
        expect(await stored(open, { locale: 'en' })).toEqual({
          stages: ['b2b:research'],
          audience: 'b2b',
        });
        const fr = await putTags(tokens.frOnly, open, {
          locale: 'fr',
          stages: ['b2c:consideration'],
          audience: 'b2c',
        });
        expect(fr.status).toBe(200);
        expect(fr.body.data).toMatchObject({ locale: 'fr', stages: ['b2c:consideration'] });
        expect(await stored(open, { locale: 'fr' })).toEqual({
          stages: ['b2c:consideration'],
          audience: 'b2c',
        });
        expect(await stored(open, { locale: 'de' })).toEqual({
          stages: ['b2c:awareness'],
          audience: 'b2c',
        });
      });

      it('GET and the list column: en is hidden, fr is shown', async () => {
        expect((await getTags(tokens.frOnly, open, { locale: 'en' })).status).toBe(403);
        expect((await getTags(tokens.frOnly, open, { locale: 'de' })).status).toBe(403);
        expect((await getTags(tokens.frOnly, open, { locale: 'fr' })).status).toBe(200);
        const en = await list(tokens.frOnly, [open, ofA], { locale: 'en' });
        expect(en.status).toBe(200);
        expect(en.body.data).toEqual([]);
        const fr = await list(tokens.frOnly, [open, ofA], { locale: 'fr' });
        expect(fr.body.data.map((t: any) => t.documentId).sort()).toEqual([open, ofA].sort());
        expect(fr.body.data.every((t: any) => t.locale === 'fr')).toBe(true);
      });

      it('bulk tagging in en answers 403 and writes nothing', async () => {
        const res = await bulk(tokens.frOnly, {
          locale: 'en',
          documentIds: [open],
          stages: ['b2c:retention'],
        });
        expect(res.status).toBe(403);
        expect(await stored(open, { locale: 'en' })).toEqual({
          stages: ['b2b:research'],
          audience: 'b2b',
        });
      });
    });
  } else {
    describe('locale limits', () => {
      it('do not apply to a type that is not localized; a locale is refused with 400', async () => {
        const put = await putTags(tokens.frOnly, open, {
          stages: ['b2b:research'],
          audience: 'b2b',
        });
        expect(put.status).toBe(200);
        const fr = await putTags(tokens.frOnly, open, { locale: 'fr', stages: ['b2c:advocacy'] });
        expect(fr.status).toBe(400);
        expect(fr.body.error.details.param).toBe('locale');
        expect(await stored(open)).toEqual({ stages: ['b2b:research'], audience: 'b2b' });
      });
    });
  }

  describe('a custom condition (registered by the app)', () => {
    it('is honoured on GET, PUT, the list column and bulk', async () => {
      expect((await getTags(tokens.notFrozen, frozen)).status).toBe(403);
      expect((await putTags(tokens.notFrozen, frozen, { stages: ['b2c:advocacy'] })).status).toBe(
        403
      );
      expect(
        (await bulk(tokens.notFrozen, { documentIds: [open, frozen], stages: ['b2c:advocacy'] }))
          .status
      ).toBe(403);
      expect(await stored(frozen)).toEqual({ stages: ['b2b:research'], audience: 'b2b' });
      expect(await stored(open)).toEqual({ stages: ['b2b:research'], audience: 'b2b' });
      const res = await list(tokens.notFrozen, [open, frozen]);
      expect(res.body.data.map((t: any) => t.documentId)).toEqual([open]);
      expect((await getTags(tokens.notFrozen, open)).status).toBe(200);
    });
  });

  describe('the list column and statuses', () => {
    it('returns the tags of every entry asked for (the super admin sees all)', async () => {
      const res = await list(superToken, [ofA, ofB, frozen, open]);
      expect(res.status).toBe(200);
      expect(res.body.data.map((t: any) => t.documentId).sort()).toEqual(
        [ofA, ofB, frozen, open].sort()
      );
      expect(res.body.data.find((t: any) => t.documentId === open)).toMatchObject({
        stages: ['b2b:research'],
        primary: 'b2b:research',
        audience: 'b2b',
      });
    });

    if (!c.draftAndPublish) {
      it('without draft & publish, GET works with and without status, and the list column with status=published', async () => {
        for (const query of [{}, { status: 'draft' }, { status: 'published' }] as Record<
          string,
          string
        >[]) {
          const res = await getTags(superToken, open, query);
          expect({ query, status: res.status }).toEqual({ query, status: 200 });
          expect(res.body.data).toMatchObject({
            documentId: open,
            stages: ['b2b:research'],
            audience: 'b2b',
          });
        }
        const published = await list(superToken, [open, frozen], { status: 'published' });
        expect(published.body.data.map((t: any) => t.documentId).sort()).toEqual(
          [open, frozen].sort()
        );
      });
    } else {
      it('with draft & publish, status=published reads the published version', async () => {
        await tag(open, ['b2b:selection'], 'b2b'); // the draft moves on, the published version keeps its tags
        const res = await getTags(superToken, open, { status: 'published' });
        expect(res.status).toBe(200);
        expect(res.body.data).toMatchObject({ status: 'published', stages: ['b2b:research'] });
        expect((await getTags(superToken, open)).body.data).toMatchObject({
          status: 'draft',
          stages: ['b2b:selection'],
        });
        const published = await list(superToken, [open, frozen], { status: 'published' });
        expect(published.body.data.map((t: any) => t.documentId)).toEqual([open]); // frozen was never published
        await tag(open, ['b2b:research'], 'b2b');
      });
    }
  });
});

describe('bounded bulk tagging', () => {
  let own: string;
  beforeAll(async () => {
    own = await cmCreate(app, tokens.b, EVENT, { name: 'Bulk bounds' });
    await tagsService().set(EVENT, own, { stages: ['b2b:research'], audience: 'b2b' });
  });
  const bulk = (documentIds: unknown) =>
    app
      .request()
      .put(`/journey/tags/${EVENT}`)
      .set(as(tokens.b))
      .send({ documentIds, stages: ['b2c:advocacy'], audience: 'b2c' });
  /** `documentIds`, or the one element at fault (`documentIds[1]`). */
  const DOCUMENT_IDS = expect.stringMatching(/^documentIds(\[\d+\])?$/);
  const unchanged = async () =>
    expect(await tagsService().get(EVENT, own)).toMatchObject({
      stages: ['b2b:research'],
      audience: 'b2b',
    });

  it('20,000 ids answer 400 naming documentIds, and nothing is written', async () => {
    const res = await bulk([own, ...Array.from({ length: 19999 }, (_, i) => `doc${i}`)]);
    expect(res.status).toBe(400);
    expect(res.body.error.details.param).toEqual(DOCUMENT_IDS);
    await unchanged();
  });

  it('a repeated id answers 400', async () => {
    const res = await bulk([own, own]);
    expect(res.status).toBe(400);
    expect(res.body.error.details.param).toEqual(DOCUMENT_IDS);
    await unchanged();
  });

  it('a non-string id answers 400', async () => {
    for (const ids of [[own, 42], [own, null], [own, { documentId: own }], own]) {
      const res = await bulk(ids);
      expect({ ids, status: res.status, param: res.body.error?.details?.param }).toEqual({
        ids,
        status: 400,
        param: DOCUMENT_IDS,
      });
    }
    await unchanged();
  });
});

describe('coverage: rows limited to the types the reader may read in the Content Manager', () => {
  const JOURNEY_TYPES = [
    'api::blog-post.blog-post',
    'api::case-study.case-study',
    EVENT,
    'api::guide.guide',
    LANDING,
    PRODUCT,
    WP,
  ];
  const rows = async (token: string, query: Record<string, string> = {}) => {
    const res = await app.request().get('/journey/coverage').query(query).set(as(token));
    expect(res.status).toBe(200);
    return res.body.data.rows.map((r: any) => r.uid).sort();
  };

  it('the super admin sees every journey type, never the single type or the opted-out one', async () => {
    expect(await rows(superToken)).toEqual(JOURNEY_TYPES);
    expect(await rows(superToken, { status: 'draft' })).toEqual(JOURNEY_TYPES);
  });

  it('a reader with coverage.read and Content Manager read on whitepapers only sees that row, also from a warm cache', async () => {
    await rows(superToken); // the cache is warm with every row
    expect(await rows(tokens.coverageReader)).toEqual([WP]);
    expect(await rows(tokens.coverageReader, { status: 'draft' })).toEqual([WP]);
    expect(await rows(superToken)).toEqual(JOURNEY_TYPES); // and the reader's view did not stick either
  });

  it('a reader without coverage.read gets 403', async () => {
    expect((await app.request().get('/journey/coverage').set(as(tokens.b))).status).toBe(403);
  });
});

describe("the plugin's RBAC actions (plugin/src/rbac.ts, the one list)", () => {
  /** The actions a route's `admin::hasPermissions` policy asks for; none for a route that only needs a session. */
  const actionsOf = (route: (typeof adminRoutes.routes)[number]): string[] =>
    route.config.policies.flatMap((p: unknown) =>
      typeof p === 'object' && p !== null && (p as any).name === 'admin::hasPermissions'
        ? (p as any).config.actions
        : []
    );
  const guarded = adminRoutes.routes.filter((r) => actionsOf(r).length > 0);

  it('are registered with Strapi exactly as listed, under Plugins → journey', () => {
    const registered = app.strapi
      .service('admin::permission')
      .actionProvider.values()
      .filter((a: any) => a.pluginName === 'journey')
      .map((a: any) => ({
        actionId: a.actionId,
        section: a.section,
        subCategory: a.subCategory,
        displayName: a.displayName,
      }));
    expect(registered).toEqual(
      JOURNEY_ACTION_DEFINITIONS.map((d) => ({
        actionId: `plugin::journey.${d.uid}`,
        section: 'plugins',
        subCategory: d.subCategory,
        displayName: d.displayName,
      }))
    );
    expect(registered.map((a: any) => a.actionId).sort()).toEqual(
      Object.values(JOURNEY_ACTIONS).sort()
    );
  });

  it('every admin route needs an admin session, and names only registered actions', () => {
    expect(adminRoutes.routes.length).toBeGreaterThan(0);
    for (const route of adminRoutes.routes) {
      expect([route.path, route.config.policies[0]]).toEqual([
        route.path,
        'admin::isAuthenticatedAdmin',
      ]);
      for (const action of actionsOf(route))
        expect([route.path, Object.values(JOURNEY_ACTIONS)]).toEqual([
          route.path,
          expect.arrayContaining([action]),
        ]);
    }
    // Reading (coverage, demand, previews, settings, rules) needs the read action, every
    // change the manage action: a marketing lead reads without being able to change.
    for (const route of guarded)
      expect([route.method, route.path, actionsOf(route)]).toEqual([
        route.method,
        route.path,
        [route.method === 'GET' ? JOURNEY_ACTIONS.readCoverage : JOURNEY_ACTIONS.manageSettings],
      ]);
    expect(new Set(guarded.flatMap(actionsOf))).toEqual(new Set(Object.values(JOURNEY_ACTIONS)));
  });

  it("a coverage reader passes every read route's policy and gets 403 from every manage route; no session gets 401", async () => {
    for (const route of guarded) {
      // Route params filled with a placeholder; a refused request never reaches the handler.
      const url = `/journey${route.path.replace(/:[a-zA-Z]+/g, 'x')}`;
      const method = route.method.toLowerCase() as 'get' | 'put' | 'post';
      const anonymous = await app.request()[method](url).send({});
      expect([route.method, url, anonymous.status]).toEqual([route.method, url, 401]);
      // Only reads are sent with the reader's token: its writes must stop at the policy (403).
      const manages = actionsOf(route).includes(JOURNEY_ACTIONS.manageSettings);
      if (manages) {
        const res = await app.request()[method](url).set(as(tokens.coverageReader)).send({});
        expect([route.method, url, res.status]).toEqual([route.method, url, 403]);
      } else {
        expect(route.method).toBe('GET');
        const res = await app.request().get(url).set(as(tokens.coverageReader));
        expect([route.method, url, [401, 403].includes(res.status)]).toEqual([
          route.method,
          url,
          false,
        ]);
      }
    }
  });
});
