import type { Core } from '@strapi/strapi';
import { createVersionsTable } from './versions-table';
import { createCountTables } from './count-tables';
import { createTagArchiveTable } from './tag-archive-table';
import { createCountLeaseTable } from './count-lease-table';

/**
 * The plugin's own tables (outside Strapi's content-type schema), created by
 * Strapi's internal migrations as Strapi's own packages do: registered here in
 * `register`, run once each in the schema sync of the next boot (before any
 * plugin's `bootstrap` and the `afterSync` hook, after `beforeSync`), in order,
 * each in a transaction, and recorded by name in `strapi_migrations_internal`.
 * Each one is idempotent (tables made by hand by earlier versions are kept).
 */
const MIGRATIONS = [
  createVersionsTable,
  createCountTables,
  createTagArchiveTable,
  createCountLeaseTable,
];

export const registerMigrations = (strapi: Core.Strapi) => {
  for (const migration of MIGRATIONS) strapi.db.migrations.providers.internal.register(migration);
};
