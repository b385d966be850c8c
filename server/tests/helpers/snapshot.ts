import crypto from 'crypto';
import type { TestApp } from './strapi';

/**
 * A checksum of everything a journey request could write: the stage rows, every
 * journey-tagged type's entry rows and tag link rows, and the core store (where the
 * plugin keeps its settings and content version). Equal checksums before and after a
 * request = the request wrote nothing.
 */
export const contentChecksum = async (app: TestApp, uids: string[]) => {
  const { strapi } = app;
  const schema = strapi.db.getSchemaName?.();
  const tables = new Set<string>([strapi.db.metadata.get('plugin::journey.stage').tableName, 'strapi_core_store_settings']);
  for (const uid of uids) {
    const meta: any = strapi.db.metadata.get(uid);
    tables.add(meta.tableName);
    if (meta.attributes.journeyStages?.joinTable) tables.add(meta.attributes.journeyStages.joinTable.name);
  }
  const hash = crypto.createHash('sha1');
  for (const table of [...tables].sort()) {
    const q = strapi.db.connection(table);
    if (schema) q.withSchema(schema);
    const rows = await q.select('*').orderBy('id');
    hash.update(table).update(JSON.stringify(rows));
  }
  return hash.digest('hex');
};
