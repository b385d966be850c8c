import type { Core } from '@strapi/strapi';
import {
  listOf,
  resolveStageIds,
  JourneyInputError,
  type Audience,
  type Tags,
} from '../../../plugin/src';
import { AUDIENCE_ATTRIBUTE, STAGES_ATTRIBUTE } from '../constants';
import { isLocalized } from '../utils/i18n';
import { journeyTypeUids } from '../utils/journey-types';
import { inRetriedTransaction } from '../utils/transactions';
import { lockDocumentRows, shareStageRows } from '../write-path/locks';
import type { TagCaller } from './tag-access';
import { getService } from '../utils/get-service';
import { MAX_BULK } from '../../../plugin/src/contracts/limits';
import { parseBulkTagsBody, parseDocumentIds, parseTagsBody } from '../validation/tags';

export type { Tags };

export { MAX_BULK };

export interface ReadOptions extends TagCaller {
  locale?: unknown;
  status?: 'draft' | 'published';
}

/**
 * Reads and writes an entry's journey tags through the Document Service, so
 * lifecycles, webhooks, review workflows and draft & publish see every change.
 * Used by the admin routes, the Content Manager panel and the bulk action. Given
 * a caller (`userAbility`), every call goes through the Content Manager's
 * permission path (services/tag-access.ts); without one it is trusted server code.
 */
const tagsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const access = () => getService('tag-access', strapi);
  const taxonomy = () => getService('taxonomy', strapi);

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
    const localized = isLocalized(strapi, uid);
    if (typeof locale !== 'string' || !localized) {
      throw new JourneyInputError(
        'locale',
        localized
          ? 'locale must be a locale code'
          : `locale is not allowed: ${uid} is not localized`
      );
    }
    return locale;
  };

  const toTags = (uid: string, doc: any, status: Tags['status']): Tags => {
    const stages = ((doc[STAGES_ATTRIBUTE] ?? []) as Array<{ stageId: string }>).map(
      (s) => s.stageId
    );
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

  /**
   * Loads document versions as the Content Manager does before it checks a
   * permission: Document Service (so types without draft & publish, whose only row
   * is "published", resolve too), locale and status first, with the relations
   * the caller's conditions need. One query for any number of documents.
   */
  const loadVersions = async (
    uid: string,
    documentIds: string[],
    opts: { locale?: string; status: 'draft' | 'published'; action: 'read' | 'update' } & TagCaller
  ) => {
    const populate = {
      ...(await access().populateFor(opts, uid, opts.action)),
      [STAGES_ATTRIBUTE]: { fields: ['stageId'] },
    };
    const docs = (await strapi.documents(uid as any).findMany({
      filters: { documentId: { $in: documentIds } },
      locale: opts.locale,
      status: opts.status,
      populate,
      limit: documentIds.length,
    } as any)) as any[];
    return new Map(docs.map((doc) => [doc.documentId as string, doc]));
  };

  /**
   * Stage rows to link, read again inside the write's transaction with a shared
   * lock (write-path/locks.ts): a concurrent retire (which updates these rows) either
   * commits first — and the write is refused — or waits until the write has committed
   * and then moves its links. No tag can land on a stage retired meanwhile.
   */
  const lockStageRows = async (trx: any, stageIds: string[], allowRetired: Set<string>) => {
    if (stageIds.length === 0) return new Map<string, string>();
    const rows = await shareStageRows(strapi, trx, (qb) =>
      qb.whereIn('stage_id', stageIds).select('stage_id', 'document_id', 'retired')
    );
    const byId = new Map<string, any>(rows.map((r: any) => [r.stage_id, r]));
    stageIds.forEach((id, i) => {
      const row = byId.get(id);
      if (!row || (row.retired && !allowRetired.has(id))) {
        throw new JourneyInputError(
          `stages[${i}]`,
          `stages[${i}] "${id}" was retired while this change was being made: pick an active stage`
        );
      }
    });
    return new Map<string, string>(stageIds.map((id) => [id, byId.get(id).document_id]));
  };

  const writeTags = async (
    uid: string,
    documentId: string,
    locale: string | undefined,
    stageDocumentIds: string[],
    audience: Audience
  ) => {
    await strapi.documents(uid as any).update({
      documentId,
      locale,
      data: {
        [STAGES_ATTRIBUTE]: { set: stageDocumentIds.map((id) => ({ documentId: id })) },
        [AUDIENCE_ATTRIBUTE]: audience,
      },
    } as any);
  };

  return {
    assertJourneyType,

    async get(uid: string, documentId: string, options: ReadOptions = {}): Promise<Tags> {
      const opts = { ...options, ...(await access().resolve(options)) };
      const type = assertJourneyType(uid);
      const locale = assertLocale(type, opts.locale);
      const status = opts.status ?? 'draft';
      access().assertType(opts, type, 'read');
      const doc = (
        await loadVersions(type, [documentId], { ...opts, locale, status, action: 'read' })
      ).get(documentId);
      if (!doc) {
        throw new JourneyInputError(
          'documentId',
          `documentId "${documentId}" has no ${status} version of ${type}${locale ? ` in locale ${locale}` : ''}`,
          undefined,
          404
        );
      }
      if (!access().allows(opts, type, 'read', doc)) throw access().forbidden(type, 'read');
      return toTags(type, doc, status);
    },

    /** Tags of several documents of one type in one query (the list view's column); missing and unreadable ones are left out. */
    async getMany(uid: string, documentIds: unknown, options: ReadOptions = {}): Promise<Tags[]> {
      const opts = { ...options, ...(await access().resolve(options)) };
      const type = assertJourneyType(uid);
      const ids = parseDocumentIds(documentIds);
      const locale = assertLocale(type, opts.locale);
      const status = opts.status ?? 'draft';
      access().assertType(opts, type, 'read');
      const docs = await loadVersions(type, ids, { ...opts, locale, status, action: 'read' });
      return ids
        .map((id) => docs.get(id))
        .filter((doc) => doc && access().allows(opts, type, 'read', doc))
        .map((doc) => toTags(type, doc, status));
    },

    /**
     * Sets the stages (first = primary) and audience of a document's draft, like a
     * Content Manager save. Everything is validated before anything is written.
     */
    async set(uid: string, documentId: string, input: unknown, who: TagCaller = {}): Promise<Tags> {
      const caller = await access().resolve(who);
      const type = assertJourneyType(uid);
      const t = await taxonomy().get();
      const body = parseTagsBody(t, input);
      const locale = assertLocale(type, body.locale);
      const stages = resolveStageIds(t, body.stages).map((s) => s.id);
      access().assertType(caller, type, 'update');
      await inRetriedTransaction(strapi, async (trx) => {
        await lockDocumentRows(strapi, trx, type, [documentId]);
        const rows = await lockStageRows(trx, stages, new Set());
        const doc = (
          await loadVersions(type, [documentId], {
            ...caller,
            locale,
            status: 'draft',
            action: 'update',
          })
        ).get(documentId);
        if (!doc)
          throw new JourneyInputError(
            'documentId',
            `documentId "${documentId}" has no draft version of ${type}${locale ? ` in locale ${locale}` : ''}`,
            undefined,
            404
          );
        if (!access().allows(caller, type, 'update', doc)) throw access().forbidden(type, 'update');
        await writeTags(
          type,
          documentId,
          locale,
          stages.map((id) => rows.get(id)!),
          body.audience ?? doc[AUDIENCE_ATTRIBUTE] ?? 'both'
        );
      });
      return this.get(type, documentId, { locale });
    },

    /**
     * Tags several documents in one go (the Content Manager bulk action). Size,
     * shape and values are checked first; then one query loads every document and
     * checks the caller's permission on each; then all writes run in one
     * transaction, in documentId order (so two bulk writes lock rows in the same
     * order), and either every document is tagged or none is. `mode: 'add'` keeps
     * each entry's stages — retired ones included, reported in `keptRetired` —
     * and appends the new ones; `replace` (default) sets them.
     */
    async setMany(uid: string, input: unknown, who: TagCaller = {}) {
      const caller = await access().resolve(who);
      const type = assertJourneyType(uid);
      const t = await taxonomy().get();
      const body = parseBulkTagsBody(t, input);
      // Either one stage list for every document, or `items: [{ documentId, stages }]`
      // (the bulk "apply suggestions": each entry its own stages, still one request).
      const items = body.items?.map((item, i) => ({
        documentId: item.documentId,
        stages: resolveStageIds(t, item.stages, `items[${i}].stages`).map((s) => s.id),
      }));
      const asked = items ? items.map((i) => i.documentId) : body.documentIds!;
      const ids = asked.slice().sort();
      const mode = body.mode ?? 'replace';
      const shared = items ? [] : resolveStageIds(t, body.stages).map((s) => s.id);
      const stagesOf = (id: string) =>
        items ? items.find((i) => i.documentId === id)!.stages : shared;
      const locale = assertLocale(type, body.locale);
      access().assertType(caller, type, 'update');

      const keptRetired: Record<string, string[]> = {};
      await inRetriedTransaction(strapi, async (trx) => {
        await lockDocumentRows(strapi, trx, type, ids); // sorted: bulk writes lock in one order
        const docs = await loadVersions(type, ids, {
          ...caller,
          locale,
          status: 'draft',
          action: 'update',
        });
        const missing = ids.filter((id) => !docs.has(id));
        if (missing.length)
          throw new JourneyInputError(
            'documentIds',
            `documentIds ${listOf(missing)} have no draft version of ${type}${locale ? ` in locale ${locale}` : ''}`,
            undefined,
            404
          );
        if (ids.some((id) => !access().allows(caller, type, 'update', docs.get(id))))
          throw access().forbidden(type, 'update');
        const plans = ids.map((id) => {
          const current = toTags(type, docs.get(id), 'draft');
          const stages = stagesOf(id);
          const next =
            mode === 'add'
              ? [...current.stages, ...stages.filter((s) => !current.stages.includes(s))]
              : stages;
          const retired = current.stages.filter(
            (s) => mode === 'add' && (t.byId.get(s)?.retired ?? true)
          );
          if (retired.length) keptRetired[id] = retired;
          return {
            id,
            next,
            audience: body.audience ?? current.audience,
          };
        });
        const allStages = [...new Set(plans.flatMap((p) => p.next))];
        const rows = await lockStageRows(
          trx,
          allStages,
          new Set(Object.values(keptRetired).flat())
        );
        for (const plan of plans)
          await writeTags(
            type,
            plan.id,
            locale,
            plan.next.map((s) => rows.get(s)!),
            plan.audience
          );
      });
      const data = await this.getMany(type, asked, { locale });
      return { data, meta: { mode, count: data.length, keptRetired } };
    },
  };
};

export default tagsService;
