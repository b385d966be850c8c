import { z } from 'zod';
import { AUDIENCES } from '../audience';
import { DOCUMENT_ID, MAX_BULK } from './limits';

/**
 * The admin tag API (`/journey/tags/:uid[/:documentId]`): the bodies and the
 * answer, declared once. server/src/validation/tags.ts checks bodies with these
 * schemas (the stage ids against the site's taxonomy, the locale against the
 * type, afterwards); the admin takes the inferred types.
 */

export const TAG_MODES = ['replace', 'add'] as const;

const documentId = z.string().regex(DOCUMENT_ID);

/** 1 to MAX_BULK of something that names documents, none twice. */
const bulkOf = <T extends z.ZodType>(item: T, idOf: (item: z.infer<T>) => unknown) =>
  z
    .array(item)
    .min(1)
    .max(MAX_BULK)
    .refine((list) => new Set(list.map(idOf)).size === list.length, {
      params: { twice: true },
    });

/** Distinct documentIds (the bulk action's selection, the list column's page). */
export const DocumentIdListSchema = bulkOf(documentId, (id) => id);

/**
 * Stage ids, primary first. Which ids exist is the taxonomy's to say (retired
 * ones are refused there too), so the schema asks only for text.
 */
const stageList = z.array(z.string());

// Loose: the admin's own fields (a Content Manager form's) may ride along.
export const TagsBodySchema = z.looseObject({
  stages: stageList,
  audience: z.enum(AUDIENCES).optional(),
  /** Checked against the type afterwards: only a localized type takes one. */
  locale: z.string().nullable().optional(),
});

export const BulkTagsBodySchema = z
  .looseObject({
    ...TagsBodySchema.shape,
    /** Absent when `items` gives each document its own stages. */
    stages: stageList.optional(),
    documentIds: DocumentIdListSchema.optional(),
    mode: z.enum(TAG_MODES).optional(),
    /** Instead of one `stages` for all: each document its own (the bulk "apply suggestions"). */
    items: bulkOf(z.looseObject({ documentId, stages: stageList }), (i) => i.documentId).optional(),
  })
  .superRefine(
    (body, ctx) => {
      // Checked even when a field failed (`when`), so the body's every refusal is listed.
      const given = (body ?? {}) as Record<string, unknown>;
      if (given.items === undefined && given.documentIds === undefined)
        ctx.addIssue({ code: 'custom', path: ['documentIds'], input: undefined });
    },
    { when: () => true }
  );

export const TagsSchema = z.strictObject({
  uid: z.string(),
  documentId: z.string(),
  locale: z.string().nullable(),
  status: z.enum(['draft', 'published']),
  /** Stage ids, primary first. */
  stages: z.array(z.string()),
  primary: z.string().nullable(),
  audience: z.enum(AUDIENCES),
});

/** An entry version's journey tags, as the tag API and service return them. */
export type Tags = z.infer<typeof TagsSchema>;
export type TagMode = (typeof TAG_MODES)[number];
export type BulkTagsBody = z.infer<typeof BulkTagsBodySchema>;
