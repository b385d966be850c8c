/**
 * The typed client (plugin/src/client.ts) against the real example app, over real
 * HTTP (the app listens on an ephemeral port) with Node's global fetch: the query
 * strings it builds are the ones the endpoint takes, its types describe the
 * answers, errors arrive as JourneyApiError, and ETag reuse turns into 304s.
 */
import path from 'path';
import fs from 'fs';
import type { AddressInfo } from 'net';
import {
  startApp,
  grantPublic,
  createEntry,
  ensureLocale,
  type TestApp,
  namedEntries,
} from './helpers/strapi';
import {
  createJourneyClient,
  JourneyApiError,
  isJourneyApiError,
  type RecommendItem,
  type RecommendResponse,
  type JourneyStagesResponse,
} from '../../plugin/src/client';

interface Post {
  title: string;
  summary?: string | null;
  locale?: string;
}

let app: TestApp;
let baseUrl: string;
const ids: Record<string, string> = {};

/** A fetch that records the URL, request headers and status of every exchange. */
const recordingFetch = () => {
  const log: Array<{ url: string; status: number; ifNoneMatch?: string }> = [];
  const fetchFn = async (url: string, init: any) => {
    const res = await fetch(url, init);
    log.push({ url, status: res.status, ifNoneMatch: init?.headers?.['If-None-Match'] });
    return res;
  };
  return { log, fetchFn };
};

const caught = async (p: Promise<unknown>): Promise<JourneyApiError> => {
  try {
    await p;
  } catch (e) {
    return e as JourneyApiError;
  }
  throw new Error('expected a rejection');
};

beforeAll(async () => {
  app = await startApp();
  await ensureLocale(app, 'fr');
  await grantPublic(app, [
    'plugin::journey.recommend.find',
    'plugin::journey.stage.find',
    'api::whitepaper.whitepaper.find',
    'api::blog-post.blog-post.find',
  ]);
  const add = namedEntries(app, ids);
  await add('W_research', 'whitepaper', ['b2b:research'], 'b2b');
  await add('W_research_2', 'whitepaper', ['b2b:research'], 'both');
  await add('B_research', 'blog-post', ['b2b:research'], 'b2b');
  await add('B_fr', 'blog-post', ['b2b:research'], 'b2b', { locale: 'fr' });
  await add('C_purchase', 'case-study', ['b2c:purchase'], 'b2c');
  await add('B_purchase', 'blog-post', ['b2c:purchase'], 'b2c');

  const server = app.strapi.server.httpServer;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => app?.stop());

describe('stages()', () => {
  it('returns the taxonomy, typed', async () => {
    const client = createJourneyClient({ baseUrl });
    const res: JourneyStagesResponse = await client.stages();
    expect(res.data.phases.map((p) => p.key)).toEqual([
      'awareness',
      'consideration',
      'decision',
      'retention',
      'advocacy',
    ]);
    const b2b = res.data.frameworks.find((f) => f.key === 'b2b')!;
    expect(b2b.audience).toBe('b2b');
    expect(b2b.stages[1]).toMatchObject({
      id: 'b2b:research',
      key: 'research',
      phase: 'consideration',
      order: 2,
    });
    expect(res.data.audiences).toEqual(['b2b', 'b2c', 'both']);
  });
});

describe('recommend()', () => {
  it('returns typed, ranked items and meta', async () => {
    const client = createJourneyClient({ baseUrl });
    const res: RecommendResponse<Post> = await client.recommend<Post>({
      stage: 'research',
      audience: 'b2b',
    });
    const first: RecommendItem<Post> = res.data[0];
    expect(first.title).toBe('W_research');
    expect(first.contentType).toBe('api::whitepaper.whitepaper');
    expect(first.journey).toEqual({
      title: 'W_research',
      stages: ['b2b:research'],
      audience: 'b2b',
      match: 'exact',
      reason: 'tagged Research (B2B), for B2B; whitepaper suits consideration',
    });
    expect(res.data.map((d) => d.title)).toEqual(['W_research', 'B_research', 'W_research_2']);
    expect(res.meta).toMatchObject({
      stage: 'b2b:research',
      phase: 'consideration',
      audience: 'b2b',
      locale: null,
      fallback: false,
      count: 3,
    });
  });

  it('sends types and exclude as comma lists, fields as fields[0]=…, and the endpoint takes them', async () => {
    const { log, fetchFn } = recordingFetch();
    const client = createJourneyClient({ baseUrl, fetch: fetchFn });
    const res = await client.recommend<Post>({
      stage: 'b2b:research',
      audience: 'b2b',
      types: ['whitepapers', 'api::blog-post.blog-post'],
      exclude: [ids.W_research],
      fields: ['title', 'summary'],
      limit: 10,
    });
    expect(log[0].url).toBe(
      `${baseUrl}/api/journey/recommend?stage=b2b%3Aresearch&audience=b2b&types=whitepapers,api%3A%3Ablog-post.blog-post&limit=10&exclude=${ids.W_research}&fields[0]=title&fields[1]=summary`
    );
    expect(res.data.map((d) => d.title)).toEqual(['B_research', 'W_research_2']);
    expect(Object.keys(res.data[0]).sort()).toEqual([
      'contentType',
      'documentId',
      'id',
      'journey',
      'publishedAt',
      'summary',
      'title',
    ]);
    expect(res.meta.types).toEqual(['api::whitepaper.whitepaper', 'api::blog-post.blog-post']);
  });

  it('passes locale and the populate object form through', async () => {
    const client = createJourneyClient({ baseUrl });
    const fr = await client.recommend<Post>({
      stage: 'research',
      audience: 'b2b',
      locale: 'fr',
      types: 'blog-posts',
      populate: { localizations: { fields: ['title'] } },
    });
    expect(fr.data.map((d) => [d.title, d.locale])).toEqual([['B_fr', 'fr']]);
    expect(fr.data[0]).toHaveProperty('localizations');
    expect(fr.meta.locale).toBe('fr');
    const star = await client.recommend({
      stage: 'research',
      audience: 'b2b',
      types: ['blog-posts'],
      populate: '*',
    });
    expect(star.data[0]).toHaveProperty('localizations');
  });

  it('widens to adjacent phases when the stage has too few entries (meta.fallback)', async () => {
    const res = await createJourneyClient({ baseUrl }).recommend<Post>({
      stage: 'purchase',
      audience: 'b2c',
    });
    // case-study.find is not granted to Public: C_purchase is not served; the b2c/both research whitepaper is one phase back.
    expect(res.data.map((d) => [d.title, d.journey.match])).toEqual([
      ['B_purchase', 'exact'],
      ['W_research_2', 'adjacent'],
    ]);
    expect(res.meta).toMatchObject({
      stage: 'b2c:purchase',
      phase: 'decision',
      fallback: true,
      count: 2,
    });
  });
});

describe('errors', () => {
  it('a bad parameter rejects with JourneyApiError in Strapi’s shape', async () => {
    const client = createJourneyClient({ baseUrl });
    const e = await caught(client.recommend({ stage: 'nope', audience: 'b2b' }));
    expect(e).toBeInstanceOf(JourneyApiError);
    expect(isJourneyApiError(e)).toBe(true);
    expect(e).toMatchObject({ status: 400, name: 'ValidationError', param: 'stage' });
    expect(e.message).toMatch(/stage "nope" is not a stage for audience b2b/);
    expect(e.allowed).toEqual(expect.arrayContaining(['research', 'b2b:research']));
    expect(e.url).toBe(`${baseUrl}/api/journey/recommend?stage=nope&audience=b2b`);
    expect(e.body).toEqual({ data: null, error: e.toJSON() });

    const limit = await caught(client.recommend({ stage: 'research', limit: 51 }));
    expect(limit).toMatchObject({
      status: 400,
      name: 'ValidationError',
      details: { param: 'limit' },
    });
  });

  it('a type the role may not read: 403 ForbiddenError naming what it may read', async () => {
    const e = await caught(
      createJourneyClient({ baseUrl }).recommend({ stage: 'research', types: ['case-studies'] })
    );
    expect(e).toMatchObject({
      status: 403,
      name: 'ForbiddenError',
      details: { param: 'types', allowed: ['blog-posts', 'whitepapers'] },
    });
  });

  it('an invalid token: 401 UnauthorizedError; no server: NetworkError', async () => {
    const e = await caught(createJourneyClient({ baseUrl, token: 'not-a-token' }).stages());
    expect(e).toMatchObject({ status: 401, name: 'UnauthorizedError' });
    const down = await caught(createJourneyClient({ baseUrl: 'http://127.0.0.1:9' }).stages());
    expect(down).toMatchObject({ status: 0, name: 'NetworkError' });
    expect(down.cause).toBeDefined();
  });
});

describe('token', () => {
  it('an API token reaches what the Public role may not', async () => {
    const tokens =
      app.strapi.admin.services['api-token-content-api'] ?? app.strapi.admin.services['api-token'];
    const { accessKey } = await tokens.create({
      name: `client-test-${Date.now()}`,
      kind: 'content-api',
      type: 'custom',
      lifespan: null,
      permissions: ['plugin::journey.recommend.find', 'api::case-study.case-study.find'],
    });
    const client = createJourneyClient({ baseUrl, token: () => accessKey });
    const res = await client.recommend<Post>({ stage: 'purchase', audience: 'b2c' });
    expect(res.data.map((d) => d.title)).toEqual(['C_purchase']);
    expect(res.meta.types).toEqual(['api::case-study.case-study']);
  });
});

describe('ETag reuse', () => {
  it('sends If-None-Match, gets a 304 and returns the cached body; a change gives a 200', async () => {
    const { log, fetchFn } = recordingFetch();
    const client = createJourneyClient({ baseUrl, fetch: fetchFn, etag: true });
    const params = { stage: 'research', audience: 'b2b' as const, types: 'whitepapers' };
    const first = await client.recommend<Post>(params);
    const second = await client.recommend<Post>(params);
    expect(log.map((l) => l.status)).toEqual([200, 304]);
    expect(log[1].ifNoneMatch).toMatch(/^"[\w-]+"$/);
    expect(second).toEqual(first);

    await createEntry(app, 'whitepaper', {
      title: 'W_new',
      stages: ['b2b:research'],
      audience: 'b2b',
      publish: true,
    });
    const third = await client.recommend<Post>(params);
    expect(log.map((l) => l.status)).toEqual([200, 304, 200]);
    expect(third.data[0].title).toBe('W_new');
    const fourth = await client.recommend<Post>(params);
    expect(log[3]).toMatchObject({ status: 304 });
    expect(fourth).toEqual(third);
  });

  it('is off by default', async () => {
    const { log, fetchFn } = recordingFetch();
    const client = createJourneyClient({ baseUrl, fetch: fetchFn });
    await client.recommend({ stage: 'research' });
    await client.recommend({ stage: 'research' });
    expect(log.map((l) => [l.status, l.ifNoneMatch])).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
  });
});

describe('the built package (dist/client)', () => {
  const built = path.resolve(__dirname, '../../dist/client/index.js');

  it('exists, imports nothing, and works the same (CommonJS build)', async () => {
    if (!fs.existsSync(built))
      throw new Error('dist/client/index.js is missing: run `npx strapi-plugin build` first');
    const source =
      fs.readFileSync(built, 'utf8') + fs.readFileSync(built.replace(/\.js$/, '.mjs'), 'utf8');
    expect(source).not.toMatch(/require\(|^import\s/m);

    const pkg = require(built);
    const res = await pkg
      .createJourneyClient({ baseUrl })
      .recommend({ stage: 'research', audience: 'b2b', fields: ['title'] });
    expect(res.data[0].title).toBe('W_new');
    const e = await caught(pkg.createJourneyClient({ baseUrl }).recommend({ stage: 'nope' }));
    expect(e).toBeInstanceOf(pkg.JourneyApiError);
    expect(isJourneyApiError(e)).toBe(true); // the brand works across copies of the module
  });
});
