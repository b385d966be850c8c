import { PHASE_KEYS, type PhaseKey } from './phases';

/** SPEC §2.4 (seed 000): which formats usually serve which phase. Projects override it in config. */
export const DEFAULT_FORMAT_AFFINITY: Record<PhaseKey, string[]> = {
  awareness: ['blog-post', 'social-post', 'advertisement', 'infographic', 'podcast'],
  consideration: [
    'whitepaper',
    'e-book',
    'product-review',
    'tutorial-video',
    'webinar',
    'comparison-guide',
  ],
  decision: ['case-study', 'testimonial', 'success-story', 'pricing-page', 'demo', 'guarantee'],
  retention: [
    'onboarding-guide',
    'thank-you-email',
    'newsletter',
    'help-article',
    'exclusive-offer',
  ],
  advocacy: ['referral-program', 'review-request', 'community-story'],
};

export type FormatAffinity = Record<PhaseKey, string[]>;

/** The phases a format serves, in phase order. */
export const phasesOfFormat = (affinity: FormatAffinity, format: string | undefined): PhaseKey[] =>
  format ? PHASE_KEYS.filter((phase) => affinity[phase]?.includes(format)) : [];

/**
 * The phase to suggest for a new entry of this format: only when the format has
 * exactly one phase, because a suggestion that could be wrong half the time is noise.
 */
export const suggestedPhase = (
  affinity: FormatAffinity,
  format: string | undefined
): PhaseKey | null => {
  const phases = phasesOfFormat(affinity, format);
  return phases.length === 1 ? phases[0] : null;
};

export const formatSuitsPhase = (
  affinity: FormatAffinity,
  format: string | undefined,
  phase: PhaseKey
) => Boolean(format && affinity[phase]?.includes(format));
