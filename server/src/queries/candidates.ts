import type { Core } from '@strapi/strapi';
import { audiencesServing, type SeenEntry, type VisitorAudience } from '../../../plugin/src';
import { tagStorage, unionAllOf } from './tag-storage';

export interface CandidateRow {
  uid: string;
  id: number;
  documentId: string;
  publishedAt: string | null;
  audience: string;
}

export interface CandidateScope {
  audience?: VisitorAudience;
  /** Locale per localized type (the request's, or the site's default); absent for other types. */
  locales: Record<string, string | undefined>;
  /** Every documentId not to serve. */
  exclude: string[];
  /**
   * When known (a visitor's request): which of `exclude` are published entries of which
   * type, with their published stages, and which are of unknown type (the request's own
   * `exclude`). Each sub-select then excludes only the ids that can match it.
   */
  excludeTagged?: { byType: Map<string, SeenEntry[]>; untyped: string[] };
  limit: number;
}

/**
 * The ids a sub-select of `uid` for these stages must exclude. A seen entry can only be
 * a candidate of its own type at a stage it carries; a seen id found in no readable
 * type is no candidate at all. A visitor sends up to 50 ids, and a 50-id `NOT IN` in
 * every sub-select was the whole cost of signals over an explicit stage (bench/visitor.js).
 */
const exclusionFor = (uid: string, stageIds: Set<string>, scope: CandidateScope): string[] => {
  if (!scope.excludeTagged) return scope.exclude;
  const tagged = (scope.excludeTagged.byType.get(uid) ?? [])
    .filter((e) => e.stages.some((id) => stageIds.has(id)))
    .map((e) => e.documentId);
  return [...scope.excludeTagged.untyped, ...tagged];
};

/** A row of `publishedRows` as the ranking reads it. */
const toCandidateRow = (r: any): CandidateRow => ({
  uid: r.content_type,
  id: Number(r.id),
  documentId: r.document_id,
  publishedAt: toIso(r.published_at),
  audience: r.audience,
});

const toIso = (v: unknown) =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

/**
 * The SQL of the recommend endpoint. Strapi's relation filter turns into
 * `SELECT DISTINCT t0.* … LEFT JOIN link … ORDER BY … LIMIT`, which sorts every
 * matching full row before the limit (measured in bench/: the main cost at 10k+).
 * Here, candidates are found with an EXISTS probe on the link table's
 * (entry, stage) index, walking `<table>_journey_idx` (journey_audience,
 * published_at, document_id, id) newest first and stopping at `limit`: per type
 * and per audience value one sub-select, all of them in one UNION ALL statement.
 */
export const candidateSql = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = strapi.db.connection;
  const schema = strapi.db.getSchemaName();
  // Sub-selects inside whereExists() do not inherit Strapi's schema: qualify them.
  const q = (name: string) => (schema ? `${schema}.${name}` : name);

  /** A type's published rows (in one locale when it is localized), as candidate columns. */
  const publishedRows = (uid: string, locale: string | undefined) => {
    const s = tagStorage(strapi, uid);
    return strapi.db
      .getConnection(`${s.table} as t`)
      .select(
        knex.raw('? as content_type', [uid]),
        't.id',
        't.document_id',
        't.published_at',
        `t.${s.audienceColumn} as audience`
      )
      .whereNotNull('t.published_at')
      .modify((qb: any) => {
        if (locale) qb.where('t.locale', locale);
      });
  };

  return {
    /** One tier's candidates: at most `limit` rows per type and audience value, in one statement. */
    async tierRows(
      uids: string[],
      stageIds: string[],
      scope: CandidateScope
    ): Promise<CandidateRow[]> {
      if (uids.length === 0 || stageIds.length === 0) return [];
      // With an audience: the exact audience first, then `both`; without: one list, newest first.
      const audiences: Array<string | null> = scope.audience
        ? audiencesServing(scope.audience)
        : [null];
      const tierStages = new Set(stageIds);
      const selects = uids.flatMap((uid) => {
        const s = tagStorage(strapi, uid);
        const locale = scope.locales[uid];
        const exclude = exclusionFor(uid, tierStages, scope);
        return audiences.map((audience) =>
          publishedRows(uid, locale)
            .modify((qb: any) => {
              if (audience) qb.where(`t.${s.audienceColumn}`, audience);
              if (exclude.length) qb.whereNotIn('t.document_id', exclude);
            })
            .whereExists(function linked(this: any) {
              this.select(knex.raw('1'))
                .from(`${q(s.linkTable)} as l`)
                .whereRaw(`l.${s.entryColumn} = t.id`)
                .whereIn(`l.${s.stageColumn}`, function tierStages(this: any) {
                  this.select('st.id')
                    .from(`${q(s.stageTable)} as st`)
                    .whereIn('st.stage_id', stageIds);
                });
            })
            .orderBy([
              { column: 't.published_at', order: 'desc' },
              // Same direction as published_at: MariaDB can then read the index backwards and
              // stop at `limit` instead of sorting every match (measured in bench/).
              { column: 't.document_id', order: 'desc' },
            ])
            .limit(scope.limit)
        );
      });
      const rows: any[] = await unionAllOf(strapi, selects, 'c');
      // The tags were read a moment earlier: an entry re-tagged or published since could slip
      // through the narrowed exclusion. Then the tier is read again the plain way.
      if (scope.excludeTagged) {
        const excluded = new Set(scope.exclude);
        if (rows.some((r) => excluded.has(r.document_id)))
          return this.tierRows(uids, stageIds, { ...scope, excludeTagged: undefined });
      }
      return rows.map(toCandidateRow);
    },

    /**
     * An experiment's baseline (services/experiments.ts): what a site shows without the
     * plugin. `newest`: the newest published entries of the served types, whatever their
     * stage or audience; with `documentIds` (a fixed list): those, in that order. Same
     * published, locale and exclude filters as the tiers.
     */
    async baselineRows(
      uids: string[],
      scope: Pick<CandidateScope, 'locales' | 'exclude' | 'limit'>,
      documentIds?: string[]
    ): Promise<CandidateRow[]> {
      if (uids.length === 0 || documentIds?.length === 0) return [];
      const selects = uids.map((uid) => {
        return publishedRows(uid, scope.locales[uid])
          .modify((qb: any) => {
            if (documentIds) qb.whereIn('t.document_id', documentIds);
            if (scope.exclude.length) qb.whereNotIn('t.document_id', scope.exclude);
          })
          .orderBy([
            { column: 't.published_at', order: 'desc' },
            { column: 't.document_id', order: 'desc' },
          ])
          .limit(documentIds ? documentIds.length : scope.limit);
      });
      const rows: any[] = await unionAllOf(strapi, selects, 'c');
      const out: CandidateRow[] = rows.map(toCandidateRow);
      const order = documentIds
        ? (r: CandidateRow) => documentIds.indexOf(r.documentId)
        : (r: CandidateRow) => -Date.parse(r.publishedAt ?? '') || 0;
      out.sort((a, b) => order(a) - order(b) || (a.documentId < b.documentId ? 1 : -1));
      return out.slice(0, scope.limit);
    },

    /** Stage ids of the given rows, primary first: one small query per type that has candidates. */
    async stagesOf(rows: CandidateRow[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      const byType = new Map<string, number[]>();
      for (const r of rows) byType.set(r.uid, [...(byType.get(r.uid) ?? []), r.id]);
      await Promise.all(
        [...byType].map(async ([uid, ids]) => {
          const s = tagStorage(strapi, uid);
          const links = await strapi.db
            .getConnection(`${s.linkTable} as l`)
            .join(`${s.stageTable} as st`, 'st.id', `l.${s.stageColumn}`)
            .whereIn(`l.${s.entryColumn}`, ids)
            .select(`l.${s.entryColumn} as entry`, 'st.stage_id as stage')
            .orderBy([{ column: `l.${s.entryColumn}` }, { column: `l.${s.orderColumn}` }]);
          for (const l of links as any[]) {
            const key = `${uid}|${Number(l.entry)}`;
            out.set(key, [...(out.get(key) ?? []), l.stage]);
          }
        })
      );
      return out;
    },
  };
};
