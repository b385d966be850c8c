import { previewUrlOf, visitorPreviewUrl } from '../../admin/src/utils/previewUrl';

describe('visitorPreviewUrl', () => {
  test('adds the visitor to the app’s preview URL and keeps its own parameters', () => {
    const url = new URL(
      visitorPreviewUrl(
        'https://site.example/preview?secret=s3&documentId=abc&status=draft',
        { stage: 'b2b:research', audience: 'b2b' },
        'http://127.0.0.1:1337'
      )
    );
    expect(url.origin + url.pathname).toBe('https://site.example/preview');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      secret: 's3',
      documentId: 'abc',
      status: 'draft',
      journeyStage: 'b2b:research',
      journeyAudience: 'b2b',
    });
  });

  test('replaces journey parameters the URL already carries, and keeps a hash', () => {
    const url = new URL(
      visitorPreviewUrl(
        'https://site.example/p?journeyStage=b2c:awareness#top',
        { stage: 'b2c:advocacy', audience: 'b2c' },
        'http://127.0.0.1:1337'
      )
    );
    expect(url.searchParams.getAll('journeyStage')).toEqual(['b2c:advocacy']);
    expect(url.hash).toBe('#top');
  });

  test('resolves a relative preview URL against the admin’s origin', () => {
    expect(
      visitorPreviewUrl(
        '/preview/post?id=1',
        { stage: 'b2b:selection', audience: 'b2b' },
        'http://cms.example'
      )
    ).toBe('http://cms.example/preview/post?id=1&journeyStage=b2b%3Aselection&journeyAudience=b2b');
  });
});

describe('previewUrlOf', () => {
  test('is the URL of a 200 answer', () => {
    expect(previewUrlOf({ data: { url: 'https://site.example/x' } })).toBe(
      'https://site.example/x'
    );
  });

  test('is null for a 204 (no body), an answer without url, or an empty url', () => {
    for (const body of [
      undefined,
      null,
      '',
      {},
      { data: {} },
      { data: { url: '' } },
      { data: { url: 3 } },
    ])
      expect(previewUrlOf(body)).toBeNull();
  });
});
