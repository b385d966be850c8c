import type { Core } from '@strapi/strapi';
import { audiencesServing } from '../../../plugin/src';
import { MAX_SEEN } from '../../../plugin/src/contracts/limits';
import { candidateSql, type CandidateRow, type CandidateScope } from '../queries/candidates';
import { TAXONOMY_SCOPE, typeScope, type Versions } from '../utils/content-version';

/**
 * Rows kept at most over all lists (a row is five short fields, ~200 bytes: ~10 MB). A list
 * holds at most (types × 2 audiences) × (limit + HEADROOM) rows; least recently used lists
 * leave first until the total is under the bound.
 */
export const MAX_ROWS = 50_000;
/** As the response cache's: a write that moves no counter (raw SQL, a locale edit) shows within it. */
export const TTL_MS = 30_000;
/**
 * Rows read past `limit` per sub-select, for the ids a request excludes: a visitor's seen
 * list holds at most MAX_SEEN ids and `from` one more. A request that excludes more of one
 * sub-select's rows than this is answered by the SQL, never short.
 */
export const HEADROOM = MAX_SEEN + 1;

interface List {
  rows: CandidateRow[];
  /** Rows per sub-select, `uid|audience` (audience '' without one), in the statement's order. */
  groups: Array<{ rows: CandidateRow[]; complete: boolean }>;
  expires: number;
}

/**
 * A tier's candidate rows without the exclusions, per (types, stages, audience, locales,
 * limit) and the change counters of those types and of the taxonomy (issue #22). A
 * visitor's request excludes its own seen ids, so the statement with `NOT IN` was never the
 * same twice; the same statement without them is, and the exclusion is applied here. Each
 * sub-select is ordered by (published_at, document_id) — a total order, since a document has
 * one published row per locale — so dropping the excluded ids from its first
 * `limit + HEADROOM` rows and keeping `limit` gives the rows `NOT IN … LIMIT limit` gives,
 * whenever `limit` rows are left or the sub-select had no more rows. A write of a type or
 * of the taxonomy, on any instance, moves a counter in the key: never a stale list.
 */
const candidateCacheService = ({ strapi }: { strapi: Core.Strapi }) => {
  // Map keeps insertion order: re-inserting on a hit makes the first key the least recently used.
  const lists = new Map<string, List>();
  const inFlight = new Map<string, Promise<List>>();
  let rowsKept = 0;
  let hits = 0;
  let misses = 0;
  let fallbacks = 0;

  const keep = (key: string, list: List) => {
    const old = lists.get(key);
    if (old) rowsKept -= old.rows.length;
    lists.delete(key);
    lists.set(key, list);
    rowsKept += list.rows.length;
    while (rowsKept > MAX_ROWS && lists.size > 1) {
      const first = lists.keys().next().value as string;
      rowsKept -= lists.get(first)!.rows.length;
      lists.delete(first);
    }
  };

  const load = async (
    uids: string[],
    stageIds: string[],
    scope: CandidateScope,
    audiences: Array<string | null>
  ): Promise<List> => {
    const fetched = scope.limit + HEADROOM;
    const rows = await candidateSql({ strapi }).tierRows(uids, stageIds, {
      ...scope,
      exclude: [],
      excludeTagged: undefined,
      limit: fetched,
    });
    const byGroup = new Map<string, CandidateRow[]>();
    for (const row of rows) {
      const group = `${row.uid}|${audiences[0] === null ? '' : row.audience}`;
      byGroup.set(group, [...(byGroup.get(group) ?? []), row]);
    }
    const groups = uids.flatMap((uid) =>
      audiences.map((audience) => {
        const found = byGroup.get(`${uid}|${audience ?? ''}`) ?? [];
        return { rows: found, complete: found.length < fetched };
      })
    );
    return { rows, groups, expires: Date.now() + TTL_MS };
  };

  return {
    /** sql.tierRows(uids, stageIds, scope), from a list kept at these counters when it can. */
    async tierRows(
      uids: string[],
      stageIds: string[],
      scope: CandidateScope,
      versions?: Versions
    ): Promise<CandidateRow[]> {
      const sql = candidateSql({ strapi });
      if (!versions || uids.length === 0 || stageIds.length === 0)
        return sql.tierRows(uids, stageIds, scope);
      const audiences: Array<string | null> = scope.audience
        ? audiencesServing(scope.audience)
        : [null];
      const key = JSON.stringify([
        uids,
        stageIds,
        scope.audience ?? null,
        uids.map((uid) => scope.locales[uid] ?? null),
        scope.limit,
        uids.map((uid) => versions[typeScope(uid)] ?? 0),
        versions[TAXONOMY_SCOPE] ?? 0,
      ]);
      let list = lists.get(key);
      if (list && list.expires > Date.now()) {
        hits += 1;
        keep(key, list);
      } else {
        misses += 1;
        // Requests that miss together on one key share one read.
        let loading = inFlight.get(key);
        if (!loading) {
          loading = load(uids, stageIds, scope, audiences).finally(() => inFlight.delete(key));
          inFlight.set(key, loading);
        }
        list = await loading;
        keep(key, list);
      }
      const excluded = new Set(scope.exclude);
      const out: CandidateRow[] = [];
      for (const group of list.groups) {
        const left = group.rows.filter((row) => !excluded.has(row.documentId));
        if (left.length < scope.limit && !group.complete) {
          fallbacks += 1;
          return sql.tierRows(uids, stageIds, scope);
        }
        out.push(...left.slice(0, scope.limit));
      }
      return out;
    },

    stats: () => ({ lists: lists.size, rows: rowsKept, hits, misses, fallbacks }),
    clear: () => {
      lists.clear();
      rowsKept = 0;
    },
  };
};

export default candidateCacheService;
