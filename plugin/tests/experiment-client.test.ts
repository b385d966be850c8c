import {
  answerEvent,
  createArmPicker,
  createEventsSender,
  createJourneyClient,
  memoryStorage,
  recommendQuery,
  DEFAULT_VISITOR_WEIGHTS,
  type PublishedExperiment,
} from '../src/client';
import { armFor } from '../src/experiments';

const published: PublishedExperiment[] = [
  {
    id: 'b2b-en',
    audience: 'b2b',
    locale: 'en',
    arms: [
      { id: 'journey', percent: 50 },
      { id: 'newest', percent: 50 },
    ],
  },
  {
    id: 'everyone',
    audience: 'any',
    locale: '*',
    arms: [
      { id: 'journey', percent: 80 },
      { id: 'picks', percent: 20 },
    ],
  },
];

/** A storage that records every write. */
const spyStorage = () => {
  const inner = memoryStorage();
  const writes: string[] = [];
  return {
    writes,
    getItem: (k: string) => inner.getItem(k),
    setItem: (k: string, v: string) => {
      writes.push(`${k}=${v}`);
      inner.setItem(k, v);
    },
    removeItem: (k: string) => inner.removeItem(k),
  };
};

describe('createArmPicker', () => {
  it('without consent writes nothing and keeps one bucket for the page view', async () => {
    const storage = spyStorage();
    const picker = createArmPicker({ consent: () => false, storage, random: () => 0.1234 });
    expect(await picker.bucket()).toBe(1234);
    const pick = await picker.armFor(published, { audience: 'b2b', locale: 'en' });
    expect(pick).toEqual({ experiment: 'b2b-en', arm: armFor(published[0], 1234) });
    expect(await picker.armFor(published, { audience: 'b2b', locale: 'en' })).toEqual(pick);
    expect(storage.writes).toEqual([]);
    // Another page view (a new picker) draws again.
    const next = createArmPicker({ consent: () => false, storage, random: () => 0.9 });
    expect(await next.bucket()).toBe(9000);
    expect(storage.writes).toEqual([]);
  });

  it('with consent stores the bucket once and reuses it on later page views', async () => {
    const storage = spyStorage();
    const first = createArmPicker({ consent: () => true, storage, random: () => 0.4321 });
    expect(await first.bucket()).toBe(4321);
    expect(storage.writes).toEqual(['journey:bucket=4321']);
    const later = createArmPicker({ consent: async () => true, storage, random: () => 0.9 });
    expect(await later.bucket()).toBe(4321);
    expect(await later.armFor(published, { audience: 'b2c' })).toEqual({
      experiment: 'everyone',
      arm: armFor(published[1], 4321),
    });
    expect(storage.writes).toHaveLength(1);
  });

  it('keeps the page’s bucket when consent comes during the page view', async () => {
    let consent = false;
    const storage = spyStorage();
    const picker = createArmPicker({
      consent: () => consent,
      storage,
      key: 'b',
      random: () => 0.5,
    });
    expect(await picker.bucket()).toBe(5000);
    consent = true;
    expect(await picker.bucket()).toBe(5000);
    expect(storage.getItem('b')).toBe('5000');
  });

  it('ignores a stored value that is not a bucket', async () => {
    const storage = memoryStorage();
    storage.setItem('journey:bucket', '12345');
    const picker = createArmPicker({ consent: () => true, storage, random: () => 0.25 });
    expect(await picker.bucket()).toBe(2500);
    expect(storage.getItem('journey:bucket')).toBe('2500');
  });

  it('forget erases the stored bucket', async () => {
    const storage = memoryStorage();
    const picker = createArmPicker({ consent: () => true, storage, random: () => 0.7 });
    await picker.bucket();
    expect(storage.getItem('journey:bucket')).toBe('7000');
    picker.forget();
    expect(storage.getItem('journey:bucket')).toBeNull();
  });

  it('answers null when no published experiment covers the scope, or it has stopped', async () => {
    const picker = createArmPicker({ consent: () => false, storage: memoryStorage() });
    expect(
      await picker.armFor(published.slice(0, 1), { audience: 'b2c', locale: 'en' })
    ).toBeNull();
    expect(await picker.armFor([], {})).toBeNull();
    const ended = [{ ...published[1], stopAt: '2000-01-01' }];
    expect(await picker.armFor(ended, {})).toBeNull();
  });

  it('needs a consent function', () => {
    expect(() => createArmPicker({} as any)).toThrow(/consent/);
  });
});

/** A fetch that answers each call with the next body and records the URLs. */
const fetchOf = (...bodies: unknown[]) => {
  const urls: string[] = [];
  const fn = async (url: string) => {
    urls.push(url);
    const body = bodies.shift();
    return { status: 200, headers: { get: () => null }, text: async () => JSON.stringify(body) };
  };
  return { fn, urls };
};

const META = {
  stage: 'b2b:research',
  phase: 'consideration',
  audience: 'b2b',
  locale: 'en',
  types: [],
  fallback: false,
  count: 0,
};

describe('client: experiments and arm=', () => {
  it('recommend URLs carry arm=<id>, and none without an arm', () => {
    expect(recommendQuery({ stage: 's', locale: 'en', arm: 'newest', limit: 3 })).toBe(
      'stage=s&limit=3&locale=en&arm=newest'
    );
    expect(recommendQuery({ stage: 's', arm: 'a b' })).toBe('stage=s&arm=a%20b');
    expect(recommendQuery({ stage: 's', arm: '' })).toBe('stage=s');
    const client = createJourneyClient({ baseUrl: 'https://cms.test', fetch: fetchOf().fn });
    expect(client.recommendUrl({ stage: 'b2b:research', arm: 'journey' })).toBe(
      'https://cms.test/api/journey/recommend?stage=b2b%3Aresearch&arm=journey'
    );
  });

  it('experiments() GETs /api/journey/experiments and returns its data', async () => {
    const f = fetchOf({ data: published });
    const client = createJourneyClient({ baseUrl: 'https://cms.test', fetch: f.fn });
    expect(await client.experiments()).toEqual(published);
    expect(f.urls).toEqual(['https://cms.test/api/journey/experiments']);
  });

  it('recommendForVisitor sends the arm in both modes', async () => {
    const stage = { id: 'b2b:research', key: 'research', label: 'Research', description: '' };
    const model = {
      data: {
        taxonomy: {
          phases: [],
          frameworks: [
            {
              key: 'b2b',
              label: 'B2B',
              audience: 'b2b',
              description: '',
              stages: [{ ...stage, phase: 'consideration', order: 1 }],
            },
          ],
          audiences: ['b2b', 'b2c', 'both'],
        },
        rules: [],
        weights: DEFAULT_VISITOR_WEIGHTS,
        defaultStage: 'b2b:research',
      },
    };
    const f = fetchOf({ data: [], meta: META }, model, { data: [], meta: META });
    const client = createJourneyClient({ baseUrl: 'https://cms.test', fetch: f.fn });
    await client.recommendForVisitor({ arm: 'newest', audience: 'b2b' });
    await client.recommendForVisitor({ mode: 'edge', arm: 'newest', stage: 'b2b:research' });
    expect(f.urls[0]).toMatch(/[?&]arm=newest(&|$)/);
    expect(f.urls[1]).toBe('https://cms.test/api/journey/visitor/model');
    expect(f.urls[2]).toMatch(/[?&]arm=newest(&|$)/);
  });
});

describe('events: experiment and arm', () => {
  it('views, clicks and answers carry experiment and arm as given', () => {
    const sent: any[] = [];
    const events = createEventsSender({
      baseUrl: 'https://cms.test',
      consent: true,
      sendBeacon: (_url, data) => {
        sent.push(...JSON.parse(data as string).events);
        return true;
      },
    });
    const pick = { experiment: 'b2b-en', arm: 'newest' };
    const RealBlob = globalThis.Blob;
    (globalThis as any).Blob = undefined; // send the body as a string, readable here
    try {
      events.view('doc1', { stage: 'b2b:research', ...pick });
      events.click('doc1', pick);
      events.answer({ meta: META as any }, pick);
      events.answer({ meta: META as any });
      events.flush();
    } finally {
      (globalThis as any).Blob = RealBlob;
      events.dispose();
    }
    expect(sent).toEqual([
      {
        type: 'view',
        documentId: 'doc1',
        stage: 'b2b:research',
        experiment: 'b2b-en',
        arm: 'newest',
      },
      { type: 'click', documentId: 'doc1', experiment: 'b2b-en', arm: 'newest' },
      {
        type: 'answer',
        stage: 'b2b:research',
        audience: 'b2b',
        locale: 'en',
        outcome: 'empty',
        experiment: 'b2b-en',
        arm: 'newest',
      },
      { type: 'answer', stage: 'b2b:research', audience: 'b2b', locale: 'en', outcome: 'empty' },
    ]);
    expect(answerEvent({ meta: META as any }, { arm: 'journey' })).not.toHaveProperty('experiment');
  });
});
