import { whyNotReasons, type EntryVersion, type WhyNotContext } from '../src/why-not';

const ctx: WhyNotContext = {
  stageIds: ['b2b:research', 'b2b:consideration', 'b2c:consideration', 'b2b:old'],
  audience: 'b2b',
  locale: 'en',
  typeName: 'Whitepaper',
  roleName: 'Public',
  findable: true,
  requestedType: true,
  excluded: false,
  limit: 3,
};
const v = (over: Partial<EntryVersion> = {}): EntryVersion => ({
  locale: 'en',
  published: true,
  audience: 'b2b',
  stages: [{ id: 'b2b:research', retired: false }],
  ...over,
});
const codes = (versions: EntryVersion[], over: Partial<WhyNotContext> = {}) =>
  whyNotReasons(versions, { ...ctx, ...over }).map((r) => r.code);

describe('whyNotReasons', () => {
  it('a matching published entry that was not served ranked below the limit', () => {
    expect(whyNotReasons([v({ published: false }), v()], ctx)).toEqual([
      { code: 'below-limit', message: 'ranked below the limit: 3 better matches filled the list' },
    ]);
  });

  it('excluded beats below-limit', () => {
    expect(codes([v()], { excluded: true })).toEqual(['excluded']);
  });

  it('draft only, in the visitor locale', () => {
    expect(codes([v({ published: false }), v({ locale: 'fr' })])).toEqual(['draft-only']);
    expect(whyNotReasons([v({ published: false })], ctx)[0].message).toBe(
      'draft only: never published in en'
    );
    expect(
      whyNotReasons([v({ published: false, locale: null })], { ...ctx, locale: undefined })[0]
        .message
    ).toBe('draft only: never published');
  });

  it('the published version is not tagged for the stage, the draft is', () => {
    expect(
      codes([v({ published: false }), v({ stages: [{ id: 'b2b:post-purchase', retired: false }] })])
    ).toEqual(['unpublished-change']);
  });

  it('other locale lists where it exists', () => {
    expect(
      whyNotReasons([v({ locale: 'fr' }), v({ locale: 'de', published: false })], ctx)
    ).toEqual([{ code: 'other-locale', message: 'not in en: exists only in fr, de' }]);
  });

  it('a non-localized type ignores the locale', () => {
    expect(codes([v({ locale: null })], { locale: undefined })).toEqual(['below-limit']);
  });

  it('the other audience; both serves either; no audience serves all', () => {
    expect(codes([v({ audience: 'b2c' })])).toEqual(['other-audience']);
    expect(codes([v({ audience: 'both' })])).toEqual(['below-limit']);
    expect(codes([v({ audience: 'b2c' })], { audience: null })).toEqual(['below-limit']);
  });

  it('only retired stages of the phase; one active stage is enough', () => {
    expect(codes([v({ stages: [{ id: 'b2b:old', retired: true }] })])).toEqual(['retired-stage']);
    expect(
      whyNotReasons([v({ stages: [{ id: 'b2b:old', retired: true }] })], ctx)[0].message
    ).toMatch(/b2b:old/);
    expect(
      codes([
        v({
          stages: [
            { id: 'b2b:old', retired: true },
            { id: 'b2b:consideration', retired: false },
          ],
        }),
      ])
    ).toEqual(['below-limit']);
  });

  it('type reasons come first and combine with entry reasons', () => {
    expect(codes([v({ audience: 'b2c' })], { findable: false })).toEqual([
      'type-not-readable',
      'other-audience',
    ]);
    expect(whyNotReasons([v()], { ...ctx, findable: false })[0].message).toBe(
      'Whitepaper entries are not readable by the Public role (find is not granted in Users & Permissions)'
    );
    expect(codes([v()], { requestedType: false })).toEqual(['type-not-requested']);
  });
});
