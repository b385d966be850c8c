import { createEventsSender, answerEvent, SELF_REPORT_HEADERS } from '../src/client';

const beaconSpy = (accept = true) => {
  const sent: Array<{ url: string; events: any[] }> = [];
  const fn = (url: string, data: Blob | string) => {
    sent.push({ url, events: [] });
    const last = sent[sent.length - 1];
    if (typeof data === 'string') last.events = JSON.parse(data).events;
    else (last as any).blob = data;
    return accept;
  };
  return { fn, sent };
};

const blobEvents = async (b: any) => JSON.parse(await b.blob.text()).events;

describe('createEventsSender', () => {
  it('keeps nothing without consent, and starts when consent is given', () => {
    let consent = false;
    const beacon = beaconSpy();
    const s = createEventsSender({
      baseUrl: 'https://cms.test/',
      consent: () => consent,
      sendBeacon: beacon.fn,
      batchSize: 2,
    });
    s.view('a');
    expect(s.pending()).toBe(0);
    consent = true;
    s.view('b', { stage: 'b2b:research' });
    expect(s.pending()).toBe(1);
    s.dispose();
    expect(beacon.sent).toHaveLength(1);
  });

  it('sends full batches at once with sendBeacon, as text/plain JSON, to /api/journey/events', async () => {
    const beacon = beaconSpy();
    const s = createEventsSender({
      baseUrl: 'https://cms.test',
      consent: true,
      sendBeacon: beacon.fn,
      batchSize: 3,
      flushMs: 60_000,
    });
    s.view('a');
    s.click('a', { stage: 'b2b:research', visitorStage: 'b2b:problem-recognition' });
    expect(beacon.sent).toHaveLength(0);
    s.view('b');
    expect(beacon.sent).toHaveLength(1);
    expect(beacon.sent[0].url).toBe('https://cms.test/api/journey/events');
    expect((beacon.sent[0] as any).blob.type).toBe('text/plain');
    expect(await blobEvents(beacon.sent[0])).toEqual([
      { type: 'view', documentId: 'a' },
      {
        type: 'click',
        documentId: 'a',
        stage: 'b2b:research',
        visitorStage: 'b2b:problem-recognition',
      },
      { type: 'view', documentId: 'b' },
    ]);
    s.dispose();
  });

  it('caps a batch at 50 events and falls back to fetch(keepalive) when the beacon refuses', () => {
    const beacon = beaconSpy(false);
    const calls: any[] = [];
    const s = createEventsSender({
      baseUrl: '',
      consent: true,
      sendBeacon: beacon.fn,
      batchSize: 500,
      fetch: async (url, init) => calls.push({ url, init }),
    });
    for (let i = 0; i < 50; i += 1) s.view(`d${i}`);
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/api/journey/events');
    expect(calls[0].init).toMatchObject({ method: 'POST', keepalive: true, credentials: 'omit' });
    expect(JSON.parse(calls[0].init.body).events).toHaveLength(50);
    s.dispose();
  });

  it('sends a partial batch after flushMs', async () => {
    jest.useFakeTimers();
    const beacon = beaconSpy();
    const s = createEventsSender({
      baseUrl: '',
      consent: true,
      sendBeacon: beacon.fn,
      flushMs: 1000,
    });
    s.view('a');
    jest.advanceTimersByTime(999);
    expect(beacon.sent).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(beacon.sent).toHaveLength(1);
    jest.useRealTimers();
    s.dispose();
  });
});

describe('answerEvent', () => {
  it('reports the stage asked for and the outcome of a recommend answer', () => {
    const meta = {
      stage: 'b2b:research',
      phase: 'consideration',
      audience: 'b2b',
      locale: null,
      types: [],
      fallback: true,
      count: 2,
    } as any;
    expect(answerEvent({ meta })).toEqual({
      type: 'answer',
      stage: 'b2b:research',
      audience: 'b2b',
      outcome: 'widened',
    });
    expect(answerEvent({ meta: { ...meta, count: 0, locale: 'fr' } })).toEqual({
      type: 'answer',
      stage: 'b2b:research',
      audience: 'b2b',
      locale: 'fr',
      outcome: 'empty',
    });
    expect(answerEvent({ meta: { ...meta, fallback: false, audience: null } })).toEqual({
      type: 'answer',
      stage: 'b2b:research',
      outcome: 'exact',
    });
    expect(SELF_REPORT_HEADERS).toEqual({ 'X-Journey-Demand': 'client' });
  });
});
