import type { Core, UID } from '@strapi/strapi';
import { coverageMatrix, stagesForAudience, type TypeCounts } from '../../../plugin/src';
import { isLocalized } from '../utils/i18n';
import { journeyTypeUids } from '../utils/journey-types';
import { countKey } from './coverage-counts';
import { assertSiteLocale } from '../utils/locales';
import { readVersions, TAXONOMY_SCOPE, typeScope } from '../utils/content-version';
import type { TagCaller } from './tag-access';
import { getService } from '../utils/get-service';
import { parseCoverageQuery } from '../validation/coverage';

export interface CoverageQuery {
  audience?: unknown;
  locale?: unknown;
  status?: unknown;
}

/**
 * The numbers of the coverage page, from counts maintained in the write path
 * (services/coverage-counts.ts): reading them costs the same at 1k and 100k
 * entries; no entry is loaded. Counts are documents, so an entry translated into
 * two locales counts once unless a locale is chosen.
 */
const CACHE_TTL_MS = 60_000; // re-reads the maintained counts at least this often

const coverageService = ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = new Map<
    string,
    { version: string; expires: number; counts: Map<string, number>; recounting: boolean }
  >();
  return {
    /** The query, checked by its schema (validation/coverage.ts). */
    parse(query: CoverageQuery) {
      return parseCoverageQuery(query as Record<string, unknown>);
    },

    /** One scope's numbers of a type, from its maintained counts (services/coverage-counts.ts). */
    typeCounts(
      uid: string,
      counts: Map<string, number>,
      scope: { audience: string; status: string; locale?: string }
    ): TypeCounts {
      const schema = strapi.getModel(uid as UID.ContentType);
      // A type that is not localized has one row per document and status: its locale is "all".
      const locale = isLocalized(strapi, uid) && scope.locale ? scope.locale : '*';
      const prefix = countKey(scope.status, scope.audience, locale, '');
      const byStage: Record<string, number> = {};
      for (const [k, n] of counts)
        if (n !== 0 && k.startsWith(`${prefix}st:`)) byStage[k.slice(prefix.length + 3)] = n;
      return {
        uid,
        displayName: schema.info?.displayName ?? uid,
        total: counts.get(`${prefix}total`) ?? 0,
        untagged: counts.get(`${prefix}untagged`) ?? 0,
        byStage,
      };
    },

    /**
     * The matrix for one scope, with a row for each journey type the reader may
     * read in the Content Manager (`caller.userAbility`; none = every type).
     * Each type's counts (every scope at once) are kept in memory while that type's
     * change counter and the taxonomy's (utils/content-version.ts) are unchanged, for
     * at most CACHE_TTL_MS: after a write, only that type's counts are read again
     * (two small queries), and a write on any instance invalidates every instance's copy.
     */
    async matrix(query: CoverageQuery, caller: TagCaller = {}) {
      const scope = this.parse(query);
      await assertSiteLocale(strapi, scope.locale);
      const access = getService('tag-access', strapi);
      const uids = journeyTypeUids(strapi).filter((uid) =>
        access.mayAccessType(caller, uid, 'read')
      );
      const versions = await readVersions(strapi);
      const taxonomy = await getService('taxonomy', strapi).at(versions[TAXONOMY_SCOPE] ?? 0);
      const counter = getService('coverage-counts', strapi);
      const types = await Promise.all(
        uids.map(async (uid) => {
          const version = `${versions[typeScope(uid)] ?? 0}/${versions[TAXONOMY_SCOPE] ?? 0}`;
          let hit = cache.get(uid);
          if (!hit || hit.version !== version || hit.expires <= Date.now()) {
            const { counts, recounting } = await counter.read(uid, versions);
            hit = { version, expires: Date.now() + CACHE_TTL_MS, counts, recounting };
            // The last counts served during a recount are not kept: the next request reads
            // again, and has the rebuilt counts as soon as they are stored.
            if (recounting) cache.delete(uid);
            else cache.set(uid, hit);
          }
          return { ...this.typeCounts(uid, hit.counts, scope), recounting: hit.recounting };
        })
      );
      const stages = stagesForAudience(taxonomy, scope.audience);
      const matrix = coverageMatrix(stages, types, taxonomy.typeTargets);
      const recounting = new Set(types.filter((t) => t.recounting).map((t) => t.uid));
      // `recounting`: the type's figures are its last counts while they are rebuilt (a
      // write around Strapi, an import, a taxonomy change), so they may be a little behind.
      return {
        data: {
          ...matrix,
          rows: matrix.rows.map((row) => ({ ...row, recounting: recounting.has(row.uid) })),
        },
        meta: { ...scope, recounting: recounting.size > 0 },
      };
    },
  };
};

export default coverageService;
