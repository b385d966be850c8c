import type { Core } from '@strapi/strapi';

/** PostgreSQL `deadlock_detected` / `serialization_failure`, MySQL/MariaDB `ER_LOCK_DEADLOCK` / lock wait timeout, SQLite busy. */
export const isRetryable = (error: any): boolean =>
  ['40P01', '40001'].includes(error?.code) ||
  [1213, 1205].includes(error?.errno) ||
  ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY'].includes(error?.code) ||
  // Strapi's layers may wrap the driver's error and keep only its message.
  /deadlock|Lock wait timeout exceeded|could not serialize access|database is locked/i.test(
    String(error?.message ?? '')
  ) ||
  (error?.cause !== undefined && error.cause !== error && isRetryable(error.cause));

/** A unique key another writer inserted first (PostgreSQL 23505, MySQL 1062, SQLite UNIQUE). */
export const isUniqueViolation = (error: any): boolean =>
  error?.code === '23505' ||
  error?.errno === 1062 ||
  error?.code === 'ER_DUP_ENTRY' ||
  /UNIQUE constraint failed|duplicate key value|Duplicate entry/i.test(
    String(error?.message ?? '')
  );

/**
 * The one retry policy: runs `work` again (up to `attempts` times, with a short random
 * back-off) only when it failed for a reason a retry can cure, by default a deadlock
 * or serialization failure (`isRetryable`). Any other error is thrown at once.
 */
export const withRetries = async <T>(
  work: () => Promise<T>,
  {
    attempts = 8,
    retryable = isRetryable,
  }: { attempts?: number; retryable?: (e: unknown) => boolean } = {}
): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !retryable(error)) throw error;
      // Exponential back-off with jitter (20 ms … ~1 s): under a burst of writers on
      // MariaDB, gap-lock deadlocks on the link table's reorder can repeat a few times.
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(1000, 10 * 2 ** attempt) * (0.5 + Math.random()))
      );
    }
  }
};

/**
 * Runs `work` in one transaction, again when the database picked it as a deadlock
 * victim (`withRetries`). A rolled-back attempt leaves nothing behind, so a retry is
 * safe; what an editor sees is a slower answer instead of a 500.
 */
export const inRetriedTransaction = <T>(
  strapi: Core.Strapi,
  work: (trx: any) => Promise<T>,
  attempts = 8
): Promise<T> =>
  withRetries<T>(
    () => strapi.db.transaction(({ trx }: any) => work(trx)) as unknown as Promise<T>,
    { attempts }
  );
