import type { Core } from '@strapi/strapi';
import { publicTaxonomy } from '../../../plugin/src';
import { getService } from '../utils/get-service';

/**
 * `GET /api/journey/stages`. Named `stage.find` on purpose: its action id is
 * `plugin::journey.stage.find`, the scope Strapi's sanitizer checks before it lets
 * a caller filter or populate the `journeyStages` relation. Granting this route to
 * a role is what makes `filters[journeyStages][stageId][$eq]=…` work for it.
 */
const stageController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    const taxonomy = await getService('taxonomy', strapi).get();
    ctx.body = { data: publicTaxonomy(taxonomy) };
  },

  /** `GET /journey/stages` (admin, any logged-in admin): the same plus the format affinity table, for the editor's panel. */
  async adminFind(ctx: any) {
    const taxonomy = await getService('taxonomy', strapi).get();
    // The side panel writes `journeyStages` through the Content Manager's own
    // form, whose relation payload names stage rows by documentId.
    const rows: Map<string, { documentId: string }> = await getService(
      'taxonomy',
      strapi
    ).stageRows();
    const documentIds = Object.fromEntries(
      [...rows].map(([stageId, row]) => [stageId, row.documentId])
    );
    ctx.body = {
      data: { ...publicTaxonomy(taxonomy), formatAffinity: taxonomy.formatAffinity, documentIds },
    };
  },
});

export default stageController;
