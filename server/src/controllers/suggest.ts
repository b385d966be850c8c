import type { Core, UID } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import { JourneyInputError } from '../utils/errors';
import { journeyTypeUids } from '../utils/journey-types';
import { assertSiteLocale } from '../utils/locales';
import type { TagCaller } from '../services/tag-access';
import { getService } from '../utils/get-service';
import { defaultLocale, isLocalized } from '../utils/i18n';
import {
  parseSuggestManyBody,
  parseSuggestOneQuery,
  parseSuggestTextBody,
} from '../validation/suggest';

/**
 * Admin suggestion routes. Reading a suggestion reads the entry (its text and
 * tags), so it asks what a Content Manager read asks (the tag-access service):
 * the type, then the entry and its journey fields; the neighbours quoted in a
 * reason come only from types the admin may read. Nothing is written: applying
 * is PUT /journey/tags.
 */
const suggestController = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService('suggest', strapi);
  const access = () => getService('tag-access', strapi);

  /** After the request's schema (validation/suggest.ts): the type, the admin's access, the locale. */
  const prepare = async (ctx: any, asked: string | undefined) => {
    const { uid } = ctx.params;
    getService('tags', strapi).assertJourneyType(uid);
    const caller = { userAbility: ctx.state.userAbility };
    access().assertType(caller, uid, 'read');
    const localized = isLocalized(strapi, uid);
    let locale = asked;
    if (locale !== undefined && !localized)
      throw new JourneyInputError('locale', `locale is not allowed: ${uid} is not localized`);
    await assertSiteLocale(strapi, locale);
    if (localized && !locale) locale = await defaultLocale(strapi);
    const visibleUids = new Set(
      journeyTypeUids(strapi).filter((t) => access().mayAccessType(caller, t, 'read'))
    );
    return { uid, caller, locale, visibleUids };
  };

  /** Drafts the admin may read, journey fields included, loaded as the Content Manager loads them for its conditions. */
  const readable = async (
    uid: string,
    caller: TagCaller,
    documentIds: string[],
    locale: string | undefined
  ) => {
    const populate = await access().populateFor(caller, uid, 'read');
    // Types without draft & publish keep only "published" rows (every row has a publishedAt).
    const status = contentTypes.hasDraftAndPublish(strapi.getModel(uid as UID.ContentType))
      ? 'draft'
      : 'published';
    const entries = await strapi.documents(uid as any).findMany({
      filters: { documentId: { $in: documentIds } },
      locale,
      status,
      populate,
      limit: documentIds.length,
    } as any);
    return new Set(
      (entries as any[])
        .filter((e) => access().allows(caller, uid, 'read', e))
        .map((e) => e.documentId)
    );
  };

  return {
    /** `GET /journey/suggest/:uid/:documentId?locale=` → `{ data: { documentId, locale, title, stages, suggestions } }`. */
    async findOne(ctx: any) {
      const query = parseSuggestOneQuery(ctx.query);
      const { uid, caller, locale, visibleUids } = await prepare(ctx, query.locale);
      const { documentId } = ctx.params;
      const [proposal] = await service().propose(uid, [documentId], { locale, visibleUids });
      if (!proposal)
        throw new JourneyInputError(
          'documentId',
          `documentId "${documentId}" has no draft of ${uid}${locale ? ` in locale ${locale}` : ''}`,
          undefined,
          404
        );
      if (!(await readable(uid, caller, [documentId], locale)).has(documentId))
        throw access().forbidden(uid, 'read');
      ctx.body = { data: { uid, ...proposal } };
    },

    /**
     * `POST /journey/suggest/:uid/text` `{ text, audience?, documentId?, locale? }` →
     * `{ data: { suggestions } }`: for the edit form's words before any Save. Needs
     * Content Manager read on the type; neighbours quoted come from readable types only.
     */
    async findForText(ctx: any) {
      const body = parseSuggestTextBody(ctx.request.body);
      const { uid, locale, visibleUids } = await prepare(ctx, body.locale);
      const suggestions = await service().suggestText(uid, { ...body, locale }, { visibleUids });
      ctx.body = { data: { uid, suggestions } };
    },

    /**
     * `POST /journey/suggest/:uid` `{ documentIds, locale? }` → proposals for up to
     * 100 entries, in the order asked; entries the admin may not read, or that do
     * not exist, are listed in `meta.skipped`.
     */
    async findMany(ctx: any) {
      const body = parseSuggestManyBody(ctx.request.body);
      const ids = body.documentIds;
      const { uid, caller, locale, visibleUids } = await prepare(ctx, body.locale);
      const allowed = await readable(uid, caller, ids, locale);
      const asked = ids.filter((id: string) => allowed.has(id));
      const proposals = asked.length
        ? await service().propose(uid, asked, { locale, visibleUids })
        : [];
      const found = new Set(proposals.map((p: any) => p.documentId));
      ctx.body = {
        data: proposals,
        meta: { locale: locale ?? null, skipped: ids.filter((id: string) => !found.has(id)) },
      };
    },
  };
};

export default suggestController;
