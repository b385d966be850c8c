import type { z } from 'zod';
import { JourneyInputError, listOf } from './errors';
import {
  VISITOR_CONFIG_KEYS,
  VisitorConfigInputSchema,
  WEIGHT_RANGES,
  type WeightKey,
} from './contracts/config';
import { PHASE_KEYS, isPhase, type PhaseKey } from './phases';
import { AUDIENCES, isAudience } from './audience';
import { DEFAULT_FORMAT_AFFINITY, type FormatAffinity } from './affinity';
import {
  PRESET_FRAMEWORKS,
  PRESET_KEYS,
  DEFAULT_FRAMEWORKS,
  type FrameworkDefinition,
} from './presets';
import { buildTaxonomy, stageKey, type StageOverride } from './taxonomy';
import { validateDemandConfig, type DemandConfig, type DemandConfigInput } from './demand-config';
import type { SignalRule } from './signals';
import { validateSignalRules } from './signal-rules';
import { validateTypeTargets, type TypeTargets } from './targets';
import { validateExperiments, type Experiment } from './experiments';
import { DEFAULT_VISITOR_WEIGHTS, type VisitorWeights } from './visitor';

/** What a project may write under `journey.config` in `config/plugins.ts`. */
export interface JourneyConfigInput {
  /** Preset keys (`b2b`, `b2c`, `classic`) and/or framework objects, in display order. */
  frameworks?: Array<string | FrameworkDefinition>;
  /** Per stage id: label, description, target, retired. */
  stages?: Record<string, StageOverride>;
  /** Replaces the format → phase affinity table, phase by phase. */
  formatAffinity?: Partial<Record<PhaseKey, string[]>>;
  /** Content-type uids that do not get journey tags. */
  exclude?: string[];
  /** Default target per stage for the coverage page. */
  defaultTarget?: number;
  /** Per content type: `{ [uid]: { [stage id]: number | "not-applicable" } }`; the settings page can edit them. */
  targets?: TypeTargets;
  /** Cache-Control header of the public endpoints. */
  cacheControl?: string;
  /** Minutes between checks that the coverage counts still match the tables (rows written with SQL); 0 = never. */
  countCheckMinutes?: number;
  /** Counting demand and accepting view / click events (see demand-config.ts). */
  demand?: DemandConfigInput;
  /** Visitor signals: rules (config's; the settings page adds its own), weights, the stage of a visitor with no evidence. */
  visitor?: { rules?: unknown[]; weights?: Partial<VisitorWeights>; defaultStage?: string };
  /** A/B experiments on the recommend answer (experiments.ts); the settings page adds its own. */
  experiments?: unknown[];
}

export interface VisitorConfig {
  rules: SignalRule[];
  weights: VisitorWeights;
  defaultStage: string | null;
}

export interface JourneyConfig {
  frameworks: FrameworkDefinition[];
  stages: Record<string, StageOverride>;
  formatAffinity: FormatAffinity;
  exclude: string[];
  defaultTarget: number;
  targets: TypeTargets;
  cacheControl: string;
  countCheckMinutes: number;
  demand: DemandConfig;
  visitor: VisitorConfig;
  experiments: Experiment[];
}

export const DEFAULT_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

const fail = (key: string, message: string, allowed?: readonly string[]): never => {
  throw new JourneyInputError(
    key,
    `journey plugin config: ${key} ${message}`,
    allowed ? [...allowed] : undefined
  );
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const checkTarget = (key: string, value: unknown) => {
  if (
    value !== undefined &&
    !(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 100000)
  ) {
    fail(key, `must be a whole number from 0 to 100000; got ${JSON.stringify(value)}`);
  }
};

const checkString = (key: string, value: unknown, required: boolean) => {
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || value.trim() === '')
    fail(key, `must be a non-empty string; got ${JSON.stringify(value)}`);
};

const validateFramework = (raw: unknown, key: string): FrameworkDefinition => {
  if (typeof raw === 'string') {
    if (!(PRESET_KEYS as string[]).includes(raw))
      fail(
        key,
        `"${raw}" is not a preset: use one of ${listOf(PRESET_KEYS)} or a framework object`,
        PRESET_KEYS
      );
    return PRESET_FRAMEWORKS[raw as keyof typeof PRESET_FRAMEWORKS];
  }
  if (!isPlainObject(raw))
    return fail(
      key,
      `must be a preset key (${listOf(PRESET_KEYS)}) or a framework object`,
      PRESET_KEYS
    );
  checkString(`${key}.key`, raw.key, true);
  if (stageKey(raw.key as string) !== raw.key)
    fail(`${key}.key`, `must be a slug (lower case letters, digits, dashes); got "${raw.key}"`);
  checkString(`${key}.label`, raw.label, true);
  if (raw.audience !== undefined && !isAudience(raw.audience))
    fail(`${key}.audience`, `must be one of ${listOf(AUDIENCES)}`, AUDIENCES);
  if (!Array.isArray(raw.stages) || raw.stages.length === 0)
    return fail(`${key}.stages`, 'must be a non-empty array of { label, phase }');
  const seen = new Set<string>();
  const stages = (raw.stages as unknown[]).map((s, i) => {
    const sk = `${key}.stages[${i}]`;
    if (!isPlainObject(s))
      return fail(sk, 'must be an object { label, phase, key?, description?, target? }');
    checkString(`${sk}.label`, s.label, true);
    if (!isPhase(s.phase))
      fail(
        `${sk}.phase`,
        `must be one of ${listOf(PHASE_KEYS)}; got ${JSON.stringify(s.phase)}`,
        PHASE_KEYS
      );
    checkString(`${sk}.key`, s.key, false);
    checkString(`${sk}.description`, s.description, false);
    checkTarget(`${sk}.target`, s.target);
    const k = (s.key as string | undefined) ?? stageKey(s.label as string);
    if (k === '' || stageKey(k) !== k)
      fail(
        `${sk}.key`,
        `must be a non-empty slug (lower case letters, digits, dashes); got "${k}"`
      );
    if (seen.has(k)) fail(sk, `repeats the stage key "${k}" within framework "${raw.key}"`);
    seen.add(k);
    return {
      label: s.label as string,
      phase: s.phase as PhaseKey,
      key: k,
      description: s.description as string | undefined,
      target: s.target as number | undefined,
    };
  });
  return {
    key: raw.key as string,
    label: raw.label as string,
    audience: (raw.audience as FrameworkDefinition['audience']) ?? 'both',
    description: raw.description as string | undefined,
    stages,
  };
};

/**
 * Validates and normalises the plugin config. Throws one JourneyInputError whose
 * message names the offending key and what is allowed; Strapi turns it into a
 * failed boot, which is what a project wants from a typo in config/plugins.ts.
 */
export const validateConfig = (raw: unknown = {}): JourneyConfig => {
  if (!isPlainObject(raw)) return fail('(root)', 'must be an object');
  const known = [
    'frameworks',
    'stages',
    'formatAffinity',
    'exclude',
    'defaultTarget',
    'targets',
    'cacheControl',
    'countCheckMinutes',
    'demand',
    'visitor',
    'experiments',
  ];
  for (const k of Object.keys(raw))
    if (!known.includes(k)) fail(k, `is not an option: use one of ${listOf(known)}`, known);

  const rawFrameworks = raw.frameworks ?? DEFAULT_FRAMEWORKS;
  if (!Array.isArray(rawFrameworks) || rawFrameworks.length === 0)
    return fail(
      'frameworks',
      `must be a non-empty array of ${listOf(PRESET_KEYS)} or framework objects`,
      PRESET_KEYS
    );
  const frameworks = rawFrameworks.map((f, i) => validateFramework(f, `frameworks[${i}]`));
  const keys = new Set<string>();
  frameworks.forEach((f, i) => {
    if (keys.has(f.key)) fail(`frameworks[${i}]`, `repeats the framework "${f.key}"`);
    keys.add(f.key);
  });

  const defaultTarget = raw.defaultTarget ?? 1;
  checkTarget('defaultTarget', defaultTarget);

  const stages = (raw.stages ?? {}) as Record<string, StageOverride>;
  if (!isPlainObject(stages)) fail('stages', 'must be an object keyed by stage id');
  const ids = buildTaxonomy({ frameworks }).stages.map((s) => s.id);
  for (const [id, o] of Object.entries(stages)) {
    if (!ids.includes(id))
      fail(`stages["${id}"]`, `is not a stage id: use one of ${listOf(ids)}`, ids);
    if (!isPlainObject(o))
      fail(`stages["${id}"]`, 'must be an object { label?, description?, target?, retired? }');
    checkString(`stages["${id}"].label`, o.label, false);
    if (o.description !== undefined && typeof o.description !== 'string')
      fail(`stages["${id}"].description`, 'must be a string');
    checkTarget(`stages["${id}"].target`, o.target);
    if (o.retired !== undefined && typeof o.retired !== 'boolean')
      fail(`stages["${id}"].retired`, 'must be true or false');
  }

  const targets = validateTypeTargets(raw.targets ?? {}, {
    key: 'targets',
    stageIds: ids,
    prefix: 'journey plugin config: ',
  }) as TypeTargets;

  const formatAffinity = { ...DEFAULT_FORMAT_AFFINITY };
  if (raw.formatAffinity !== undefined) {
    if (!isPlainObject(raw.formatAffinity))
      fail(
        'formatAffinity',
        `must be an object keyed by phase (${listOf(PHASE_KEYS)})`,
        PHASE_KEYS
      );
    for (const [phase, formats] of Object.entries(raw.formatAffinity as object)) {
      if (!isPhase(phase))
        fail(
          `formatAffinity.${phase}`,
          `is not a phase: use one of ${listOf(PHASE_KEYS)}`,
          PHASE_KEYS
        );
      if (!Array.isArray(formats) || formats.some((f) => typeof f !== 'string'))
        fail(`formatAffinity.${phase}`, 'must be an array of format names');
      formatAffinity[phase as PhaseKey] = formats as string[];
    }
  }

  const exclude = raw.exclude ?? [];
  if (
    !Array.isArray(exclude) ||
    exclude.some((u) => typeof u !== 'string' || !/^api::[\w-]+\.[\w-]+$/.test(u))
  ) {
    fail('exclude', 'must be an array of content-type uids like "api::legal-page.legal-page"');
  }
  const cacheControl = raw.cacheControl ?? DEFAULT_CACHE_CONTROL;
  checkString('cacheControl', cacheControl, true);
  const countCheckMinutes = (raw.countCheckMinutes ?? 10) as number;
  if (!Number.isInteger(countCheckMinutes) || countCheckMinutes < 0 || countCheckMinutes > 1440)
    fail(
      'countCheckMinutes',
      `must be a whole number of minutes from 0 (never) to 1440; got ${JSON.stringify(countCheckMinutes)}`
    );

  const visitor = validateVisitorConfig(
    raw.visitor,
    buildTaxonomy({ frameworks, stageOverrides: stages }).stages.map((s) => s.id)
  );

  return {
    frameworks,
    stages,
    formatAffinity,
    exclude: exclude as string[],
    defaultTarget: defaultTarget as number,
    targets,
    cacheControl: cacheControl as string,
    countCheckMinutes: countCheckMinutes as number,
    demand: validateDemandConfig(raw.demand),
    visitor,
    experiments: validateExperiments(raw.experiments ?? [], {
      key: 'experiments',
      stageIds: ids,
      prefix: 'journey plugin config: ',
    }),
  };
};

/** The key an issue is about: the field, or the first unknown key. */
const issueKey = (issue: z.core.$ZodIssue): string =>
  issue.code === 'unrecognized_keys' ? issue.keys[0] : String(issue.path[0]);

/** The issue about the key written first: a hand check went through the keys in that order. */
const firstWritten = (issues: z.core.$ZodIssue[], raw: object): z.core.$ZodIssue => {
  const order = Object.keys(raw);
  const pos = (i: z.core.$ZodIssue) => order.indexOf(issueKey(i));
  return issues.reduce((a, b) => (pos(b) < pos(a) ? b : a));
};

/** `visitor: { rules, weights, defaultStage }`: rules and defaultStage checked against the active stage ids. */
export const validateVisitorConfig = (raw: unknown, stageIds: string[]): VisitorConfig => {
  if (raw === undefined)
    return { rules: [], weights: { ...DEFAULT_VISITOR_WEIGHTS }, defaultStage: null };
  if (!isPlainObject(raw))
    return fail('visitor', 'must be an object { rules?, weights?, defaultStage? }');
  const known = VISITOR_CONFIG_KEYS;
  const result = VisitorConfigInputSchema.safeParse(raw);
  const issues = result.success ? [] : result.error.issues;
  // Unknown keys first, then the rules, the weights, the default stage.
  const unknown = issues.find((i) => i.code === 'unrecognized_keys' && i.path.length === 0);
  if (unknown)
    fail(`visitor.${issueKey(unknown)}`, `is not an option: use one of ${listOf(known)}`, known);
  const rules = validateSignalRules(
    raw.rules ?? [],
    stageIds,
    'visitor.rules',
    'journey plugin config: '
  );
  const names = Object.keys(WEIGHT_RANGES);
  const weightIssues = issues.filter((i) => i.path[0] === 'weights');
  if (weightIssues.length) {
    if (!isPlainObject(raw.weights))
      fail('visitor.weights', `must be an object with ${listOf(names)}`);
    const weightsRaw = raw.weights as Record<string, unknown>;
    const k = issueKey(
      firstWritten(
        weightIssues.map((i) => ({ ...i, path: i.path.slice(1) }) as z.core.$ZodIssue),
        weightsRaw
      )
    );
    if (!(k in WEIGHT_RANGES))
      fail(`visitor.weights.${k}`, `is not a weight: use ${listOf(names)}`, names);
    const range = WEIGHT_RANGES[k as WeightKey];
    fail(
      `visitor.weights.${k}`,
      `must be a number from ${range[0]} to ${range[1]}; got ${JSON.stringify(weightsRaw[k])}`
    );
  }
  const defaultStage = raw.defaultStage ?? null;
  if (
    defaultStage !== null &&
    (typeof defaultStage !== 'string' || !stageIds.includes(defaultStage))
  )
    fail('visitor.defaultStage', `must be a stage id: ${listOf(stageIds)}`, stageIds);
  const parsed = result.data!;
  return {
    rules,
    weights: { ...DEFAULT_VISITOR_WEIGHTS, ...parsed.weights },
    defaultStage: parsed.defaultStage ?? null,
  };
};
