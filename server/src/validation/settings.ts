import type { z } from 'zod';
import { listOf, type Taxonomy } from '../../../plugin/src';
import {
  RestoreBodySchema,
  RetireBodySchema,
  STAGE_EDIT_FIELDS,
  SettingsBodySchema,
  type RestoreBody,
  type RetireBody,
} from '../../../plugin/src/contracts/settings';
import { throwInputError, type Refusal } from './query';

/**
 * The settings page's bodies, checked with the schemas of contracts/settings.ts;
 * the stage ids are then checked against the taxonomy (retired ones included
 * where the call takes them). Each refusal names the field and what it allows.
 */

type Issue = z.core.$ZodIssue;

const SHAPE =
  'body must be { stages?: { "<stage id>": { label?, description?, target? } }, targets?: { "<content-type uid>": { "<stage id>": <target> | "not-applicable" | null } } }';

const FIELD_MESSAGES: Record<string, string> = {
  label: 'label must be a non-empty string of at most 100 characters',
  description: 'description must be a string of at most 1000 characters',
  target: 'target must be a whole number from 0 to 100000',
};

/** One stage's refusals (`stages.<id>`, `stages.<id>.<field>`). */
const stageRefusals = (id: string, issue: Issue): Refusal[] => {
  const at = `stages.${id}`;
  const [, , field] = issue.path;
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((k) => ({
      path: `${at}.${k}`,
      message: `${k} cannot be set here: use ${listOf(STAGE_EDIT_FIELDS)} (retire a stage with POST /journey/settings/retire)`,
      allowed: [...STAGE_EDIT_FIELDS],
    }));
  if (field === undefined)
    return [{ path: at, message: 'must be an object { label?, description?, target? }' }];
  return [{ path: `${at}.${String(field)}`, message: FIELD_MESSAGES[String(field)] }];
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{ stages?, targets? }`; the targets are validateTypeTargets' (the service runs it). */
export const parseSettingsBody = (taxonomy: Taxonomy, body: unknown) => {
  const result = SettingsBodySchema.safeParse(body);
  const issues = result.success ? [] : result.error.issues;
  if (issues.some((issue) => issue.path.length < 2))
    throwInputError([{ path: 'stages', message: SHAPE }]);
  const ids = [...taxonomy.byId.keys()];
  const given = isObject(body) && isObject(body.stages) ? Object.keys(body.stages) : [];
  // The schema knows the fields, the taxonomy which stages there are: an unknown
  // stage is refused whatever it holds. Refusals follow the body's order.
  const refusals = given.flatMap((id): Refusal[] =>
    taxonomy.byId.has(id)
      ? issues.filter((issue) => issue.path[1] === id).flatMap((i) => stageRefusals(id, i))
      : [
          {
            path: `stages.${id}`,
            message: `"${id}" is not a stage id: use one of ${listOf(ids)}`,
            allowed: ids,
          },
        ]
  );
  if (refusals.length) throwInputError(refusals);
  return result.data!;
};

/** The body's fields, and which of them (the first path segment; '' for the body) the schema refused. */
const fieldsOf = (schema: z.ZodType, body: unknown) => {
  const result = schema.safeParse(body);
  const refused = new Set(
    result.success ? [] : result.error.issues.map((i) => String(i.path[0] ?? ''))
  );
  const fields = (isObject(body) ? body : {}) as Record<string, unknown>;
  return { fields, refused: (key: string) => refused.has(key) || refused.has('') };
};

/** `{ stage, moveTo? }`: any stage of the taxonomy (a retired one again, to move what it still tags). */
export const parseRetireBody = (taxonomy: Taxonomy, body: unknown): RetireBody => {
  const { fields, refused } = fieldsOf(RetireBodySchema, body);
  const { stage, moveTo } = fields as RetireBody;
  const known = [...taxonomy.byId.keys()];
  const targets = taxonomy.stages.map((s) => s.id).filter((id) => id !== stage);
  const refusals: Refusal[] = [];
  if (refused('stage') || !known.includes(stage))
    refusals.push({
      path: 'stage',
      message: `stage must be a stage id: ${listOf(known)}`,
      allowed: known,
    });
  if (refused('moveTo') || (moveTo !== undefined && !targets.includes(moveTo)))
    refusals.push({
      path: 'moveTo',
      message: `moveTo must be another active stage id: ${listOf(targets)}`,
      allowed: targets,
    });
  if (refusals.length) throwInputError(refusals);
  return { stage, moveTo };
};

/** `{ stage, moveBack? }`: a retired stage still in a configured framework. */
export const parseRestoreBody = (taxonomy: Taxonomy, body: unknown): RestoreBody => {
  const { fields, refused } = fieldsOf(RestoreBodySchema, body);
  const { stage, moveBack } = fields as RestoreBody;
  const retired = [...taxonomy.byId.values()].filter((s) => s.retired).map((s) => s.id);
  const refusals: Refusal[] = [];
  if (refused('stage') || !retired.includes(stage))
    refusals.push({
      path: 'stage',
      message: `stage must be a retired stage id: ${listOf(retired) || 'no stage is retired'}`,
      allowed: retired,
    });
  if (refused('moveBack'))
    refusals.push({
      path: 'moveBack',
      message: 'moveBack must be true or false',
      allowed: ['true', 'false'],
    });
  if (refusals.length) throwInputError(refusals);
  return { stage, moveBack };
};
