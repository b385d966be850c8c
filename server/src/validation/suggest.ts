import { yup } from '@strapi/utils';
import { JourneyInputError } from '../../../plugin/src';
import { MAX_SUGGEST_BULK } from '../services/suggest';
import { queryObject, validateQuery } from './query';

/**
 * The admin suggestion routes: `GET /journey/suggest/:uid/:documentId?locale=`
 * and `POST /journey/suggest/:uid` `{ documentIds, locale? }`. Whether the type
 * is localized, the locale exists and the admin may read the entries is checked
 * after, by the controller (it needs the type and the admin's ability).
 */

const notAParameter = (key: string, known: string[]) =>
  `${key} is not a parameter: use ${known.join(', ')}`;

/** An empty locale is no locale (the panel sends `locale=` for a type that is not localized). */
const locale = () => yup.string().strict(true).typeError('locale must be given once');

export const suggestOneQuerySchema = queryObject({ locale: locale() }, notAParameter);

const documentIds = () =>
  yup
    .mixed()
    .test({
      name: 'documentIds',
      params: { min: 1, max: MAX_SUGGEST_BULK },
      message: `documentIds must be an array of 1 to ${MAX_SUGGEST_BULK} documentIds`,
      test: (ids: unknown) =>
        Array.isArray(ids) &&
        ids.length > 0 &&
        ids.length <= MAX_SUGGEST_BULK &&
        ids.every((id) => typeof id === 'string' && id !== ''),
    })
    .test({
      name: 'distinct',
      message: 'documentIds lists a document twice',
      test: (ids: unknown) => !Array.isArray(ids) || new Set(ids).size === ids.length,
    });

export const suggestManyBodySchema = queryObject(
  { documentIds: documentIds(), locale: locale() },
  notAParameter
);

export const parseSuggestOneQuery = (query: Record<string, unknown>): { locale?: string } => {
  validateQuery(suggestOneQuerySchema, query);
  return { locale: (query.locale as string | undefined) || undefined };
};

export const parseSuggestManyBody = (body: unknown): { documentIds: string[]; locale?: string } => {
  const given = body ?? {};
  if (typeof given !== 'object' || Array.isArray(given))
    throw new JourneyInputError('body', 'the body must be an object { documentIds, locale? }');
  validateQuery(suggestManyBodySchema, given);
  const { documentIds: ids, locale: code } = given as { documentIds: string[]; locale?: string };
  return { documentIds: ids, locale: code || undefined };
};

/** Longest text the edit view sends for a suggestion: more says nothing new about the stage. */
export const MAX_SUGGEST_TEXT = 20000;

export const suggestTextBodySchema = queryObject(
  {
    text: yup
      .string()
      .strict(true)
      .typeError('text must be a string')
      .required('text is required: the entry’s words, as the edit form holds them')
      .max(MAX_SUGGEST_TEXT, `text must be at most ${MAX_SUGGEST_TEXT} characters`),
    audience: yup
      .string()
      .strict(true)
      .oneOf(['b2b', 'b2c', 'both'], 'audience must be one of b2b, b2c, both'),
    documentId: yup.string().strict(true).typeError('documentId must be a string'),
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
  validateQuery(suggestTextBodySchema, given);
  const b = given as { text: string; audience?: any; documentId?: string; locale?: string };
  return {
    text: b.text,
    audience: b.audience,
    documentId: b.documentId || undefined,
    locale: b.locale || undefined,
  };
};
