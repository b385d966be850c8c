import type { Core } from '@strapi/strapi';
import { buildTaxonomy, type StageOverride, type Taxonomy } from '../../../plugin/src';
import { STAGE_UID } from '../constants';
import { pluginConfig } from '../utils/plugin-config';

const SETTINGS_KEY = 'settings';

export interface StoredSettings {
  stages?: Record<string, StageOverride>;
}

/**
 * The taxonomy as this project uses it: config (frameworks, overrides) with the
 * settings page's edits on top. Settings live in the database (core store), and
 * are read on each call, so every Strapi instance on the database agrees.
 */
const taxonomyService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'journey' });

  const readSettings = async (): Promise<StoredSettings> => ((await store().get({ key: SETTINGS_KEY })) as StoredSettings) ?? {};

  const build = (settings: StoredSettings): Taxonomy => {
    const config = pluginConfig(strapi);
    const stageOverrides: Record<string, StageOverride> = { ...config.stages };
    for (const [id, o] of Object.entries(settings.stages ?? {})) stageOverrides[id] = { ...stageOverrides[id], ...o };
    return buildTaxonomy({
      frameworks: config.frameworks,
      stageOverrides,
      formatAffinity: config.formatAffinity,
      defaultTarget: config.defaultTarget,
    });
  };

  return {
    readSettings,

    async writeSettings(settings: StoredSettings) {
      await store().set({ key: SETTINGS_KEY, value: settings });
      await this.syncStageRows();
    },

    async get(): Promise<Taxonomy> {
      return build(await readSettings());
    },

    /** Stage rows by stage id (`b2b:research` → { id, documentId }); retired ones included. */
    async stageRows(): Promise<Map<string, { id: number; documentId: string; retired: boolean }>> {
      const rows = await strapi.db.query(STAGE_UID).findMany({ select: ['id', 'documentId', 'stageId', 'retired'] });
      return new Map(rows.map((r: any) => [r.stageId, { id: r.id, documentId: r.documentId, retired: Boolean(r.retired) }]));
    },

    /**
     * Makes the stage table mirror the taxonomy. Stages that left the config are
     * marked retired, never deleted: entries keep their links until an admin moves them.
     */
    async syncStageRows() {
      const taxonomy = await this.get();
      const existing = await strapi.db.query(STAGE_UID).findMany({});
      const byStageId = new Map(existing.map((r: any) => [r.stageId, r]));
      for (const stage of taxonomy.byId.values()) {
        const data = {
          stageId: stage.id,
          framework: stage.framework,
          key: stage.key,
          label: stage.label,
          phase: stage.phase,
          order: stage.order,
          retired: stage.retired,
        };
        const row: any = byStageId.get(stage.id);
        if (!row) {
          await strapi.documents(STAGE_UID as any).create({ data } as any);
        } else if (Object.entries(data).some(([k, v]) => row[k] !== v)) {
          await strapi.db.query(STAGE_UID).update({ where: { id: row.id }, data });
        }
      }
      for (const row of existing as any[]) {
        if (!taxonomy.byId.has(row.stageId) && !row.retired) {
          await strapi.db.query(STAGE_UID).update({ where: { id: row.id }, data: { retired: true } });
        }
      }
    },
  };
};

export default taxonomyService;
