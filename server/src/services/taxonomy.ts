import type { Core } from '@strapi/strapi';
import {
  applyTypeTargetEdits,
  buildTaxonomy,
  mergeTypeTargets,
  type StageOverride,
  type Taxonomy,
  type TypeTarget,
  type TypeTargets,
} from '../../../plugin/src';
import { STAGE_UID } from '../constants';
import { pluginConfig } from '../utils/plugin-config';
import { bumpVersions, TAXONOMY_SCOPE } from '../utils/content-version';

/** Settings-page edits, stored on each stage's row (see content-types/stage/schema.json). */
const OVERRIDE_FIELDS = {
  label: 'labelOverride',
  description: 'descriptionOverride',
  target: 'targetOverride',
  retired: 'retiredOverride',
} as const;

/**
 * The taxonomy as this project uses it: config (frameworks, overrides) with the
 * settings page's edits on top. Edits live in the database, one row per stage,
 * and are read on each call, so every Strapi instance on the database agrees.
 */
const taxonomyService = ({ strapi }: { strapi: Core.Strapi }) => {
  const stages = () => strapi.db.query(STAGE_UID);
  let built: { version: number; taxonomy: Taxonomy } | null = null;
  /** The settings page's per-type targets: one core-store value (config's are under them). */
  const typeTargetStore = () =>
    strapi.store({ type: 'plugin', name: 'journey', key: 'type-targets' });

  return {
    /** Settings-page overrides by stage id. */
    async readSettings(): Promise<Record<string, StageOverride>> {
      const rows = await stages().findMany({
        select: ['stageId', ...Object.values(OVERRIDE_FIELDS)],
      });
      const out: Record<string, StageOverride> = {};
      for (const row of rows as any[]) {
        const o: StageOverride = {};
        for (const [key, column] of Object.entries(OVERRIDE_FIELDS)) {
          if (row[column] !== null && row[column] !== undefined)
            (o as any)[key] = key === 'retired' ? Boolean(row[column]) : row[column];
        }
        if (Object.keys(o).length) out[row.stageId] = o;
      }
      return out;
    },

    /** Writes only the given fields of the given stages (an atomic UPDATE per stage), then refreshes derived columns. */
    async writeSettings(changes: Record<string, StageOverride>) {
      for (const [id, o] of Object.entries(changes)) {
        const data = Object.fromEntries(
          Object.entries(o)
            .filter(([k]) => k in OVERRIDE_FIELDS)
            .map(([k, v]) => [(OVERRIDE_FIELDS as any)[k], v])
        );
        if (Object.keys(data).length) await stages().update({ where: { stageId: id }, data });
      }
      await this.syncStageRows();
      await bumpVersions(strapi, [TAXONOMY_SCOPE]);
    },

    async readTypeTargets(): Promise<TypeTargets> {
      return ((await typeTargetStore().get({})) as TypeTargets | null) ?? {};
    },

    /**
     * Applies checked edits (`null` = back to the stage's target). Read, edit, write
     * of one small value: two admins saving the same cell at once, the last wins.
     */
    async writeTypeTargets(edits: Record<string, Record<string, TypeTarget | null>>) {
      const next = applyTypeTargetEdits(await this.readTypeTargets(), edits);
      await typeTargetStore().set({ value: next });
      await bumpVersions(strapi, [TAXONOMY_SCOPE]);
    },

    /**
     * The taxonomy as of a taxonomy change counter (utils/content-version.ts): built
     * once per counter value, so hot paths (coverage, recommend) do not re-read the
     * settings rows on every request, and every instance rebuilds after any change.
     */
    async at(version: number): Promise<Taxonomy> {
      if (built && built.version === version) return built.taxonomy;
      const taxonomy = await this.get();
      built = { version, taxonomy };
      return taxonomy;
    },

    async get(): Promise<Taxonomy> {
      const config = pluginConfig(strapi);
      const [settings, typeTargets] = await Promise.all([
        this.readSettings(),
        this.readTypeTargets(),
      ]);
      const stageOverrides: Record<string, StageOverride> = { ...config.stages };
      for (const [id, o] of Object.entries(settings))
        stageOverrides[id] = { ...stageOverrides[id], ...o };
      return buildTaxonomy({
        frameworks: config.frameworks,
        stageOverrides,
        formatAffinity: config.formatAffinity,
        defaultTarget: config.defaultTarget,
        typeTargets: mergeTypeTargets(config.targets, typeTargets),
      });
    },

    /** Stage rows by stage id (`b2b:research` → { id, documentId }); retired ones included. */
    async stageRows(): Promise<Map<string, { id: number; documentId: string; retired: boolean }>> {
      const rows = await stages().findMany({ select: ['id', 'documentId', 'stageId', 'retired'] });
      return new Map(
        rows.map((r: any) => [
          r.stageId,
          { id: r.id, documentId: r.documentId, retired: Boolean(r.retired) },
        ])
      );
    },

    /**
     * Makes the stage table mirror the taxonomy. Stages that left the config are
     * marked retired, never deleted: entries keep their links until an admin moves
     * them. Safe when several instances boot at once: stage_id has a unique index,
     * and a lost insert race just re-reads.
     */
    async syncStageRows() {
      const taxonomy = await this.get();
      const existing = await stages().findMany({});
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
          try {
            await strapi.documents(STAGE_UID as any).create({ data } as any);
          } catch (error) {
            if (!(await stages().findOne({ where: { stageId: stage.id } }))) throw error; // not a lost race
          }
        } else if (Object.entries(data).some(([k, v]) => row[k] !== v)) {
          await stages().update({ where: { id: row.id }, data });
        }
      }
      for (const row of existing as any[]) {
        if (!taxonomy.byId.has(row.stageId) && !row.retired)
          await stages().update({ where: { id: row.id }, data: { retired: true } });
      }
    },
  };
};

export default taxonomyService;
