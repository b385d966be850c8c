import { z } from 'zod';
import { JourneyInputError } from '../../../plugin/src';
import { MAX_SUGGEST_BULK } from '../services/suggest';
import { described, paramsObject, validateParams } from './params';

/**
 * The admin suggestion routes: `GET /journey/suggest/:uid/:documentId?locale=`
 * and `POST /journey/suggest/:uid` `{ documentIds, locale? }`. Whether the type
 * is localized, the locale exists and the admin may read the entries is checked
 * after, by the controller (it needs the type and the admin's ability).
 */

const notAParameter = (key: string, known: string[]) =>
  `${key} is not a parameter: use ${known.join(', ')}`;

/** An empty locale is no locale (the panel sends `locale=` for a type that is not localized). */
const locale = () => z.string({ error: 'locale must be given once' });

export const suggestOneQuerySchema = paramsObject({ locale: locale() }, notAParameter);

const documentIds = () =>
  z.unknown().superRefine((ids, ctx) => {
    const valid =
      Array.isArray(ids) &&
      ids.length > 0 &&
      ids.length <= MAX_SUGGEST_BULK &&
      ids.every((id) => typeof id === 'string' && id !== '');
    if (!valid)
      ctx.addIssue({
        code: 'custom',
        message: `documentIds must be an array of 1 to ${MAX_SUGGEST_BULK} documentIds`,
      });
    if (Array.isArray(ids) && new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', message: 'documentIds lists a document twice' });
  });

export const suggestManyBodySchema = paramsObject(
  { documentIds: described(documentIds(), { required: true }), locale: locale() },
  notAParameter
);

export const parseSuggestOneQuery = (query: Record<string, unknown>): { locale?: string } => {
  validateParams(suggestOneQuerySchema, query);
  return { locale: (query.locale as string | undefined) || undefined };
};

export const parseSuggestManyBody = (body: unknown): { documentIds: string[]; locale?: string } => {
  const given = body ?? {};
  if (typeof given !== 'object' || Array.isArray(given))
    throw new JourneyInputError('body', 'the body must be an object { documentIds, locale? }');
  validateParams(suggestManyBodySchema, given);
  const { documentIds: ids, locale: code } = given as { documentIds: string[]; locale?: string };
  return { documentIds: ids, locale: code || undefined };
};

/** Longest text the edit view sends for a suggestion: more says nothing new about the stage. */
export const MAX_SUGGEST_TEXT = 20000;

const TEXT_REQUIRED = 'text is required: the entry’s words, as the edit form holds them';

export const suggestTextBodySchema = paramsObject(
  {
    text: described(
      z
        .string({
          error: (issue) => (issue.input === undefined ? TEXT_REQUIRED : 'text must be a string'),
        })
        .min(1, { error: TEXT_REQUIRED })
        .max(MAX_SUGGEST_TEXT, { error: `text must be at most ${MAX_SUGGEST_TEXT} characters` }),
      { required: true }
    ),
    audience: z.enum(['b2b', 'b2c', 'both'], { error: 'audience must be one of b2b, b2c, both' }),
    documentId: z.string({ error: 'documentId must be a string' }),
    locale: locale(),
  },
  notAParameter
);

/** `POST /journey/suggest/:uid/text` `{ text, audience?, documentId?, locale? }`: the edit form's words, unsaved. */
export const parseSuggestTextBody = (
  body: unknown
): { text: string; audience?: 'b2b' | 'b2c' | 'both'; documentId?: string; locale?: string } => {
  const given = body ?? {};
  if (typeof given !== 'object' || Array.isArray(given))
    throw new JourneyInputError(
      'body',
      'the body must be an object { text, audience?, documentId?, locale? }'
    );
  validateParams(suggestTextBodySchema, given);
  const b = given as { text: string; audience?: any; documentId?: string; locale?: string };
  return {
    text: b.text,
    audience: b.audience,
    documentId: b.documentId || undefined,
    locale: b.locale || undefined,
  };
};
