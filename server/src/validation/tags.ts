import { z } from 'zod';
import { AUDIENCES, listOf, type Taxonomy } from '../../../plugin/src';
import { MAX_BULK } from '../../../plugin/src/contracts/limits';
import {
  BulkTagsBodySchema,
  DocumentIdListSchema,
  TAG_MODES,
  TagsBodySchema,
  type BulkTagsBody,
} from '../../../plugin/src/contracts/tags';
import { throwInputError, type Refusal } from './query';

/**
 * The admin tag API's bodies (`PUT /journey/tags/:uid[/:documentId]`) and its
 * documentIds list, checked with the schemas of contracts/tags.ts. Each refused
 * field gets one sentence naming what it allows; which stage ids exist (and are
 * not retired) is then resolveStageIds' to say, with the taxonomy at hand.
 */

type Issue = z.core.$ZodIssue;

const valueAt = (root: unknown, path: PropertyKey[]): unknown =>
  path.reduce<unknown>((v, k) => (v as any)?.[k as any], root);

const pathOf = (path: PropertyKey[]): string =>
  path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${String(k)}` : k)).join('');

/** A list of documents (`documentIds`, `items`): its size, an element, or a repeat. */
const listRefusal = (field: string, issue: Issue, body: unknown): Refusal => {
  const [, index] = issue.path;
  const list = valueAt(body, [field]);
  if (typeof index === 'number') {
    const p = `${field}[${index}]`;
    const item = valueAt(body, [field, index]);
    const id =
      field === 'items' && item && typeof item === 'object' ? (item as any).documentId : item;
    return { path: p, message: `${p} ${JSON.stringify(id)} is not a documentId` };
  }
  if ((issue as { params?: { twice?: boolean } }).params?.twice)
    return { path: field, message: `${field} lists a document twice` };
  if (field === 'items' && !Array.isArray(list))
    return {
      path: field,
      message: `items must be an array of 1 to ${MAX_BULK} { documentId, stages }`,
    };
  const got = Array.isArray(list) ? list.length : typeof list;
  return {
    path: field,
    message: `${field} must list 1 to ${MAX_BULK} distinct documentIds; got ${got}`,
  };
};

/** A stage list (`stages`, `items[2].stages`) or one of its ids. */
const stageRefusal = (path: PropertyKey[], body: unknown, taxonomy: Taxonomy): Refusal => {
  const allowed = taxonomy.stages.map((s) => s.id);
  const p = pathOf(path);
  if (typeof path[path.length - 1] === 'number')
    return {
      path: p,
      message: `${p} ${JSON.stringify(valueAt(body, path))} is not a stage id: use one of ${listOf(allowed)}`,
      allowed,
    };
  return {
    path: p,
    message: `${p} must be an array of stage ids (first = primary): ${listOf(allowed)}`,
    allowed,
  };
};

const refusalOf = (issue: Issue, body: unknown, taxonomy: Taxonomy): Refusal => {
  const [field] = issue.path;
  const stages = issue.path.lastIndexOf('stages');
  if (stages !== -1 && (field === 'stages' || issue.path.length > 2))
    return stageRefusal(issue.path.slice(0, stages + 2), body, taxonomy);
  if (field === 'documentIds' || field === 'items') return listRefusal(String(field), issue, body);
  if (field === 'audience')
    return {
      path: 'audience',
      message: `audience ${JSON.stringify(valueAt(body, ['audience']))} is not allowed: use one of ${listOf(AUDIENCES)}`,
      allowed: [...AUDIENCES],
    };
  if (field === 'mode')
    return {
      path: 'mode',
      message: `mode must be one of ${listOf(TAG_MODES)}`,
      allowed: [...TAG_MODES],
    };
  if (field === 'locale') return { path: 'locale', message: 'locale must be a locale code' };
  return { path: 'body', message: 'the body must be an object' };
};

/** The order refusals are listed in (the first is the error's `param`): what is tagged, then how. */
const ORDER = ['items', 'documentIds', 'mode', 'locale', 'stages', 'audience'];

const check = <T extends z.ZodType>(schema: T, body: unknown, taxonomy: Taxonomy): z.infer<T> => {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const rank = (issue: Issue) => ORDER.indexOf(String(issue.path[0]));
  const issues = result.error.issues.slice().sort((a, b) => rank(a) - rank(b));
  return throwInputError(issues.map((issue) => refusalOf(issue, body, taxonomy)));
};

/** `{ stages, audience?, locale? }`: one document's tags. */
export const parseTagsBody = (taxonomy: Taxonomy, body: unknown) =>
  check(TagsBodySchema, body, taxonomy);

/** `{ documentIds, stages | items, audience?, locale?, mode? }`: the bulk action. */
export const parseBulkTagsBody = (taxonomy: Taxonomy, body: unknown): BulkTagsBody =>
  check(BulkTagsBodySchema, body, taxonomy);

/** The list column's `documentIds` (a comma list, split by the controller). */
export const parseDocumentIds = (ids: unknown): string[] =>
  check(DocumentIdsSchema, { documentIds: ids }, NO_STAGES).documentIds;

// Issues are reported from the body's root: the list is wrapped so they name `documentIds`.
const DocumentIdsSchema = z.object({ documentIds: DocumentIdListSchema });
const NO_STAGES = { stages: [] } as unknown as Taxonomy;
