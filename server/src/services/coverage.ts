import type { Core } from '@strapi/strapi';
import { coverageMatrix, JourneyInputError, listOf, type TypeCounts } from '../../../plugin/src';
import { contentTypes } from '@strapi/utils';
import { isLocalized, journeyTypeUids } from '../utils/journey-types';
import { tagStorage } from './storage';
import { assertSiteLocale } from '../utils/locales';
import { readVersions, TAXONOMY_SCOPE, typeScope } from '../utils/content-version';
import type { TagCaller } from './tag-access';

export interface CoverageQuery {
  audience?: unknown;
  locale?: unknown;
  status?: unknown;
}

const AUDIENCE_SCOPES = ['all', 'b2b', 'b2c'];
const STATUSES = ['published', 'draft'];

/**
 * The numbers of the coverage page. Three SQL counts per content type (total,
 * untagged, and per stage with GROUP BY), whatever the number of entries;
 * no entry is loaded. Counts are documents (COUNT DISTINCT document_id), so an
 * entry translated into two locales counts once unless a locale is chosen.
 */
const CACHE_TTL_MS = 60_000; // bounds staleness after writes that bypass Strapi (raw SQL imports)
const CACHE_MAX = 500; // entries are per type and scope

const coverageService = ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = new Map<string, { version: number; expires: number; counts: TypeCounts }>();
  return {
  parse(query: CoverageQuery) {
    for (const key of Object.keys(query)) {
      if (!['audience', 'locale', 'status'].includes(key)) throw new JourneyInputError(key, `${key} is not a parameter: use audience, locale, status`, ['audience', 'locale', 'status']);
    }
    const audience = query.audience ?? 'all';
    if (typeof audience !== 'string' || !AUDIENCE_SCOPES.includes(audience)) {
      throw new JourneyInputError('audience', `audience must be one of ${listOf(AUDIENCE_SCOPES)}`, AUDIENCE_SCOPES);
    }
    const status = query.status ?? 'published';
    if (typeof status !== 'string' || !STATUSES.includes(status)) {
      throw new JourneyInputError('status', `status must be one of ${listOf(STATUSES)}`, STATUSES);
    }
    const locale = query.locale === undefined || query.locale === '' ? undefined : query.locale;
    if (locale !== undefined && typeof locale !== 'string') throw new JourneyInputError('locale', 'locale must be given once');
    return { audience, status, locale: locale as string | undefined };
  },

  async counts(uid: string, scope: { audience: string; status: string; locale?: string }): Promise<TypeCounts> {
    const s = tagStorage(strapi, uid);
    const schema: any = strapi.getModel(uid as any);
    const localized = isLocalized(strapi, uid);
    const draftAndPublish = contentTypes.hasDraftAndPublish(schema);
    const knex = strapi.db.connection;
    const inScope = (qb: any) => {
      if (draftAndPublish) {
        if (scope.status === 'published') qb.whereNotNull('t.published_at');
        else qb.whereNull('t.published_at');
      }
      if (localized && scope.locale) qb.where('t.locale', scope.locale);
      if (scope.audience !== 'all') qb.whereIn(`t.${s.audienceColumn}`, [scope.audience, 'both']);
    };
    // getConnection() puts Strapi's PostgreSQL schema on the FROM table and every join.
    const from = () => strapi.db.getConnection(`${s.table} as t`);
    const link = `${s.linkTable} as l`;
    const stages = `${s.stageTable} as st`;

    // One row is one document per locale and a link row is unique per (entry, stage),
    // so plain counts are exact; only a localized type counted across its locales
    // needs COUNT(DISTINCT document_id) (measured 2-10x faster at 100k in bench/).
    const docs = localized && !scope.locale ? 'COUNT(DISTINCT t.document_id)' : 'COUNT(*)';
    const linkName = s.linkTable;
    const schemaName = strapi.db.getSchemaName();
    const qualifiedLink = schemaName ? `${schemaName}.${linkName}` : linkName;

    const [total, untagged, byStage] = await Promise.all([
      from().modify(inScope).select(knex.raw(`${docs} as n`)).first(),
      from()
        .modify(inScope)
        // A sub-select in whereNotExists() does not inherit Strapi's schema: qualify it.
        .whereNotExists(function untaggedRows(this: any) {
          this.select(knex.raw('1')).from(`${qualifiedLink} as l`).whereRaw(`l.${s.entryColumn} = t.id`);
        })
        .select(knex.raw(`${docs} as n`))
        .first(),
      from()
        .join(link, `l.${s.entryColumn}`, 't.id')
        .join(stages, 'st.id', `l.${s.stageColumn}`)
        .modify(inScope)
        .groupBy('st.stage_id')
        .select('st.stage_id as stage', knex.raw(`${docs} as n`)),
    ]);
    return {
      uid,
      displayName: schema.info?.displayName ?? uid,
      total: Number((total as any)?.n ?? 0),
      untagged: Number((untagged as any)?.n ?? 0),
      byStage: Object.fromEntries((byStage as any[]).map((r) => [r.stage, Number(r.n)])),
    };
  },

  /**
   * The matrix for one scope, with a row for each journey type the reader may
   * read in the Content Manager (`caller.userAbility`; none = every type).
   * Counting is linear in a type's size, so each type's counts are cached per
   * scope and reused while that type's change counter (utils/content-version.ts)
   * is unchanged, for at most CACHE_TTL_MS: a write recounts only its own type,
   * and a write on any instance invalidates every instance's copy.
   */
  async matrix(query: CoverageQuery, caller: TagCaller = {}) {
    const scope = this.parse(query);
    await assertSiteLocale(strapi, scope.locale);
    const access = strapi.plugin('journey').service('tag-access');
    const uids = journeyTypeUids(strapi).filter((uid) => access.mayAccessType(caller, uid, 'read'));
    const versions = await readVersions(strapi);
    const taxonomy = await strapi.plugin('journey').service('taxonomy').at(versions[TAXONOMY_SCOPE] ?? 0);
    const types = await Promise.all(
      uids.map(async (uid) => {
        const key = `${uid}|${JSON.stringify(scope)}`;
        const version = versions[typeScope(uid)] ?? 0;
        const hit = cache.get(key);
        if (hit && hit.version === version && hit.expires > Date.now()) return hit.counts;
        const counts = await this.counts(uid, scope);
        if (cache.size >= CACHE_MAX) cache.clear();
        cache.set(key, { version, expires: Date.now() + CACHE_TTL_MS, counts });
        return counts;
      })
    );
    return { data: coverageMatrix(taxonomy.stages, types), meta: scope };
  },
  };
};

export default coverageService;
