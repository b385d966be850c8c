import type { IntlShape } from 'react-intl';
import { PHASES, type PhaseKey } from '../../../plugin/src/phases';
import { PRESET_FRAMEWORKS } from '../../../plugin/src/presets';
import { buildTaxonomy } from '../../../plugin/src/taxonomy';
import { getTrad } from './getTrad';

type FormatMessage = IntlShape['formatMessage'];

export const phaseLabel = (formatMessage: FormatMessage, phase: PhaseKey | string) =>
  formatMessage({
    id: getTrad(`phase.${phase}`),
    defaultMessage: PHASES.find((p) => p.key === phase)?.label ?? phase,
  });

export const frameworkLabel = (formatMessage: FormatMessage, framework: string) =>
  formatMessage({
    id: getTrad(`framework.${framework}`),
    defaultMessage:
      (PRESET_FRAMEWORKS as Record<string, { label: string }>)[framework]?.label ?? framework,
  });

/** Short tag for a framework, shown next to stage labels that repeat across frameworks ("Consideration · B2B"). */
export const frameworkTag = (framework: string) => framework.toUpperCase();

export const audienceLabel = (formatMessage: FormatMessage, audience: string) =>
  formatMessage({
    id: getTrad(`audience.${audience}`),
    defaultMessage: audience === 'both' ? 'Both' : audience.toUpperCase(),
  });

export interface StageLike {
  id: string;
  label: string;
  framework: string;
}

export const stageText = (stage: StageLike) => `${stage.label} · ${frameworkTag(stage.framework)}`;

/**
 * Every preset stage as `{ value: id, label }`, for places that must name a stage before
 * the taxonomy has loaded (a list filter chip right after a reload). A label renamed on
 * the settings page shows once the taxonomy is there.
 */
export const presetStageOptions = (): Array<{ value: string; label: string }> =>
  buildTaxonomy({ frameworks: Object.values(PRESET_FRAMEWORKS) }).stages.map((s) => ({
    value: s.id,
    label: stageText(s),
  }));
