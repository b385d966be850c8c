/**
 * The five phases every framework maps onto (SPEC §2.1). Phases are the spine:
 * ranking widens from a stage to its phase and then to the neighbouring phases,
 * so their order is part of the contract.
 */
export const PHASES = [
  {
    key: 'awareness',
    label: 'Awareness',
    description: 'The visitor discovers a problem or need and starts gathering information.',
  },
  {
    key: 'consideration',
    label: 'Consideration',
    description: 'Evaluates solutions: research, comparison, reviews, peer advice.',
  },
  {
    key: 'decision',
    label: 'Decision',
    description: 'Chooses and buys: pricing, features, social proof, guarantees.',
  },
  {
    key: 'retention',
    label: 'Retention',
    description: 'After the purchase: follow-ups, support, education, offers.',
  },
  {
    key: 'advocacy',
    label: 'Advocacy',
    description: 'A loyal customer who recommends the brand.',
  },
] as const;

export type PhaseKey = (typeof PHASES)[number]['key'];

export const PHASE_KEYS: PhaseKey[] = PHASES.map((p) => p.key);

export const isPhase = (value: unknown): value is PhaseKey =>
  typeof value === 'string' && (PHASE_KEYS as string[]).includes(value);

export const phaseOrder = (phase: PhaseKey): number => PHASE_KEYS.indexOf(phase) + 1;

/** Neighbouring phases, the next one first: a visitor moves forward more often than back. */
export const adjacentPhases = (phase: PhaseKey): PhaseKey[] => {
  const i = PHASE_KEYS.indexOf(phase);
  const next = PHASE_KEYS[i + 1];
  const previous = PHASE_KEYS[i - 1];
  return [next, previous].filter((p): p is PhaseKey => p !== undefined);
};
