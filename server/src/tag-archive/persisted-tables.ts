import type { Core } from '@strapi/strapi';
import type { TagStorage } from '../queries/tag-storage';

const STAGE_TABLE = 'journey_stages';

/** Adds the stage table and every journey link table to Strapi's persisted tables (idempotent). */
export const persistLinkTables = async (
  strapi: Core.Strapi,
  storage: Record<string, TagStorage>
) => {
  const current = ((await strapi.store.get({ type: 'core', key: 'persisted_tables' })) ??
    []) as Array<string | { name: string }>;
  const names = new Set(current.map((t) => (typeof t === 'string' ? t : t.name)));
  const wanted = [
    { name: STAGE_TABLE },
    // A link table goes when its entry table goes (the content type was deleted).
    ...Object.values(storage).map((s) => ({ name: s.linkTable, dependsOn: [{ name: s.table }] })),
  ].filter((t) => !names.has(t.name));
  if (wanted.length)
    await strapi.store.set({
      type: 'core',
      key: 'persisted_tables',
      value: [...current, ...wanted],
    });
};
