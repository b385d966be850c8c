import type { Core, UID } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import { isLocalized } from '../utils/i18n';
import { journeyTypeUids } from '../utils/journey-types';
import { pluginConfig } from '../utils/plugin-config';
import { getService } from '../utils/get-service';
import { bumpVersions, readVersions, TAXONOMY_SCOPE, typeScope } from '../utils/content-version';
import type { Counts } from './coverage-counts';
import { tagStorage } from '../queries/tag-storage';

/**
 * Rows written around Strapi (a migration script's SQL, a restore of one table) are not
 * seen by the counts kept in the write path (coverage-counts.ts). This service notices
 * them cheaply: per type, two grouped aggregates over the tables (rows per status and
 * audience; stage links per status with the sum of their stage row ids) compared with
 * what the stored counts imply, in one snapshot. A mismatch marks the type invalid, so
 * the next coverage read has it rebuilt, and moves the type's change counter, so no cached
 * answer of the type (coverage, recommend) outlives the rows it was computed from. It runs every `countCheckMinutes` (default 10, off
 * the request path) and on an admin's Recount; a rename of one link onto another stage
 * that keeps every sum equal is the case it cannot see (Recount rebuilds regardless).
 */

type Status = 'published' | 'draft';
interface Fingerprint {
  rows: number;
  b2b: number;
  b2c: number;
  links: number;
  stageSum: number;
}
type Fingerprints = Record<Status, Fingerprint>;

const STATUS_SQL = 'CASE WHEN t.published_at IS NULL THEN 1 ELSE 0 END';
const empty = (): Fingerprints => ({
  published: { rows: 0, b2b: 0, b2c: 0, links: 0, stageSum: 0 },
  draft: { rows: 0, b2b: 0, b2c: 0, links: 0, stageSum: 0 },
});

/** What the stored counts say the tables hold (keys `status|audience|locale|what`). */
export const fingerprintOfCounts = (
  counts: Counts,
  localized: boolean,
  stageRowId: Map<string, number>
): Fingerprints => {
  const out = empty();
  for (const [key, n] of counts) {
    const [status, audience, locale, what] = key.split('|') as [Status, string, string, string];
    if (!out[status] || what === undefined) continue; // #built, #invalid
    // Per-locale keys count rows; the across-locales '*' keys count documents.
    if (localized ? locale === '*' : locale !== '*') continue;
    const f = out[status];
    if (what === 'total') {
      if (audience === 'all') f.rows += n;
      if (audience === 'b2b') f.b2b += n;
      if (audience === 'b2c') f.b2c += n;
    } else if (what.startsWith('st:') && audience === 'all') {
      f.links += n;
      f.stageSum += n * (stageRowId.get(what.slice(3)) ?? 0);
    }
  }
  return out;
};

const countCheckService = ({ strapi }: { strapi: Core.Strapi }) => {
  let timer: NodeJS.Timeout | undefined;
  const schemaName = () => strapi.db.getSchemaName() as any;
  const on = (table: string, trx: any) => trx(table).withSchema(schemaName());

  /** The same fingerprint, from the tables (two grouped queries). */
  const fingerprintOfTables = async (uid: string, trx: any): Promise<Fingerprints> => {
    const s = tagStorage(strapi, uid);
    const knex = strapi.db.connection;
    const draftAndPublish = contentTypes.hasDraftAndPublish(
      strapi.getModel(uid as UID.ContentType)
    );
    const [rows, links] = await Promise.all([
      on(`${s.table} as t`, trx)
        .select(knex.raw(`${STATUS_SQL} as draft`), `t.${s.audienceColumn} as audience`)
        .count({ n: '*' })
        .groupByRaw(STATUS_SQL)
        .groupBy(`t.${s.audienceColumn}`),
      on(`${s.linkTable} as l`, trx)
        .join(`${s.table} as t`, 't.id', `l.${s.entryColumn}`)
        .join(`${s.stageTable} as st`, 'st.id', `l.${s.stageColumn}`)
        .select(knex.raw(`${STATUS_SQL} as draft`))
        .count({ n: '*' })
        .sum({ s: `l.${s.stageColumn}` })
        .groupByRaw(STATUS_SQL),
    ]);
    const out = empty();
    // A type without draft & publish counts every row in both statuses, as the page does.
    const statuses = (r: any): Status[] =>
      draftAndPublish ? [Number(r.draft) ? 'draft' : 'published'] : ['published', 'draft'];
    for (const r of rows as any[])
      for (const status of statuses(r)) {
        const n = Number(r.n);
        out[status].rows += n;
        if (r.audience === 'b2b' || r.audience === 'both') out[status].b2b += n;
        if (r.audience === 'b2c' || r.audience === 'both') out[status].b2c += n;
      }
    for (const r of links as any[])
      for (const status of statuses(r)) {
        out[status].links += Number(r.n);
        out[status].stageSum += Number(r.s ?? 0);
      }
    return out;
  };

  return {
    /**
     * Whether `uid`'s stored counts match its tables, read in one snapshot; when they do
     * not, the type is marked invalid (its next coverage read has it rebuilt). A type whose
     * counts were never built, or are already marked, has nothing to check.
     */
    async check(uid: string): Promise<{ uid: string; stale: boolean }> {
      const counts = getService('coverage-counts', strapi);
      const isSqlite = strapi.db.dialect.client === 'sqlite';
      const stale = await strapi.db.connection.transaction(
        async (trx: any) => {
          const { counts: stored } = await counts.stored(uid, trx);
          if (!stored.has('#built') || (stored.get('#invalid') ?? 0) > 0) return false;
          const s = tagStorage(strapi, uid);
          const stageRowId = new Map<string, number>(
            (await on(s.stageTable, trx).select('id', 'stage_id')).map((r: any) => [
              r.stage_id,
              Number(r.id),
            ])
          );
          const expected = fingerprintOfCounts(stored, isLocalized(strapi, uid), stageRowId);
          const actual = await fingerprintOfTables(uid, trx);
          const same = JSON.stringify(expected) === JSON.stringify(actual);
          if (!same) await counts.invalidate(uid, trx);
          return !same;
        },
        isSqlite ? undefined : { isolationLevel: 'repeatable read' }
      );
      // Cached answers of the type (coverage, recommend) were computed from the old rows too.
      if (stale) await bumpVersions(strapi, [typeScope(uid)]);
      if (stale)
        strapi.log.warn(
          `[journey] coverage counts of ${uid} did not match its tables (rows written around Strapi?): recounting on the next read`
        );
      return { uid, stale };
    },

    /** Every journey type, one after the other. */
    async checkAll() {
      const results = [];
      for (const uid of journeyTypeUids(strapi)) results.push(await this.check(uid));
      return results;
    },

    /**
     * An admin's Recount: every journey type is rebuilt now, before the answer, whatever
     * its fingerprint. Not through a coverage read, which would serve the last counts and
     * rebuild in the background; not under the rebuild lease either, so the answer never
     * waits on another instance (a rebuild beside another is safe: rebuild's retries).
     * The types are marked invalid first, so one left unbuilt by an error is rebuilt later.
     */
    async recountAll(): Promise<string[]> {
      const uids = journeyTypeUids(strapi);
      const counts = getService('coverage-counts', strapi);
      await strapi.db.connection.transaction(async (trx: any) => {
        for (const uid of uids) await counts.invalidate(uid, trx);
      });
      const taxonomy = ((await readVersions(strapi))[TAXONOMY_SCOPE] ?? 0) + 1;
      for (const uid of uids) await counts.rebuild(uid, taxonomy);
      await bumpVersions(strapi, uids.map(typeScope));
      return uids;
    },

    /** The periodic check (bootstrap); each instance runs its own, which is harmless. */
    start() {
      const minutes = pluginConfig(strapi).countCheckMinutes;
      if (!minutes || timer) return;
      timer = setInterval(() => {
        this.checkAll().catch((error: Error) =>
          strapi.log.warn(`[journey] coverage count check failed: ${error.message}`)
        );
      }, minutes * 60_000);
      timer.unref();
    },

    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
};

export default countCheckService;
