import { createTable, dropTables, type Migration } from './ddl';

/** Coverage counts (services/coverage-counts.ts): a base row per (type, key) … */
export const COUNTS_TABLE = 'journey_counts';
/** … plus delta rows, only ever inserted by the writes that change a count. */
export const DELTAS_TABLE = 'journey_count_deltas';

export const createCountTables: Migration = {
  name: 'journey::02-create-journey-counts',
  async up(trx, db) {
    await createTable(trx, db, COUNTS_TABLE, (t) => {
      t.string('uid', 255).notNullable();
      t.string('k', 255).notNullable();
      t.bigInteger('n').notNullable().defaultTo(0);
      t.primary(['uid', 'k']);
    });
    await createTable(trx, db, DELTAS_TABLE, (t) => {
      t.increments('id');
      t.string('uid', 255).notNullable();
      t.string('k', 255).notNullable();
      t.integer('d').notNullable();
      t.index(['uid'], `${DELTAS_TABLE}_uid_idx`);
    });
  },
  down: dropTables(DELTAS_TABLE, COUNTS_TABLE),
};
