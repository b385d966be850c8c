import type { Core } from '@strapi/strapi';

/** What Strapi hands a registered migration: its transaction and the database. */
export type Migration = Parameters<
  Core.Strapi['db']['migrations']['providers']['internal']['register']
>[0];
export type Trx = Parameters<Migration['up']>[0];
export type Db = Parameters<Migration['up']>[1];

/**
 * Runs one DDL step of a migration unless `done()` already holds.
 *
 * Strapi runs pending migrations on every instance that boots, without a lock, so
 * two instances booting at once may both run this: the one that loses the race
 * fails its step and then finds it done. On PostgreSQL a failed statement aborts
 * the whole transaction, so there the step runs in a savepoint (a nested knex
 * transaction); MySQL commits DDL implicitly and SQLite keeps the transaction
 * usable, so a savepoint is neither needed nor (on MySQL) possible there.
 */
export const ddlStep = async (
  trx: Trx,
  db: Db,
  done: () => Promise<boolean>,
  step: (trx: Trx) => Promise<unknown>
) => {
  if (await done()) return;
  try {
    if (db.dialect.client === 'postgres') await trx.transaction((sp) => step(sp));
    else await step(trx);
  } catch (error) {
    if (!(await done())) throw error;
  }
};

/** Creates `table` unless it exists (see `ddlStep`). */
export const createTable = (
  trx: Trx,
  db: Db,
  table: string,
  build: (t: any) => void
): Promise<void> =>
  ddlStep(
    trx,
    db,
    () => db.getSchemaConnection(trx).hasTable(table),
    (t) => db.getSchemaConnection(t).createTable(table, build)
  );

/** Adds a column unless it exists (see `ddlStep`). */
export const addColumn = (
  trx: Trx,
  db: Db,
  table: string,
  column: string,
  add: (t: any) => void
): Promise<void> =>
  ddlStep(
    trx,
    db,
    () => db.getSchemaConnection(trx).hasColumn(table, column),
    (t) => db.getSchemaConnection(t).alterTable(table, add)
  );

/** The inverse of a table-creating migration. */
export const dropTables =
  (...tables: string[]) =>
  async (trx: Trx, db: Db) => {
    for (const table of tables) await db.getSchemaConnection(trx).dropTableIfExists(table);
  };
