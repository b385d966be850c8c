import type { Core } from '@strapi/strapi';
import { VERSION_TABLE } from '../migrations/versions-table';
import { isUniqueViolation } from './transactions';

/**
 * Change counters that caches are checked against: one row per scope
 * (`type:<uid>` for each journey type, `taxonomy` for stages and settings,
 * `signal-rules` for the settings page's visitor rules) in
 * `journey_versions`, a table outside Strapi's content-type schema (created by the
 * plugin's migration, migrations/versions-table.ts).
 *
 * Why counters, after commit: a single row written inside every entry's
 * transaction is a hot row that serialises all editors and deadlocks against the
 * entry rows on PostgreSQL and MariaDB (measured: 27 of 54 concurrent writes
 * answered 500). Here a write only registers its scope; the increment runs once
 * per transaction, after it commits, as its own one-row autocommit statement, so
 * it never holds a lock while entry rows are locked. Every instance reads the
 * same rows, so a write on one instance invalidates the caches of all of them.
 *
 * The window between commit and increment is milliseconds; a process that dies in
 * it leaves caches stale for at most their TTL (coverage: 60 s).
 */
export const TAXONOMY_SCOPE = 'taxonomy';
/** The settings page's signal rules (services/signal-rules.ts): a recommend answer with signals depends on them. */
export const RULES_SCOPE = 'signal-rules';
/** The experiments' list (services/experiments.ts): a save changes which arm serves what. */
export const EXPERIMENTS_SCOPE = 'experiments';
export const typeScope = (uid: string) => `type:${uid}`;

export type Versions = Record<string, number>;

const table = (strapi: Core.Strapi) => strapi.db.getConnection(VERSION_TABLE);

/** Adds a row for each scope that has none yet (the table comes from the plugin's migration). */
export const addVersionScopes = async (strapi: Core.Strapi, scopes: string[]) => {
  const existing = new Set((await table(strapi).select('scope')).map((r: any) => r.scope));
  for (const scope of scopes.filter((s) => !existing.has(s))) {
    await table(strapi)
      .insert({ scope, n: 0 })
      .catch((error) => {
        if (!isUniqueViolation(error)) throw error; // anything but another instance inserting it first
      });
  }
};

const compiled = new WeakMap<object, { sql: string; bindings: readonly unknown[] }>();

/**
 * Every scope's counter, in one query. It runs on every recommend request, so its
 * SQL is compiled once per Strapi instance and sent raw (building it with knex on
 * each call cost about as much as running it).
 */
export const readVersions = async (strapi: Core.Strapi): Promise<Versions> => {
  let statement = compiled.get(strapi);
  if (!statement) {
    statement = table(strapi).select('scope', 'n').toSQL();
    compiled.set(strapi, statement);
  }
  const res: any = await strapi.db.connection.raw(statement.sql, statement.bindings as any[]);
  // better-sqlite3: rows; mysql2: [rows, fields]; pg: { rows }.
  const rows: any[] = Array.isArray(res) ? (Array.isArray(res[0]) ? res[0] : res) : res.rows;
  return Object.fromEntries(rows.map((r: any) => [r.scope, Number(r.n)]));
};

/** One string for "anything changed" (callers that cache across all types). */
export const contentVersion = async (strapi: Core.Strapi): Promise<string> => {
  const versions = await readVersions(strapi);
  return Object.keys(versions)
    .sort()
    .map((k) => `${k}=${versions[k]}`)
    .join(';');
};

const increment = async (strapi: Core.Strapi, scopes: Iterable<string>) => {
  // Sorted, one row at a time: two writers never wait on each other's second row.
  for (const scope of [...new Set(scopes)].sort()) {
    const changed = Number(await table(strapi).where({ scope }).increment('n', 1));
    if (changed === 0) {
      // Another instance inserted the row since: count on it. Any other error is thrown.
      await table(strapi)
        .insert({ scope, n: 1 })
        .catch((error) => {
          if (!isUniqueViolation(error)) throw error;
          return table(strapi).where({ scope }).increment('n', 1);
        });
    }
  }
};

const pending = new WeakMap<object, Set<string>>();

/**
 * Marks scopes as changed. Inside a transaction the increment waits for its
 * commit (and is dropped on rollback); outside one it runs now.
 */
export const bumpVersions = async (strapi: Core.Strapi, scopes: string[]) => {
  if (!strapi.db.inTransaction()) {
    await increment(strapi, scopes);
    return;
  }
  await strapi.db.transaction(({ trx, onCommit }: any) => {
    const queued = pending.get(trx);
    if (queued) {
      scopes.forEach((s) => queued.add(s));
      return;
    }
    const set = new Set(scopes);
    pending.set(trx, set);
    onCommit(() =>
      increment(strapi, set).catch((error) =>
        strapi.log.warn(
          `[journey] could not record a content change (${(error as Error).message}); caches expire within their TTL`
        )
      )
    );
  });
};

/** Scopes of every journey type plus the taxonomy: what a taxonomy-wide change (retire, restore) touches. */
export const allScopes = (uids: string[]) => [TAXONOMY_SCOPE, ...uids.map(typeScope)];
