import type { Core } from '@strapi/strapi';

type Key = Record<string, string>;

/** Rows per INSERT: far below every database's bound-parameter limit (SQLite's 32766 is the lowest). */
const CHUNK = 200;
/** Distinct keys one buffer holds; beyond it new keys are dropped (and logged), never memory without bound. */
export const MAX_KEYS = 50_000;

/**
 * Counts held in memory and written as atomic increments: one upsert row per key,
 * `INSERT … ON CONFLICT (key columns) DO UPDATE SET n = n + excluded.n` on SQLite
 * and PostgreSQL, `… ON DUPLICATE KEY UPDATE n = n + VALUES(n)` on MySQL/MariaDB.
 * The database adds, so any number of instances can count into the same rows
 * without reading them first and without losing an increment.
 */
export class CounterBuffer {
  private counts = new Map<string, { key: Key; n: number }>();
  private dropped = 0;

  constructor(
    private readonly strapi: Core.Strapi,
    private readonly table: string,
    private readonly keyColumns: string[]
  ) {}

  get size() {
    return this.counts.size;
  }

  add(key: Key, n = 1) {
    const id = this.keyColumns.map((c) => key[c]).join('\u0000');
    const hit = this.counts.get(id);
    if (hit) hit.n += n;
    else if (this.counts.size < MAX_KEYS) this.counts.set(id, { key, n });
    else this.dropped += n;
  }

  /** Writes and clears what is buffered. On a database error the counts go back into the buffer for the next flush. */
  async flush() {
    if (this.dropped) {
      this.strapi.log.warn(
        `[journey] ${this.table}: ${this.dropped} counts dropped (more than ${MAX_KEYS} distinct keys between two flushes)`
      );
      this.dropped = 0;
    }
    if (this.counts.size === 0) return 0;
    const batch = [...this.counts.entries()];
    this.counts = new Map();
    // The same key order on every instance: concurrent upserts lock rows in one order and cannot deadlock.
    batch.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let written = 0;
    try {
      for (let i = 0; i < batch.length; i += CHUNK) {
        const rows = batch.slice(i, i + CHUNK).map(([, { key, n }]) => ({ ...key, n }));
        await this.upsert(rows);
        written = i + rows.length;
      }
    } catch (error) {
      for (const [, { key, n }] of batch.slice(written)) this.add(key, n);
      throw error;
    }
    return batch.length;
  }

  private upsert(rows: Array<Record<string, string | number>>) {
    const knex = this.strapi.db.connection;
    const mysql = (this.strapi.db as any).dialect.client === 'mysql';
    const increment = mysql
      ? knex.raw('?? + VALUES(??)', ['n', 'n'])
      : knex.raw('??.?? + excluded.??', [this.table, 'n', 'n']);
    return this.strapi.db
      .getConnection(this.table)
      .insert(rows)
      .onConflict(this.keyColumns)
      .merge({ n: increment });
  }
}
