import type { Core } from '@strapi/strapi';
import { answerWith } from '../utils/errors';
import { getService } from '../utils/get-service';

/** Settings page, visitor signal rules: read (coverage.read), replace (settings.manage). */
const signalRulesController = ({ strapi }: { strapi: Core.Strapi }) => {
  const rules = () => getService('signal-rules', strapi);
  return {
    find: (ctx: any) => answerWith(ctx, async () => ({ data: await rules().get() })),
    update: (ctx: any) =>
      answerWith(ctx, async () => ({ data: await rules().update(ctx.request.body) })),
  };
};

export default signalRulesController;
