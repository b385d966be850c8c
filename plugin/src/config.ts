import { z } from 'zod';
import { JourneyInputError, listOf } from './errors';
import {
  CONFIG_KEYS,
  ContentTypeUidSchema,
  FrameworkInputSchema,
  FrameworkStageInputSchema,
  JourneyConfigInputSchema,
  NonEmptyTextSchema,
  PresetKeySchema,
  StageOverrideInputSchema,
  TargetSchema,
  VISITOR_CONFIG_KEYS,
  VisitorConfigInputSchema,
  WEIGHT_RANGES,
  type WeightKey,
} from './contracts/config';
import { PHASE_KEYS } from './phases';
import { AUDIENCES } from './audience';
import { DEFAULT_FORMAT_AFFINITY, type FormatAffinity } from './affinity';
import {
  PRESET_FRAMEWORKS,
  PRESET_KEYS,
  DEFAULT_FRAMEWORKS,
  type FrameworkDefinition,
} from './presets';
import { buildTaxonomy, stageKey, type StageOverride } from './taxonomy';
import { validateDemandConfig, type DemandConfig } from './demand-config';
import type { SignalRule } from './signals';
import { validateSignalRules } from './signal-rules';
import { validateTypeTargets, type TypeTargets } from './targets';
import { validateExperiments, type Experiment } from './experiments';
import { DEFAULT_VISITOR_WEIGHTS, type VisitorWeights } from './visitor';

/** What a project may write under `journey.config` in `config/plugins.ts` (contracts/config.ts). */
export type JourneyConfigInput = z.input<typeof JourneyConfigInputSchema>;

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

/** The value at `path` in `raw`, or undefined. */
const at = (raw: unknown, path: PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (isPlainObject(v) || Array.isArray(v) ? (v as never)[k] : undefined),
    raw
  );

/** Parses `value` with `schema`; on a refusal calls `refuse` (which throws) with its first issue. */
const parse = <T>(
  schema: z.ZodType<T>,
  value: unknown,
  refuse: (issue: z.core.$ZodIssue) => never
): T => {
  const result = schema.safeParse(value);
  return result.success ? result.data : refuse(result.error.issues[0]);
};

const targetMessage = (value: unknown) =>
  `must be a whole number from 0 to 100000; got ${JSON.stringify(value)}`;

const nonEmptyMessage = (value: unknown) =>
  `must be a non-empty string; got ${JSON.stringify(value)}`;

const checkTarget = (key: string, value: unknown) =>
  parse(TargetSchema.optional(), value, () => fail(key, targetMessage(value)));

const checkString = (key: string, value: unknown, required: boolean) =>
  parse(required ? NonEmptyTextSchema : NonEmptyTextSchema.optional(), value, () =>
    fail(key, nonEmptyMessage(value))
  );

const validateStage = (s: unknown, sk: string) =>
  parse(FrameworkStageInputSchema, s, (issue) => {
    const field = issue.path[0] as string | undefined;
    const v = at(s, [field ?? '']);
    switch (field) {
      case 'label':
      case 'key':
      case 'description':
        return fail(`${sk}.${field}`, nonEmptyMessage(v));
      case 'phase':
        return fail(
          `${sk}.phase`,
          `must be one of ${listOf(PHASE_KEYS)}; got ${JSON.stringify(v)}`,
          PHASE_KEYS
        );
      case 'target':
        return fail(`${sk}.target`, targetMessage(v));
      default:
        return fail(sk, 'must be an object { label, phase, key?, description?, target? }');
    }
  });

/** A framework but its stages, which validateFramework checks one by one. */
const FrameworkHeadSchema = FrameworkInputSchema.extend({ stages: z.array(z.unknown()).min(1) });

const validateFramework = (raw: unknown, key: string): FrameworkDefinition => {
  if (typeof raw === 'string')
    return PRESET_FRAMEWORKS[
      parse(PresetKeySchema, raw, () =>
        fail(
          key,
          `"${raw}" is not a preset: use one of ${listOf(PRESET_KEYS)} or a framework object`,
          PRESET_KEYS
        )
      )
    ];
  const head = parse(FrameworkHeadSchema, raw, (issue) => {
    const field = issue.path[0] as string | undefined;
    const v = at(raw, [field ?? '']);
    switch (field) {
      case 'key':
        return typeof v === 'string' && v.trim() !== ''
          ? fail(`${key}.key`, `must be a slug (lower case letters, digits, dashes); got "${v}"`)
          : fail(`${key}.key`, nonEmptyMessage(v));
      case 'label':
        return fail(`${key}.label`, nonEmptyMessage(v));
      case 'audience':
        return fail(`${key}.audience`, `must be one of ${listOf(AUDIENCES)}`, AUDIENCES);
      case 'stages':
        return fail(`${key}.stages`, 'must be a non-empty array of { label, phase }');
      default:
        return fail(
          key,
          `must be a preset key (${listOf(PRESET_KEYS)}) or a framework object`,
          PRESET_KEYS
        );
    }
  });
  const seen = new Set<string>();
  const stages = head.stages.map((raw, i) => {
    const sk = `${key}.stages[${i}]`;
    const s = validateStage(raw, sk);
    const k = s.key ?? stageKey(s.label);
    if (k === '' || stageKey(k) !== k)
      fail(
        `${sk}.key`,
        `must be a non-empty slug (lower case letters, digits, dashes); got "${k}"`
      );
    if (seen.has(k)) fail(sk, `repeats the stage key "${k}" within framework "${head.key}"`);
    seen.add(k);
    return {
      label: s.label,
      phase: s.phase,
      key: k,
      description: s.description,
      target: s.target,
    };
  });
  return {
    key: head.key,
    label: head.label,
    audience: head.audience ?? 'both',
    description: head.description,
    stages,
  };
};

/**
 * Validates and normalises the plugin config with contracts/config.ts's schemas, part
 * by part. Throws one JourneyInputError whose message names the offending key and what
 * is allowed; Strapi turns it into a failed boot, which is what a project wants from a
 * typo in config/plugins.ts.
 */
export const validateConfig = (raw: unknown = {}): JourneyConfig => {
  if (!isPlainObject(raw)) return fail('(root)', 'must be an object');
  const known = CONFIG_KEYS;
  const shape = JourneyConfigInputSchema.shape;
  for (const k of Object.keys(raw))
    if (!known.includes(k)) fail(k, `is not an option: use one of ${listOf(known)}`, known);

  const rawFrameworks = raw.frameworks ?? DEFAULT_FRAMEWORKS;
  parse(z.array(z.unknown()).min(1), rawFrameworks, () =>
    fail(
      'frameworks',
      `must be a non-empty array of ${listOf(PRESET_KEYS)} or framework objects`,
      PRESET_KEYS
    )
  );
  const frameworks = (rawFrameworks as unknown[]).map((f, i) =>
    validateFramework(f, `frameworks[${i}]`)
  );
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
    parse(StageOverrideInputSchema, o, (issue) => {
      const field = issue.path[0] as string | undefined;
      const v = at(o, [field ?? '']);
      switch (field) {
        case 'label':
          return fail(`stages["${id}"].label`, nonEmptyMessage(v));
        case 'description':
          return fail(`stages["${id}"].description`, 'must be a string');
        case 'target':
          return fail(`stages["${id}"].target`, targetMessage(v));
        case 'retired':
          return fail(`stages["${id}"].retired`, 'must be true or false');
        default:
          return fail(
            `stages["${id}"]`,
            'must be an object { label?, description?, target?, retired? }'
          );
      }
    });
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
      const p = parse(z.enum(PHASE_KEYS), phase, () =>
        fail(
          `formatAffinity.${phase}`,
          `is not a phase: use one of ${listOf(PHASE_KEYS)}`,
          PHASE_KEYS
        )
      );
      formatAffinity[p] = parse(z.array(z.string()), formats, () =>
        fail(`formatAffinity.${phase}`, 'must be an array of format names')
      );
    }
  }

  const exclude = parse(z.array(ContentTypeUidSchema), raw.exclude ?? [], () =>
    fail('exclude', 'must be an array of content-type uids like "api::legal-page.legal-page"')
  );
  const cacheControl = raw.cacheControl ?? DEFAULT_CACHE_CONTROL;
  checkString('cacheControl', cacheControl, true);
  const countCheckMinutes = raw.countCheckMinutes ?? 10;
  parse(shape.countCheckMinutes, countCheckMinutes, () =>
    fail(
      'countCheckMinutes',
      `must be a whole number of minutes from 0 (never) to 1440; got ${JSON.stringify(countCheckMinutes)}`
    )
  );

  const visitor = validateVisitorConfig(
    raw.visitor,
    buildTaxonomy({ frameworks, stageOverrides: stages }).stages.map((s) => s.id)
  );

  return {
    frameworks,
    stages,
    formatAffinity,
    exclude,
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
