import { JourneyInputError, listOf } from './errors';

/** A type × stage that the team never writes for (a Product page at Retention, say). */
export const NOT_APPLICABLE = 'not-applicable' as const;

export type TypeTarget = number | typeof NOT_APPLICABLE;

/**
 * Per content type, per stage id: a target other than the stage's own, or
 * "not applicable". Types and stages not named use the stage's target.
 */
export type TypeTargets = Record<string, Record<string, TypeTarget>>;

const MAX_TARGET = 100000;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const isTypeTarget = (v: unknown): v is TypeTarget =>
  v === NOT_APPLICABLE ||
  (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_TARGET);

/**
 * Checks `{ [uid]: { [stageId]: number | "not-applicable" | null } }`. `null`
 * (allowed only where `allowNull`: the settings page) removes an override.
 * `key` is the parameter's name in errors (`targets` in config and in the body).
 */
export const validateTypeTargets = (
  raw: unknown,
  opts: {
    key: string;
    uids?: string[];
    stageIds: string[];
    allowNull?: boolean;
    /** Put before each message (`journey plugin config: ` for config/plugins.ts). */
    prefix?: string;
  }
): Record<string, Record<string, TypeTarget | null>> => {
  const { key, uids, stageIds, allowNull, prefix = '' } = opts;
  const refuse: (param: string, message: string, allowed?: string[]) => never = (
    param,
    message,
    allowed
  ) => {
    throw new JourneyInputError(param, `${prefix}${message}`, allowed);
  };
  if (!isPlainObject(raw))
    refuse(key, `${key} must be an object { "<content-type uid>": { "<stage id>": <target> } }`);
  const out: Record<string, Record<string, TypeTarget | null>> = {};
  for (const [uid, perStage] of Object.entries(raw)) {
    if (uids ? !uids.includes(uid) : !/^(api|plugin)::[\w-]+\.[\w-]+$/.test(uid))
      refuse(
        `${key}["${uid}"]`,
        uids
          ? `"${uid}" is not a content type with journey tags: use one of ${listOf(uids)}`
          : `"${uid}" is not a content-type uid like "api::article.article"`,
        uids
      );
    if (!isPlainObject(perStage))
      refuse(`${key}["${uid}"]`, `${key}.${uid} must be an object keyed by stage id`);
    out[uid] = {};
    for (const [stage, value] of Object.entries(perStage)) {
      if (!stageIds.includes(stage))
        refuse(
          `${key}["${uid}"].${stage}`,
          `"${stage}" is not a stage id: use one of ${listOf(stageIds)}`,
          stageIds
        );
      if (!(isTypeTarget(value) || (allowNull && value === null)))
        refuse(
          `${key}["${uid}"].${stage}`,
          `${key}.${uid}.${stage} must be a whole number from 0 to ${MAX_TARGET} or "${NOT_APPLICABLE}"${allowNull ? ' (null: back to the stage target)' : ''}; got ${JSON.stringify(value)}`,
          [NOT_APPLICABLE]
        );
      out[uid][stage] = value as TypeTarget | null;
    }
  }
  return out;
};

/** Config's per-type targets with the settings page's on top, cell by cell. */
export const mergeTypeTargets = (...layers: Array<TypeTargets | undefined>): TypeTargets => {
  const out: TypeTargets = {};
  for (const layer of layers)
    for (const [uid, perStage] of Object.entries(layer ?? {}))
      out[uid] = { ...out[uid], ...perStage };
  return out;
};

/** Applies settings edits (`null` removes a cell's override) to stored per-type targets. */
export const applyTypeTargetEdits = (
  stored: TypeTargets,
  edits: Record<string, Record<string, TypeTarget | null>>
): TypeTargets => {
  const out: TypeTargets = Object.fromEntries(
    Object.entries(stored).map(([uid, s]) => [uid, { ...s }])
  );
  for (const [uid, perStage] of Object.entries(edits)) {
    const row = (out[uid] ??= {});
    for (const [stage, value] of Object.entries(perStage)) {
      if (value === null) delete row[stage];
      else row[stage] = value;
    }
    if (Object.keys(row).length === 0) delete out[uid];
  }
  return out;
};

/** The target of one type × stage: the type's own, else the stage's; null = not applicable. */
export const cellTarget = (
  typeTargets: TypeTargets | undefined,
  uid: string,
  stage: { id: string; target: number }
): number | null => {
  const own = typeTargets?.[uid]?.[stage.id];
  if (own === NOT_APPLICABLE) return null;
  return own ?? stage.target;
};
