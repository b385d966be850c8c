import { createTable, dropTables, type Migration } from './ddl';

/**
 * Who is rebuilding a type's coverage counts (queries/count-lease.ts): one row per type
 * while an instance holds the rebuild, with the time it lapses, so a crashed holder's
 * claim is taken over.
 */
export const LEASE_TABLE = 'journey_count_leases';

export const createCountLeaseTable: Migration = {
  name: 'journey::04-create-journey-count-leases',
  async up(trx, db) {
    await createTable(trx, db, LEASE_TABLE, (t) => {
      t.string('uid', 255).notNullable().primary();
      t.string('holder', 255).notNullable();
      t.bigInteger('expires_at').notNullable(); // epoch ms of the holder's clock
    });
  },
  down: dropTables(LEASE_TABLE),
};
