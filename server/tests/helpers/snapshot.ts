import crypto from 'crypto';
import type { TestApp } from './strapi';

/**
 * A checksum of everything a journey request could write: the stage rows, every
 * journey-tagged type's entry rows and tag link rows, and the plugin's keys of the core
 * store (its settings and content version). Equal checksums before and after a
 * request = the request wrote nothing.
 */
export const contentChecksum = async (app: TestApp, uids: string[]) => {
  const { strapi } = app;
  const schema = strapi.db.getSchemaName?.();
  const tables = new Set<string>([
    strapi.db.metadata.get('plugin::journey.stage').tableName,
    'strapi_core_store_settings',
  ]);
  for (const uid of uids) {
    const meta: any = strapi.db.metadata.get(uid);
    tables.add(meta.tableName);
    if (meta.attributes.journeyStages?.joinTable)
      tables.add(meta.attributes.journeyStages.joinTable.name);
  }
  const out: Record<string, string> = {};
  const sorted = [...tables].sort();
  // In parallel: this runs after every fuzz request.
  const all = await Promise.all(
    sorted.map((table) =>
      (schema ? strapi.db.connection(table).withSchema(schema) : strapi.db.connection(table))
        .select('*')
        .orderBy('id')
    )
  );
  sorted.forEach((table, i) => {
    const rows = all[i];
    if (table === 'strapi_core_store_settings') {
      // The plugin's own keys only (Strapi's timers write others, e.g. plugin_upload_metrics), per key.
      for (const row of rows.filter((r: any) => String(r.key).startsWith('plugin_journey')))
        out[`${table}[${row.key}]`] = crypto
          .createHash('sha1')
          .update(JSON.stringify(row))
          .digest('hex');
    } else out[table] = crypto.createHash('sha1').update(JSON.stringify(rows)).digest('hex');
  });
  return out;
};

/** The tables whose checksum differs between two snapshots. */
export const changedTables = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys({ ...a, ...b }).filter((t) => a[t] !== b[t]);
