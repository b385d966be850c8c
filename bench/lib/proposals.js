'use strict';
/**
 * What-if SQL: query shapes the plugin could use instead of the ones it sends
 * today, measured on the same data beside the recorded ones. Nothing here is
 * used by the plugin; it exists so docs/benchmarks.md can show the effect of a
 * proposed change with numbers. Identifiers are plain snake_case (no quoting
 * needed on SQLite, PostgreSQL or MariaDB); values are bindings.
 */

const TYPES = [
  {
    uid: 'api::blog-post.blog-post',
    table: 'blog_posts',
    link: 'blog_posts_journey_stages_lnk',
    entry: 'blog_post_id',
    locale: 'en',
  },
  {
    uid: 'api::whitepaper.whitepaper',
    table: 'whitepapers',
    link: 'whitepapers_journey_stages_lnk',
    entry: 'whitepaper_id',
  },
  {
    uid: 'api::case-study.case-study',
    table: 'case_studies',
    link: 'case_studies_journey_stages_lnk',
    entry: 'case_study_id',
  },
];

/**
 * One index per type: the candidate query reads it backwards for one audience
 * (newest first, ties by document_id descending) and stops after `limit` hits;
 * coverage can count the rows in scope from it without reading the wide rows
 * (id included for PostgreSQL's index-only scans; SQLite and InnoDB add it anyway).
 */
const candidateIndexes = () =>
  TYPES.map((t) => ({
    name: `${t.table}_journey_idx`,
    table: t.table,
    columns: ['journey_audience', 'published_at', 'document_id', 'id'],
  }));

const createIndexSql = (ix) => `CREATE INDEX ${ix.name} ON ${ix.table} (${ix.columns.join(', ')})`;
const dropIndexSql = (client, ix) =>
  client === 'mysql' ? `DROP INDEX ${ix.name} ON ${ix.table}` : `DROP INDEX ${ix.name}`;

/**
 * One statement for one match tier of a recommend request, all types at once:
 * per type and per audience value (exact audience first, then `both`, as the
 * plugin's sort does), the `limit` newest published entries that have a stage
 * of the tier — an EXISTS probe on the link table's (entry, stage) unique index
 * instead of a join + DISTINCT over whole rows, so the index below can be
 * walked newest-first and stopped after `limit` hits. Ties in published_at go
 * by document_id descending (see bench/lib/prototype.js).
 */
function candidateStatement({ stageIds, audiences, limit }) {
  const parts = [];
  const bindings = [];
  let k = 0;
  for (const t of TYPES) {
    for (const audience of audiences) {
      k++;
      parts.push(
        `SELECT * FROM (SELECT ? AS content_type, t.id, t.document_id, t.published_at, t.journey_audience FROM ${t.table} t ` +
          `WHERE t.journey_audience = ? AND t.published_at IS NOT NULL${t.locale ? ' AND t.locale = ?' : ''} ` +
          `AND EXISTS (SELECT 1 FROM ${t.link} l WHERE l.${t.entry} = t.id AND l.stage_id IN (SELECT s.id FROM journey_stages s WHERE s.stage_id IN (${stageIds.map(() => '?').join(', ')}))) ` +
          `ORDER BY t.published_at DESC, t.document_id DESC LIMIT ${Number(limit)}) c${k}`
      );
      bindings.push(t.uid, audience, ...(t.locale ? [t.locale] : []), ...stageIds);
    }
  }
  return { sql: parts.join(' UNION ALL '), bindings };
}

/**
 * Coverage counts without COUNT(DISTINCT …) over a join, reading the published
 * rows first: a published (or draft) row is one document per locale and a link
 * row is unique per (entry, stage), so for a non-localized type (or one locale)
 * plain counts give the same numbers; a localized type counted across locales
 * keeps COUNT(DISTINCT document_id). The by-stage count starts from the entity
 * rows in scope (SQLite: CROSS JOIN fixes that join order; the others choose it
 * themselves) and probes the link table's (entry, stage) index.
 */
function coverageStatements(client) {
  const out = [];
  const join = client === 'sqlite' ? 'CROSS JOIN' : 'JOIN';
  for (const t of TYPES) {
    const docs = t.locale ? 'COUNT(DISTINCT t.document_id)' : 'COUNT(*)';
    const untaggedDocs = t.locale ? 'COUNT(DISTINCT t.document_id)' : 'COUNT(*)';
    out.push({
      sql: `SELECT ${docs} AS total FROM ${t.table} t WHERE t.published_at IS NOT NULL`,
      bindings: [],
    });
    out.push({
      sql: `SELECT ${untaggedDocs} AS untagged FROM ${t.table} t WHERE t.published_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${t.link} l WHERE l.${t.entry} = t.id)`,
      bindings: [],
    });
    out.push({
      sql: `SELECT l.stage_id AS stage_row, ${docs} AS n FROM ${t.table} t ${join} ${t.link} l ON l.${t.entry} = t.id WHERE t.published_at IS NOT NULL GROUP BY l.stage_id`,
      bindings: [],
    });
  }
  return out;
}

/** What a cached answer has to read per request to know it is still current: one row by primary key. */
const versionProbeStatement = () => ({
  sql: 'SELECT id, value FROM strapi_core_store_settings WHERE id = (SELECT MIN(id) FROM strapi_core_store_settings)',
  bindings: [],
});

module.exports = {
  candidateIndexes,
  createIndexSql,
  dropIndexSql,
  candidateStatement,
  coverageStatements,
  versionProbeStatement,
  TYPES,
};
