import {
  DEFAULT_FORMAT_AFFINITY,
  PHASE_KEYS,
  phasesOfFormat,
  suggestedPhase,
  formatSuitsPhase,
  type FormatAffinity,
} from '../src';

describe('DEFAULT_FORMAT_AFFINITY (SPEC §2.4)', () => {
  it('covers the five phases', () => {
    expect(Object.keys(DEFAULT_FORMAT_AFFINITY).sort()).toEqual([...PHASE_KEYS].sort());
  });

  it.each([
    ['awareness', ['blog-post', 'social-post', 'advertisement', 'infographic', 'podcast']],
    [
      'consideration',
      ['whitepaper', 'e-book', 'product-review', 'tutorial-video', 'webinar', 'comparison-guide'],
    ],
    [
      'decision',
      ['case-study', 'testimonial', 'success-story', 'pricing-page', 'demo', 'guarantee'],
    ],
    [
      'retention',
      ['onboarding-guide', 'thank-you-email', 'newsletter', 'help-article', 'exclusive-offer'],
    ],
    ['advocacy', ['referral-program', 'review-request', 'community-story']],
  ] as const)('%s', (phase, formats) => {
    expect(DEFAULT_FORMAT_AFFINITY[phase]).toEqual(formats);
  });

  it('gives every default format exactly one phase', () => {
    for (const phase of PHASE_KEYS) {
      for (const f of DEFAULT_FORMAT_AFFINITY[phase])
        expect(phasesOfFormat(DEFAULT_FORMAT_AFFINITY, f)).toEqual([phase]);
    }
  });
});

const shared: FormatAffinity = {
  awareness: ['blog-post', 'video'],
  consideration: ['whitepaper'],
  decision: ['demo', 'video'],
  retention: [],
  advocacy: ['video'],
};

describe('phasesOfFormat', () => {
  it('lists the phases a format serves, in phase order', () => {
    expect(phasesOfFormat(shared, 'video')).toEqual(['awareness', 'decision', 'advocacy']);
    expect(phasesOfFormat(shared, 'demo')).toEqual(['decision']);
  });

  it('is empty for an unknown format, undefined or the empty string', () => {
    expect(phasesOfFormat(shared, 'podcast')).toEqual([]);
    expect(phasesOfFormat(shared, undefined)).toEqual([]);
    expect(phasesOfFormat(shared, '')).toEqual([]);
  });

  it('tolerates a table missing a phase', () => {
    expect(phasesOfFormat({ decision: ['demo'] } as unknown as FormatAffinity, 'demo')).toEqual([
      'decision',
    ]);
  });
});

describe('suggestedPhase', () => {
  it('is the one phase of a single-phase format', () => {
    expect(suggestedPhase(DEFAULT_FORMAT_AFFINITY, 'whitepaper')).toBe('consideration');
    expect(suggestedPhase(DEFAULT_FORMAT_AFFINITY, 'newsletter')).toBe('retention');
    expect(suggestedPhase(shared, 'demo')).toBe('decision');
  });

  it('is null when a format serves no phase', () => {
    expect(suggestedPhase(DEFAULT_FORMAT_AFFINITY, 'podcast-episode')).toBeNull();
    expect(suggestedPhase(DEFAULT_FORMAT_AFFINITY, undefined)).toBeNull();
  });

  it('is null when a format serves two or more phases', () => {
    expect(suggestedPhase({ ...shared, advocacy: [] }, 'video')).toBeNull();
    expect(suggestedPhase(shared, 'video')).toBeNull();
  });
});

describe('formatSuitsPhase', () => {
  it('is true only for a format listed under that phase', () => {
    expect(formatSuitsPhase(DEFAULT_FORMAT_AFFINITY, 'whitepaper', 'consideration')).toBe(true);
    expect(formatSuitsPhase(DEFAULT_FORMAT_AFFINITY, 'whitepaper', 'decision')).toBe(false);
    expect(formatSuitsPhase(DEFAULT_FORMAT_AFFINITY, undefined, 'decision')).toBe(false);
  });
});
