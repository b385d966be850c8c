import slugify from 'slugify';
import { PHASES, type PhaseKey } from './phases';
import { AUDIENCES, type Audience } from './audience';
import { DEFAULT_FORMAT_AFFINITY, type FormatAffinity } from './affinity';
import { PRESET_FRAMEWORKS, DEFAULT_FRAMEWORKS, type FrameworkDefinition } from './presets';
import type { TypeTargets } from './targets';

export interface Stage {
  /** `framework:key`, unique across the taxonomy. */
  id: string;
  framework: string;
  key: string;
  label: string;
  description: string;
  phase: PhaseKey;
  /** 1-based position within its framework. */
  order: number;
  target: number;
  /** A retired stage is no longer offered, but entries keep it until they are moved. */
  retired: boolean;
}

export interface Framework {
  key: string;
  label: string;
  audience: Audience;
  description: string;
  stages: Stage[];
}

export interface Taxonomy {
  phases: typeof PHASES;
  frameworks: Framework[];
  /** Every active stage, frameworks in order, stages in order. */
  stages: Stage[];
  /** Active and retired stages by id. */
  byId: Map<string, Stage>;
  audiences: typeof AUDIENCES;
  formatAffinity: FormatAffinity;
  /** Per content type targets and "not applicable" cells (targets.ts), config's and the settings page's. */
  typeTargets: TypeTargets;
}

/** Per-stage edits made in config or on the settings page. They never touch content. */
export interface StageOverride {
  label?: string;
  description?: string;
  target?: number;
  retired?: boolean;
}

export interface TaxonomyInput {
  frameworks?: FrameworkDefinition[];
  stageOverrides?: Record<string, StageOverride>;
  formatAffinity?: FormatAffinity;
  defaultTarget?: number;
  typeTargets?: TypeTargets;
}

export const stageKey = (label: string): string => slugify(label, { lower: true, strict: true });

export const stageId = (framework: string, key: string): string => `${framework}:${key}`;

export const buildTaxonomy = (input: TaxonomyInput = {}): Taxonomy => {
  const definitions = input.frameworks ?? DEFAULT_FRAMEWORKS.map((key) => PRESET_FRAMEWORKS[key]);
  const overrides = input.stageOverrides ?? {};
  const defaultTarget = input.defaultTarget ?? 1;
  const byId = new Map<string, Stage>();

  const frameworks = definitions.map((def): Framework => {
    const all = def.stages.map((s, index): Stage => {
      const key = s.key ?? stageKey(s.label);
      const id = stageId(def.key, key);
      const o = overrides[id] ?? {};
      return {
        id,
        framework: def.key,
        key,
        label: o.label ?? s.label,
        description: o.description ?? s.description ?? '',
        phase: s.phase,
        order: index + 1,
        target: o.target ?? s.target ?? defaultTarget,
        retired: o.retired ?? false,
      };
    });
    all.forEach((stage) => byId.set(stage.id, stage));
    return {
      key: def.key,
      label: def.label,
      audience: def.audience,
      description: def.description ?? '',
      stages: all.filter((s) => !s.retired),
    };
  });

  return {
    phases: PHASES,
    frameworks,
    stages: frameworks.flatMap((f) => f.stages),
    byId,
    audiences: AUDIENCES,
    formatAffinity: input.formatAffinity ?? DEFAULT_FORMAT_AFFINITY,
    typeTargets: input.typeTargets ?? {},
  };
};

/** The active stages a scope shows: an audience filter leaves out the other audience's frameworks. */
export const stagesForAudience = (taxonomy: Taxonomy, audience: string): Stage[] => {
  if (audience !== 'b2b' && audience !== 'b2c') return taxonomy.stages;
  const keep = new Set(
    taxonomy.frameworks
      .filter((f) => f.audience === audience || f.audience === 'both')
      .map((f) => f.key)
  );
  return taxonomy.stages.filter((s) => keep.has(s.framework));
};

export const activeStageIds = (taxonomy: Taxonomy): string[] => taxonomy.stages.map((s) => s.id);

/** Active stages whose phase is `phase`, in every framework. */
export const stagesInPhase = (taxonomy: Taxonomy, phase: PhaseKey): Stage[] =>
  taxonomy.stages.filter((s) => s.phase === phase);

/** The JSON shape of `GET /api/journey/stages` (SPEC §4). */
export const publicTaxonomy = (taxonomy: Taxonomy) => ({
  phases: taxonomy.phases.map((p, i) => ({ ...p, order: i + 1 })),
  frameworks: taxonomy.frameworks.map((f) => ({
    key: f.key,
    label: f.label,
    audience: f.audience,
    description: f.description,
    stages: f.stages.map(({ id, key, label, description, phase, order }) => ({
      id,
      key,
      label,
      description,
      phase,
      order,
    })),
  })),
  audiences: [...taxonomy.audiences],
});
