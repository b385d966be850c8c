import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { rethrowAsHttp } from '../utils/errors';

const canOnType = (ctx: any, action: 'read' | 'update', uid: string) =>
  ctx.state.userAbility?.can(`plugin::content-manager.explorer.${action}`, uid);

/**
 * Admin tag API. Editing tags is editing the entry, so it asks for the same
 * Content Manager permission on the type as a save would.
 */
const tagsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const tags = () => strapi.plugin('journey').service('tags');

  const guard = (ctx: any, action: 'read' | 'update') => {
    const { uid } = ctx.params;
    tags().assertJourneyType(uid);
    if (!canOnType(ctx, action, uid)) throw new errors.ForbiddenError(`You may not ${action} ${uid} entries`);
  };

  return {
    async findOne(ctx: any) {
      try {
        guard(ctx, 'read');
        const status = ctx.query.status === 'published' ? 'published' : 'draft';
        ctx.body = { data: await tags().get(ctx.params.uid, ctx.params.documentId, { locale: ctx.query.locale, status }) };
      } catch (e) {
        rethrowAsHttp(e);
      }
    },

    async update(ctx: any) {
      try {
        guard(ctx, 'update');
        const body = ctx.request.body ?? {};
        ctx.body = { data: await tags().set(ctx.params.uid, ctx.params.documentId, body) };
      } catch (e) {
        rethrowAsHttp(e);
      }
    },
  };
};

export default tagsController;
