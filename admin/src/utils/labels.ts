import type { IntlShape } from 'react-intl';
import { PHASES, type PhaseKey } from '../../../plugin/src/phases';
import { PRESET_FRAMEWORKS } from '../../../plugin/src/presets';
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

/** `Post-Purchase` → `post-purchase`: how the taxonomy keys a preset stage that names no key. */
const keyOf = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Every preset stage as `{ value: id, label }`, for places that must name a stage before
 * the taxonomy has loaded (a list filter chip right after a reload). A label renamed on
 * the settings page shows once the taxonomy is there.
 */
export const presetStageOptions = (): Array<{ value: string; label: string }> =>
  Object.values(PRESET_FRAMEWORKS as Record<string, { key: string; stages: any[] }>).flatMap((f) =>
    f.stages.map((s: { key?: string; label: string }) => ({
      value: `${f.key}:${s.key ?? keyOf(s.label)}`,
      label: stageText({ id: '', label: s.label, framework: f.key }),
    }))
  );
