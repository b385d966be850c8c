import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { AUDIENCE_ATTRIBUTE, STAGES_ATTRIBUTE } from '../constants';
import { rethrowAsHttp, JourneyInputError } from '../utils/errors';
import { MAX_BULK } from '../services/tags';

/**
 * Admin tag API. Editing tags is editing the entry, so it asks the Content
 * Manager's own permission checker, on the entry itself: conditions such as
 * "is creator", field-level limits on journeyStages/journeyAudience and locale
 * limits apply exactly as they do to a Content Manager save.
 */
const tagsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const tags = () => strapi.plugin('journey').service('tags');

  const guard = async (ctx: any, action: 'read' | 'update', status: 'draft' | 'published', locale: unknown, documentId = ctx.params.documentId) => {
    const { uid } = ctx.params;
    tags().assertJourneyType(uid);
    const checker = strapi.plugin('content-manager').service('permission-checker').create({ userAbility: ctx.state.userAbility, model: uid });
    if (checker.cannot[action]()) throw new errors.ForbiddenError(`You may not ${action} ${uid} entries`);
    const localized = (strapi.contentTypes as any)[uid]?.pluginOptions?.i18n?.localized === true;
    const where: any = { documentId, publishedAt: status === 'draft' ? null : { $notNull: true } };
    if (localized && typeof locale === 'string' && locale) where.locale = locale;
    const entry = await strapi.db.query(uid as any).findOne({ where, populate: ['createdBy'] });
    if (!entry) return; // the service answers 404 with the parameter named
    const denied = [undefined, STAGES_ATTRIBUTE, AUDIENCE_ATTRIBUTE].some((field) => checker.cannot[action](entry, field));
    if (denied) throw new errors.ForbiddenError(`You may not ${action} the journey tags of this ${uid} entry`);
  };

  return {
    async findOne(ctx: any) {
      try {
        const status = ctx.query.status === 'published' ? 'published' : 'draft';
        await guard(ctx, 'read', status, ctx.query.locale);
        ctx.body = { data: await tags().get(ctx.params.uid, ctx.params.documentId, { locale: ctx.query.locale, status }) };
      } catch (e) {
        rethrowAsHttp(e);
      }
    },

    /**
     * `GET /journey/tags/:uid?documentIds=a,b&locale=&status=`: the list view's
     * column in one request per page. Entries the admin may not read are left out.
     */
    async findMany(ctx: any) {
      try {
        const { uid } = ctx.params;
        tags().assertJourneyType(uid);
        const raw = ctx.query.documentIds;
        const ids = typeof raw === 'string' ? raw.split(',').filter(Boolean) : [];
        if (ids.length === 0 || ids.length > MAX_BULK) throw new JourneyInputError('documentIds', `documentIds must be a comma list of 1 to ${MAX_BULK} documentIds`);
        const status = ctx.query.status === 'published' ? 'published' : 'draft';
        const checker = strapi.plugin('content-manager').service('permission-checker').create({ userAbility: ctx.state.userAbility, model: uid });
        if (checker.cannot.read()) throw new errors.ForbiddenError(`You may not read ${uid} entries`);
        const found = await tags().getMany(uid, ids, { locale: ctx.query.locale, status });
        // One query for the permission subjects (createdBy, locale) of every entry.
        const where: any = { documentId: { $in: found.map((t: any) => t.documentId) }, publishedAt: status === 'draft' ? null : { $notNull: true } };
        if (found.some((t: any) => t.locale)) where.locale = found[0].locale;
        const entries = await strapi.db.query(uid as any).findMany({ where, populate: ['createdBy'] });
        const readable = new Set(
          entries.filter((e: any) => [undefined, STAGES_ATTRIBUTE, AUDIENCE_ATTRIBUTE].every((f) => !checker.cannot.read(e, f))).map((e: any) => e.documentId)
        );
        ctx.body = { data: found.filter((t: any) => readable.has(t.documentId)) };
      } catch (e) {
        rethrowAsHttp(e);
      }
    },

    /** `PUT /journey/tags/:uid` `{ documentIds, stages, audience?, locale?, mode? }`: the bulk action. */
    async updateMany(ctx: any) {
      try {
        const body = ctx.request.body ?? {};
        const ids = Array.isArray(body.documentIds) ? body.documentIds.filter((id: unknown) => typeof id === 'string') : [];
        for (const id of ids) await guard(ctx, 'update', 'draft', body.locale, id);
        ctx.body = { data: await tags().setMany(ctx.params.uid, body) };
      } catch (e) {
        rethrowAsHttp(e);
      }
    },

    async update(ctx: any) {
      try {
        const body = ctx.request.body ?? {};
        await guard(ctx, 'update', 'draft', body.locale);
        ctx.body = { data: await tags().set(ctx.params.uid, ctx.params.documentId, body) };
      } catch (e) {
        rethrowAsHttp(e);
      }
    },
  };
};

export default tagsController;
