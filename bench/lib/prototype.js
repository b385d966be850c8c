'use strict';
/**
 * A PROTOTYPE of a proposed change to the plugin's recommend service, for
 * measurement only: the bench swaps it in for `tierCandidates` in the running
 * Strapi process (IPC command `prototype`), measures, and swaps the original
 * back. Everything else — parameter parsing, permissions, tiers, ranking,
 * sanitizing, ETag — stays the plugin's own code. Not used by the plugin.
 *
 * Today `tierCandidates` calls strapi.documents(uid).findMany with a relation
 * filter: Strapi turns that into SELECT DISTINCT t0.* … LEFT JOIN link LEFT JOIN
 * stages … ORDER BY … LIMIT, which must find, de-duplicate and sort every
 * matching row (whole rows) before the LIMIT, plus a populate query, inside a
 * transaction. The prototype asks for the same rows in two steps:
 *   1. candidates: per audience value (exact first, then `both`; one list
 *      without an audience), the `limit` newest published rows that have a
 *      stage of the tier, by an EXISTS probe
 *      on the link table's (entry, stage) unique index — with an index on
 *      (journey_audience, published_at, document_id, id) the database walks
 *      newest-first and stops after `limit` hits (bench/lib/proposals.js
 *      creates it);
 *      Ties in published_at are broken by document_id DESCENDING (the plugin:
 *      ascending): with the index on (journey_audience, published_at,
 *      document_id) every database can then read it backwards and stop early —
 *      MariaDB cannot for a mixed DESC/ASC order and sorts every match instead.
 *      On millisecond timestamps a tie at the limit boundary is rare, and the
 *      bench checks that the answers stay byte-identical;
 *   2. hydrate only those rows through Strapi's query engine
 *      (strapi.db.query(uid).findMany by id, journeyStages populated).
 * Requests with fields, populate or exclude fall back to the original.
 */

async function tierCandidates(strapi, uid, stageIds, params) {
  const meta = strapi.db.metadata.get(uid);
  const join = meta.attributes.journeyStages.joinTable;
  const stageTable = strapi.db.metadata.get('plugin::journey.stage').tableName;
  const schema = strapi.db.getSchemaName();
  const q = (name) => (schema ? `${schema}.${name}` : name);
  const knex = strapi.db.connection;
  const model = strapi.getModel(uid);
  const localized = model.pluginOptions?.i18n?.localized === true;
  const locale = localized
    ? (params.locale ?? (await strapi.plugin('i18n').service('locales').getDefaultLocale()))
    : undefined;
  // With an audience: exact audience first, then `both` (as the plugin sorts); without: one list, newest first.
  const audiences = params.audience ? [params.audience, 'both'] : [null];

  const one = (audience, k) =>
    strapi.db
      .getConnection(`${meta.tableName} as t`)
      .select(knex.raw('? as aud_order', [k]), 't.id', 't.document_id', 't.published_at')
      .whereNotNull('t.published_at')
      .modify((qb) => {
        if (audience) qb.where('t.journey_audience', audience);
      })
      .modify((qb) => {
        if (locale) qb.where('t.locale', locale);
      })
      .whereExists(function exists() {
        this.select(knex.raw('1'))
          .from(`${q(join.name)} as l`)
          .whereRaw(`l.${join.joinColumn.name} = t.id`)
          .whereIn(`l.${join.inverseJoinColumn.name}`, function stageRows() {
            this.select('s.id')
              .from(`${q(stageTable)} as s`)
              .whereIn('s.stage_id', stageIds);
          });
      })
      .orderBy([
        { column: 't.published_at', order: 'desc' },
        { column: 't.document_id', order: 'desc' },
      ])
      .limit(params.limit);

  let union = knex.select('*').from(one(audiences[0], 0).as('c0'));
  audiences.slice(1).forEach((a, i) => {
    union = union.unionAll(knex.select('*').from(one(a, i + 1).as(`c${i + 1}`)));
  });
  const rows = await union;
  rows.sort(
    (a, b) =>
      a.aud_order - b.aud_order ||
      new Date(b.published_at) - new Date(a.published_at) ||
      (a.document_id < b.document_id ? 1 : a.document_id > b.document_id ? -1 : 0)
  );
  const ids = rows.slice(0, params.limit).map((r) => Number(r.id));
  if (!ids.length) return [];

  const entries = await strapi.db.query(uid).findMany({
    where: { id: { $in: ids } },
    populate: { journeyStages: { select: ['stageId'] } },
  });
  const byId = new Map(entries.map((e) => [Number(e.id), e]));
  const format = model.pluginOptions?.journey?.format;
  return (
    ids
      .map((id) => byId.get(id))
      .filter(Boolean)
      // The Document Service's rows start with its sort columns (journeyAudience, which the
      // answer drops, then publishedAt, documentId, id): same key order, same body, same ETag.
      .map(({ journeyAudience, publishedAt, documentId, id, ...rest }) => ({
        journeyAudience,
        publishedAt,
        documentId,
        id,
        ...rest,
      }))
      .map((entry) => ({
        documentId: entry.documentId,
        contentType: uid,
        format,
        publishedAt: entry.publishedAt ? new Date(entry.publishedAt).toISOString() : null,
        stages: (entry.journeyStages ?? []).map((s) => s.stageId),
        audience: entry.journeyAudience,
        entry,
      }))
  );
}

/** Swaps the prototype in (enable) or the original back; returns whether it is active. */
function install(strapi, enable, state) {
  const svc = strapi.plugin('journey').service('recommend');
  if (!state.original) state.original = svc.tierCandidates;
  if (!enable) {
    svc.tierCandidates = state.original;
    return false;
  }
  const original = state.original;
  svc.tierCandidates = async function prototypeTierCandidates(uid, stageIds, params, query) {
    if (query?.fields || query?.populate || params.exclude?.length)
      return original.call(this, uid, stageIds, params, query);
    return tierCandidates(strapi, uid, stageIds, params);
  };
  return true;
}

module.exports = { install, tierCandidates };
