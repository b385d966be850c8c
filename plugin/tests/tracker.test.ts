import { createVisitorTracker, memoryStorage, pageSignals } from '../src/tracker';

describe('tracker', () => {
  it('records only after consent, keeps the latest 50, moves a re-read to the end, forgets', async () => {
    let allowed = false;
    const storage = memoryStorage();
    const tracker = createVisitorTracker({ consent: () => allowed, storage, key: 'k' });
    const item = {
      documentId: 'a',
      journey: { stages: ['b2b:research'], audience: 'b2b' as const },
    };
    expect(await tracker.record(item)).toBe(false);
    expect(tracker.history()).toEqual([]);
    expect(storage.getItem('k')).toBeNull();
    allowed = true;
    for (let i = 0; i < 55; i++)
      await tracker.record({ documentId: `d${i}`, stages: ['b2c:awareness'], audience: 'b2c' });
    await tracker.record(item);
    await tracker.record({ documentId: 'd54', stages: ['b2c:awareness'], audience: 'b2c' });
    const h = tracker.history();
    expect(h).toHaveLength(50);
    expect(h.slice(-2).map((e) => e.documentId)).toEqual(['a', 'd54']);
    expect(h[0].documentId).toBe('d6');
    tracker.forget();
    expect(storage.getItem('k')).toBeNull();
    expect(tracker.history()).toEqual([]);
  });

  it('pageSignals reads UTM parameters, the landing path and the referrer', () => {
    expect(
      pageSignals({
        href: 'https://site.example/pricing/teams?utm_source=google&utm_campaign=pricing-q4&x=1',
        referrer: 'https://www.linkedin.com/',
      })
    ).toEqual({
      utm_source: 'google',
      utm_campaign: 'pricing-q4',
      landing: '/pricing/teams',
      referrer: 'https://www.linkedin.com/',
    });
    expect(pageSignals({})).toEqual({});
  });
});
