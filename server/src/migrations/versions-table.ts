import { createTable, dropTables, type Migration } from './ddl';

/** The change counters caches are checked against (utils/content-version.ts): one row per scope. */
export const VERSION_TABLE = 'journey_versions';

export const createVersionsTable: Migration = {
  name: 'journey::01-create-journey-versions',
  async up(trx, db) {
    await createTable(trx, db, VERSION_TABLE, (t) => {
      t.string('scope', 255).primary();
      t.bigInteger('n').notNullable().defaultTo(0);
    });
  },
  down: dropTables(VERSION_TABLE),
};
