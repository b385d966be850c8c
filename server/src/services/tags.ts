import type { Core } from '@strapi/strapi';
import { isAudience, listOf, resolveStageIds, AUDIENCES, JourneyInputError, type Audience, type Tags } from '../../../plugin/src';
import { AUDIENCE_ATTRIBUTE, STAGES_ATTRIBUTE } from '../constants';
import { journeyTypeUids } from '../utils/journey-types';

export type { Tags };

export const MAX_BULK = 100;

export interface TagInput {
  stages: unknown;
  audience?: unknown;
  locale?: unknown;
}

/**
 * Reads and writes an entry's journey tags through the Document Service, so
 * lifecycles, webhooks, review workflows and draft & publish see every change.
 * Used by the admin routes, the Content Manager panel and the bulk action.
 */
const tagsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const assertJourneyType = (uid: unknown): string => {
    const uids = journeyTypeUids(strapi);
    if (typeof uid === 'string' && uids.includes(uid)) return uid;
    const exists = typeof uid === 'string' && uid in strapi.contentTypes;
    const message = exists
      ? `uid "${uid}" does not take journey tags (it opted out): use one of ${listOf(uids)}`
      : `uid ${JSON.stringify(uid)} is not a content type with journey tags: use one of ${listOf(uids)}`;
    throw new JourneyInputError('uid', message, uids);
  };

  const assertLocale = (uid: string, locale: unknown): string | undefined => {
    if (locale === undefined || locale === null || locale === '') return undefined;
    const localized = (strapi.contentTypes as any)[uid]?.pluginOptions?.i18n?.localized === true;
    if (typeof locale !== 'string' || !localized) {
      throw new JourneyInputError('locale', localized ? 'locale must be a locale code' : `locale is not allowed: ${uid} is not localized`);
    }
    return locale;
  };

  const toTags = (uid: string, doc: any, status: Tags['status']): Tags => {
    const stages = ((doc[STAGES_ATTRIBUTE] ?? []) as Array<{ stageId: string }>).map((s) => s.stageId);
    return {
      uid,
      documentId: doc.documentId,
      locale: doc.locale ?? null,
      status,
      stages,
      primary: stages[0] ?? null,
      audience: doc[AUDIENCE_ATTRIBUTE] ?? 'both',
    };
  };

  return {
    assertJourneyType,

    async get(uid: string, documentId: string, opts: { locale?: unknown; status?: 'draft' | 'published' } = {}): Promise<Tags> {
      const type = assertJourneyType(uid);
      const locale = assertLocale(type, opts.locale);
      const status = opts.status ?? 'draft';
      const doc = await strapi.documents(type as any).findOne({
        documentId,
        locale,
        status,
        fields: [AUDIENCE_ATTRIBUTE, 'locale'] as any,
        populate: { [STAGES_ATTRIBUTE]: { fields: ['stageId'] } } as any,
      } as any);
      if (!doc) {
        throw new JourneyInputError('documentId', `documentId "${documentId}" has no ${status} version of ${type}${locale ? ` in locale ${locale}` : ''}`, undefined, 404);
      }
      return toTags(type, doc, status);
    },

    /** Tags of several documents of one type in one query (the list view's column); missing ones are left out. */
    async getMany(uid: string, documentIds: string[], opts: { locale?: unknown; status?: 'draft' | 'published' } = {}): Promise<Tags[]> {
      const type = assertJourneyType(uid);
      const locale = assertLocale(type, opts.locale);
      const status = opts.status ?? 'draft';
      const docs = await strapi.documents(type as any).findMany({
        filters: { documentId: { $in: documentIds } },
        locale,
        status,
        fields: [AUDIENCE_ATTRIBUTE, 'locale'] as any,
        populate: { [STAGES_ATTRIBUTE]: { fields: ['stageId'] } } as any,
        limit: documentIds.length,
      } as any);
      return (docs as any[]).map((doc) => toTags(type, doc, status));
    },

    /**
     * Sets the stages (first = primary) and audience of a document's draft, like a
     * Content Manager save. Everything is validated before anything is written.
     */
    async set(uid: string, documentId: string, input: TagInput): Promise<Tags> {
      const type = assertJourneyType(uid);
      const locale = assertLocale(type, input.locale);
      const taxonomy = await strapi.plugin('journey').service('taxonomy').get();
      const stages = resolveStageIds(taxonomy, input.stages);
      if (input.audience !== undefined && !isAudience(input.audience)) {
        throw new JourneyInputError('audience', `audience ${JSON.stringify(input.audience)} is not allowed: use one of ${listOf(AUDIENCES)}`, [...AUDIENCES]);
      }
      const current = await this.get(type, documentId, { locale });
      const rows = await strapi.plugin('journey').service('taxonomy').stageRows();
      await strapi.documents(type as any).update({
        documentId,
        locale,
        data: {
          [STAGES_ATTRIBUTE]: { set: stages.map((s) => ({ documentId: rows.get(s.id)!.documentId })) },
          [AUDIENCE_ATTRIBUTE]: (input.audience as Audience | undefined) ?? current.audience,
        },
      } as any);
      return this.get(type, documentId, { locale });
    },

    /**
     * Tags several documents in one go (the Content Manager bulk action). Every
     * document and value is checked first; then all writes run in one transaction,
     * so either every document is tagged or none is. `mode: 'add'` keeps each
     * entry's stages and appends the new ones; `replace` (default) sets them.
     */
    async setMany(uid: string, input: TagInput & { documentIds?: unknown; mode?: unknown }): Promise<Tags[]> {
      const type = assertJourneyType(uid);
      const ids = input.documentIds;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_BULK || ids.some((id) => typeof id !== 'string' || !id)) {
        throw new JourneyInputError('documentIds', `documentIds must be an array of 1 to ${MAX_BULK} documentIds`);
      }
      if (new Set(ids).size !== ids.length) throw new JourneyInputError('documentIds', 'documentIds lists a document twice');
      const mode = input.mode ?? 'replace';
      if (mode !== 'replace' && mode !== 'add') throw new JourneyInputError('mode', 'mode must be one of replace, add', ['replace', 'add']);
      const taxonomy = await strapi.plugin('journey').service('taxonomy').get();
      const stages = resolveStageIds(taxonomy, input.stages).map((s) => s.id);
      if (input.audience !== undefined && !isAudience(input.audience)) {
        throw new JourneyInputError('audience', `audience ${JSON.stringify(input.audience)} is not allowed: use one of ${listOf(AUDIENCES)}`, [...AUDIENCES]);
      }
      const locale = assertLocale(type, input.locale);
      const current = await Promise.all((ids as string[]).map((documentId) => this.get(type, documentId, { locale })));
      return strapi.db.transaction(async () => {
        const out: Tags[] = [];
        for (const tags of current) {
          const next = mode === 'add' ? [...tags.stages, ...stages.filter((id) => !tags.stages.includes(id))] : stages;
          out.push(await this.set(type, tags.documentId, { stages: next, audience: input.audience ?? tags.audience, locale }));
        }
        return out;
      });
    },

  };
};

export default tagsService;
