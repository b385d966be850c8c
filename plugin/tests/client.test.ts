import {
  createJourneyClient,
  recommendQuery,
  JourneyApiError,
  isJourneyApiError,
} from '../src/client';

/** A fetch that answers from a list and records what it was asked. */
const fakeFetch = (
  answers: Array<
    { status: number; body?: unknown; text?: string; headers?: Record<string, string> } | Error
  >
) => {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const fn = async (url: string, init: any = {}) => {
    calls.push({ url, headers: { ...init.headers } });
    const a = answers.shift();
    if (!a) throw new Error('no more answers');
    if (a instanceof Error) throw a;
    const headers = new Map(Object.entries(a.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      status: a.status,
      statusText: '',
      headers: { get: (k: string) => headers.get(k.toLowerCase()) ?? null },
      text: async () => a.text ?? (a.body === undefined ? '' : JSON.stringify(a.body)),
    };
  };
  return { fn, calls };
};

const OK = {
  data: [],
  meta: {
    stage: 'b2b:research',
    phase: 'consideration',
    audience: 'b2b',
    locale: null,
    types: [],
    fallback: true,
    count: 0,
  },
};

describe('recommendQuery', () => {
  it('sends only the given parameters, in a fixed order, in the forms the endpoint takes', () => {
    expect(recommendQuery({ stage: 'research' })).toBe('stage=research');
    expect(
      recommendQuery({
        populate: '*',
        fields: ['title', 'summary'],
        exclude: ['abc', 'def'],
        locale: 'fr',
        limit: 5,
        types: ['whitepapers', 'api::case-study.case-study'],
        audience: 'b2b',
        stage: 'b2b:research',
      })
    ).toBe(
      'stage=b2b%3Aresearch&audience=b2b&types=whitepapers,api%3A%3Acase-study.case-study&limit=5&locale=fr&exclude=abc,def&fields[0]=title&fields[1]=summary&populate=*'
    );
  });

  it('takes comma strings for the list parameters, and drops an empty exclude', () => {
    expect(
      recommendQuery({ stage: 's', types: 'a, b', exclude: '', fields: 'title,summary' })
    ).toBe('stage=s&types=a,b&fields[0]=title&fields[1]=summary');
    expect(recommendQuery({ stage: 's', exclude: [] })).toBe('stage=s');
  });

  it('writes populate objects in Strapi’s bracket form', () => {
    expect(
      recommendQuery({ stage: 's', populate: { cover: { fields: ['url'] }, author: true } })
    ).toBe('stage=s&populate[cover][fields][0]=url&populate[author]=true');
    expect(recommendQuery({ stage: 's', populate: ['cover', 'author'] })).toBe(
      'stage=s&populate[0]=cover&populate[1]=author'
    );
  });
});

describe('createJourneyClient', () => {
  it('builds URLs from baseUrl and prefix, and sends the token', async () => {
    const { fn, calls } = fakeFetch([
      { status: 200, body: OK },
      { status: 200, body: { data: {} } },
    ]);
    const client = createJourneyClient({ baseUrl: 'https://cms.test/', token: 'tok', fetch: fn });
    await client.recommend({ stage: 'research', audience: 'b2b' });
    await client.stages();
    expect(calls.map((c) => c.url)).toEqual([
      'https://cms.test/api/journey/recommend?stage=research&audience=b2b',
      'https://cms.test/api/journey/stages',
    ]);
    expect(calls[0].headers).toMatchObject({
      Authorization: 'Bearer tok',
      Accept: 'application/json',
    });
    expect(
      createJourneyClient({ baseUrl: '', prefix: '/v2/', fetch: fn }).recommendUrl({ stage: 'x' })
    ).toBe('/v2/journey/recommend?stage=x');
    expect(
      createJourneyClient({ baseUrl: 'http://h', prefix: '', fetch: fn }).recommendUrl({
        stage: 'x',
      })
    ).toBe('http://h/journey/recommend?stage=x');
  });

  it('asks a token function before every request, and sends no header without a token', async () => {
    const { fn, calls } = fakeFetch([
      { status: 200, body: OK },
      { status: 200, body: OK },
    ]);
    let n = 0;
    const client = createJourneyClient({
      baseUrl: 'http://h',
      fetch: fn,
      token: async () => (n++ ? `t${n}` : undefined),
    });
    await client.recommend({ stage: 's' });
    await client.recommend({ stage: 's' });
    expect(calls[0].headers.Authorization).toBeUndefined();
    expect(calls[1].headers.Authorization).toBe('Bearer t2');
  });

  it('throws JourneyApiError with Strapi’s error shape on a 4xx', async () => {
    const error = {
      status: 400,
      name: 'ValidationError',
      message: 'limit must be a whole number from 1 to 50; got "0"',
      details: { param: 'limit' },
    };
    const { fn } = fakeFetch([{ status: 400, body: { data: null, error } }]);
    const client = createJourneyClient({ baseUrl: 'http://h', fetch: fn });
    const e = await client.recommend({ stage: 's', limit: 0 }).catch((x) => x);
    expect(e).toBeInstanceOf(JourneyApiError);
    expect(e).toBeInstanceOf(Error);
    expect(isJourneyApiError(e)).toBe(true);
    expect(e).toMatchObject({
      status: 400,
      name: 'ValidationError',
      message: error.message,
      details: { param: 'limit' },
      param: 'limit',
      url: 'http://h/api/journey/recommend?stage=s&limit=0',
    });
    expect(e.toJSON()).toEqual(error);
    expect(isJourneyApiError(new Error('x'))).toBe(false);
  });

  it('turns a non-Strapi error body, a non-JSON 200 and a network failure into JourneyApiError', async () => {
    const boom = new TypeError('fetch failed');
    const { fn } = fakeFetch([
      { status: 502, text: '<html>Bad gateway</html>' },
      { status: 200, text: 'not json' },
      boom,
    ]);
    const client = createJourneyClient({ baseUrl: 'http://h', fetch: fn });
    await expect(client.stages()).rejects.toMatchObject({
      status: 502,
      name: 'HttpError',
      details: {},
      body: '<html>Bad gateway</html>',
    });
    await expect(client.stages()).rejects.toMatchObject({
      status: 200,
      name: 'HttpError',
      message: expect.stringMatching(/without a JSON body/),
    });
    const e = await client.stages().catch((x) => x);
    expect(e).toMatchObject({
      status: 0,
      name: 'NetworkError',
      message: expect.stringMatching(/fetch failed/),
    });
    expect(e.cause).toBe(boom);
  });

  it('lets an abort through as fetch’s own AbortError', async () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    const { fn } = fakeFetch([abort]);
    await expect(createJourneyClient({ baseUrl: 'http://h', fetch: fn }).stages()).rejects.toBe(
      abort
    );
  });

  it('with etag: sends If-None-Match and returns the cached body on 304, per URL', async () => {
    const { fn, calls } = fakeFetch([
      { status: 200, body: OK, headers: { ETag: '"v1"' } },
      { status: 304, headers: { ETag: '"v1"' } },
      { status: 200, body: OK, headers: { ETag: '"v2"' } },
      {
        status: 200,
        body: { ...OK, meta: { ...OK.meta, count: 0, fallback: false } },
        headers: { ETag: '"v3"' },
      },
    ]);
    const client = createJourneyClient({ baseUrl: 'http://h', fetch: fn, etag: true });
    const first = await client.recommend({ stage: 'research', audience: 'b2b' });
    const second = await client.recommend({ stage: 'research', audience: 'b2b' });
    expect(calls[1].headers['If-None-Match']).toBe('"v1"');
    expect(second).toEqual(first);
    expect(second).not.toBe(first); // a fresh copy: callers cannot corrupt the cache
    await client.recommend({ stage: 'selection', audience: 'b2b' });
    expect(calls[2].headers['If-None-Match']).toBeUndefined();
    const third = await client.recommend({ stage: 'research', audience: 'b2b' });
    expect(calls[3].headers['If-None-Match']).toBe('"v1"');
    expect(third.meta.fallback).toBe(false); // a 200 replaces the cached body
  });

  it('without etag, never sends If-None-Match', async () => {
    const { fn, calls } = fakeFetch([
      { status: 200, body: OK, headers: { ETag: '"v1"' } },
      { status: 200, body: OK, headers: { ETag: '"v1"' } },
    ]);
    const client = createJourneyClient({ baseUrl: 'http://h', fetch: fn });
    await client.recommend({ stage: 's' });
    await client.recommend({ stage: 's' });
    expect(calls[1].headers['If-None-Match']).toBeUndefined();
  });

  it('keeps at most etagCacheSize URLs, dropping the least recently used', async () => {
    const answers = Array.from({ length: 6 }, (_, i) => ({
      status: 200,
      body: OK,
      headers: { ETag: `"e${i}"` },
    }));
    const { fn, calls } = fakeFetch(answers);
    const client = createJourneyClient({
      baseUrl: 'http://h',
      fetch: fn,
      etag: true,
      etagCacheSize: 2,
    });
    await client.recommend({ stage: 'a' }); // e0
    await client.recommend({ stage: 'b' }); // e1
    await client.recommend({ stage: 'c' }); // e2, drops a
    await client.recommend({ stage: 'a' }); // not cached any more
    expect(calls[3].headers['If-None-Match']).toBeUndefined();
    await client.recommend({ stage: 'c' }); // still cached
    expect(calls[4].headers['If-None-Match']).toBe('"e2"');
    client.clearCache();
    await client.recommend({ stage: 'c' });
    expect(calls[5].headers['If-None-Match']).toBeUndefined();
  });

  it('the same URL asked with two tokens is cached separately', async () => {
    const { fn, calls } = fakeFetch([
      { status: 200, body: OK, headers: { ETag: '"a"' } },
      { status: 200, body: OK, headers: { ETag: '"b"' } },
    ]);
    let t = 'one';
    const client = createJourneyClient({
      baseUrl: 'http://h',
      fetch: fn,
      etag: true,
      token: () => t,
    });
    await client.recommend({ stage: 's' });
    t = 'two';
    await client.recommend({ stage: 's' });
    expect(calls[1].headers['If-None-Match']).toBeUndefined();
  });

  it('uses the global fetch, called as a plain function', async () => {
    const original = globalThis.fetch;
    const { fn, calls } = fakeFetch([{ status: 200, body: OK }]);
    (globalThis as any).fetch = function (this: unknown, ...args: [string, any]) {
      if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
      return fn(...args);
    };
    try {
      await createJourneyClient({ baseUrl: 'http://h' }).recommend({ stage: 's' });
      expect(calls).toHaveLength(1);
    } finally {
      globalThis.fetch = original;
    }
  });
});
