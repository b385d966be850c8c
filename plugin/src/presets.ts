import type { PhaseKey } from './phases';
import type { Audience } from './audience';

export interface StageDefinition {
  label: string;
  phase: PhaseKey;
  /** Defaults to slugify(label). */
  key?: string;
  description?: string;
  /** How many entries a type should have at this stage before it is not a gap. */
  target?: number;
}

export interface FrameworkDefinition {
  key: string;
  label: string;
  /** The audience whose bare stage keys resolve into this framework; `both` for none in particular. */
  audience: Audience;
  description?: string;
  stages: StageDefinition[];
}

/** SPEC §2.2, from seed 001 (b2c, b2b) and seed 000 (classic). */
export const PRESET_FRAMEWORKS: Record<'b2c' | 'b2b' | 'classic', FrameworkDefinition> = {
  b2c: {
    key: 'b2c',
    label: 'Customer journey (B2C)',
    audience: 'b2c',
    description:
      'The whole customer experience, emotional and psychological, from awareness to advocacy.',
    stages: [
      {
        label: 'Awareness',
        phase: 'awareness',
        description: 'How customers first become aware of the brand.',
      },
      {
        label: 'Consideration',
        phase: 'consideration',
        description: 'What makes them consider the product or service.',
      },
      { label: 'Purchase', phase: 'decision', description: 'What drives them to buy.' },
      {
        label: 'Retention',
        phase: 'retention',
        description: 'Keeping the relationship and encouraging repeat purchases.',
      },
      {
        label: 'Advocacy',
        phase: 'advocacy',
        description: 'Turning customers into loyal promoters of the brand.',
      },
    ],
  },
  b2b: {
    key: 'b2b',
    label: 'Buyer journey (B2B)',
    audience: 'b2b',
    description: 'The logical, analytical decision-making process of corporate buyers.',
    stages: [
      {
        label: 'Problem Recognition',
        phase: 'awareness',
        description: 'Identifying the needs and problems the company faces.',
      },
      {
        label: 'Research',
        phase: 'consideration',
        description: 'Searching for information and the solutions on the market.',
      },
      {
        label: 'Consideration',
        phase: 'consideration',
        description: 'Evaluating options and comparing solutions.',
      },
      {
        label: 'Selection',
        phase: 'decision',
        description: 'Choosing the solution that best suits the needs.',
      },
      {
        label: 'Purchase',
        phase: 'decision',
        description: 'Negotiating and finalizing the purchase.',
      },
      {
        label: 'Post-Purchase',
        phase: 'retention',
        description: 'Implementing the solution and evaluating results.',
      },
    ],
  },
  classic: {
    key: 'classic',
    label: "Buyer's journey (classic)",
    audience: 'both',
    description: 'The pre-purchase journey: awareness, consideration, decision.',
    stages: [
      {
        label: 'Awareness',
        phase: 'awareness',
        description: 'The customer becomes aware of a problem or need.',
      },
      {
        label: 'Consideration',
        phase: 'consideration',
        description: 'The customer evaluates the options.',
      },
      {
        label: 'Decision',
        phase: 'decision',
        description: 'The customer makes the final choice and buys.',
      },
    ],
  },
};

export type PresetKey = keyof typeof PRESET_FRAMEWORKS;
export const PRESET_KEYS = Object.keys(PRESET_FRAMEWORKS) as PresetKey[];
export const DEFAULT_FRAMEWORKS: PresetKey[] = ['b2b', 'b2c'];
