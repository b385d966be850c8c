import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

const statusOf = (query: any): 'draft' | 'published' =>
  query.status === 'published' ? 'published' : 'draft';
const listOfIds = (raw: unknown): unknown =>
  typeof raw === 'string' ? raw.split(',').filter(Boolean) : raw;

/**
 * Admin tag API: thin. The tags service does validation and runs the Content
 * Manager's permission path (services/tag-access.ts) with the admin's ability.
 */
const tagsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const tags = () => getService('tags', strapi);
  const run = async (ctx: any, fn: (caller: { userAbility: unknown }) => Promise<unknown>) => {
    ctx.body = await fn({ userAbility: ctx.state.userAbility });
  };

  return {
    findOne: (ctx: any) =>
      run(ctx, async (caller) => ({
        data: await tags().get(ctx.params.uid, ctx.params.documentId, {
          ...caller,
          locale: ctx.query.locale,
          status: statusOf(ctx.query),
        }),
      })),

    /** `GET /journey/tags/:uid?documentIds=a,b&locale=&status=`: the list view's column; entries the admin may not read are left out. */
    findMany: (ctx: any) =>
      run(ctx, async (caller) => ({
        data: await tags().getMany(ctx.params.uid, listOfIds(ctx.query.documentIds), {
          ...caller,
          locale: ctx.query.locale,
          status: statusOf(ctx.query),
        }),
      })),

    /** `PUT /journey/tags/:uid` `{ documentIds, stages, audience?, locale?, mode? }`: the bulk action. */
    updateMany: (ctx: any) =>
      run(ctx, (caller) => tags().setMany(ctx.params.uid, ctx.request.body ?? {}, caller)),

    update: (ctx: any) =>
      run(ctx, async (caller) => ({
        data: await tags().set(
          ctx.params.uid,
          ctx.params.documentId,
          ctx.request.body ?? {},
          caller
        ),
      })),
  };
};

export default tagsController;
