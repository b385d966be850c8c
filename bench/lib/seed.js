'use strict';
/**
 * Seeds tagged entries straight through Strapi's database layer (the knex
 * instance at strapi.db.connection), in batched multi-row INSERTs inside one
 * transaction per call, into exactly the rows the Document Service would write:
 *
 *   - entity rows in the type's table (blog_posts, whitepapers, case_studies):
 *     every document has a draft row (published_at NULL); a published document
 *     also has a published row with the same document_id (Strapi 5's model);
 *     blog posts (localized) carry locale 'en', the other types locale NULL;
 *   - link rows in <table>_journey_stages_lnk for both rows of a document, in
 *     order (stage_ord 1, 2, 3: the first is the primary stage).
 *
 * Entries are numbered globally; entry i goes to type i % 3 and gets its fields
 * from a PRNG seeded with i, so seeding 0..1k then 1k..10k gives exactly the
 * same library as seeding 0..10k at once. Distribution: audience b2b 40 %,
 * b2c 40 %, both 20 %; 10 % untagged; 20 % draft-only; 1–3 stages from the
 * audience's framework (either framework for `both`), every stage used.
 * Ids are assigned explicitly (max(id)+1…) so link rows need no read-back; the
 * PostgreSQL id sequences are moved past them afterwards.
 */

const TYPES = [
  'api::blog-post.blog-post',
  'api::whitepaper.whitepaper',
  'api::case-study.case-study',
];
const LOCALIZED = { 'api::blog-post.blog-post': 'en' };
const WORDS =
  'journey stage audience content buyer customer research decision platform data team growth pricing migration onboarding retention advocacy integration security analytics workflow pipeline roadmap value adoption'.split(
    ' '
  );

/** mulberry32: a small, fast, deterministic PRNG. */
const prng = (seed) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const documentId = (rnd) => {
  let s = '';
  for (let k = 0; k < 24; k++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
  return s;
};
const words = (rnd, n) => {
  const out = [];
  for (let k = 0; k < n; k++) out.push(WORDS[Math.floor(rnd() * WORDS.length)]);
  return out.join(' ');
};

const NOW = Date.UTC(2026, 0, 1);
const DAY = 86400000;

/** The fields of entry i (deterministic). */
function entry(i, stagesByFramework) {
  const rnd = prng(0x9e3779b1 ^ Math.imul(i + 1, 2654435761));
  const uid = TYPES[i % 3];
  const a = rnd();
  const audience = a < 0.4 ? 'b2b' : a < 0.8 ? 'b2c' : 'both';
  const tagged = rnd() >= 0.1;
  const published = rnd() >= 0.2;
  const framework = audience === 'both' ? (rnd() < 0.5 ? 'b2b' : 'b2c') : audience;
  const pool = stagesByFramework[framework];
  const stages = [];
  if (tagged) {
    const k = 1 + Math.floor(rnd() * 3);
    while (stages.length < k) {
      const s = pool[Math.floor(rnd() * pool.length)];
      if (!stages.includes(s)) stages.push(s);
    }
  }
  const created = new Date(NOW - Math.floor(rnd() * 730 * DAY));
  const publishedAt = new Date(created.getTime() + Math.floor(rnd() * 7 * DAY));
  const title = `${words(rnd, 5)} #${i}`;
  return {
    uid,
    documentId: documentId(rnd),
    audience,
    stages,
    published,
    created,
    publishedAt,
    title,
    slug: `bench-${i}`,
    summary: words(rnd, 18),
    body: words(rnd, 90),
  };
}

async function seed(strapi, { from, to }) {
  const started = Date.now();
  const knex = strapi.db.connection;
  const schema = strapi.db.getSchemaName ? strapi.db.getSchemaName() : undefined;
  const client = strapi.db.dialect.client;
  const stageMeta = strapi.db.metadata.get('plugin::journey.stage');
  const stageRows = await strapi.db
    .query('plugin::journey.stage')
    .findMany({ select: ['id', 'stageId', 'framework', 'retired'] });
  const stagesByFramework = {};
  for (const r of stageRows) {
    if (r.retired) continue;
    (stagesByFramework[r.framework] ??= []).push(r.id);
  }
  for (const list of Object.values(stagesByFramework)) list.sort((x, y) => x - y);
  if (!stagesByFramework.b2b || !stagesByFramework.b2c)
    throw new Error(`seed: stage rows missing (${stageMeta.tableName})`);

  const storage = Object.fromEntries(
    TYPES.map((uid) => {
      const meta = strapi.db.metadata.get(uid);
      const join = meta.attributes.journeyStages.joinTable;
      return [
        uid,
        {
          table: meta.tableName,
          link: join.name,
          entryColumn: join.joinColumn.name,
          stageColumn: join.inverseJoinColumn.name,
          orderColumn: join.orderColumnName,
        },
      ];
    })
  );

  const counts = { documents: 0, rows: 0, links: 0 };
  await knex.transaction(async (trx) => {
    const t = (name) => (schema ? trx(name).withSchema(schema) : trx(name));
    const nextId = {};
    for (const uid of TYPES) {
      const r = await t(storage[uid].table).max({ m: 'id' }).first();
      nextId[uid] = Number(r?.m ?? 0) + 1;
    }
    const rows = Object.fromEntries(TYPES.map((uid) => [uid, []]));
    const links = Object.fromEntries(TYPES.map((uid) => [uid, []]));
    // SQLite: knex writes a multi-row INSERT as SELECT … UNION ALL …, at most 500 terms.
    const maxRows = 400;
    const maxLinks = client === 'sqlite' ? 450 : 2000;
    const flush = async (force) => {
      for (const uid of TYPES) {
        const s = storage[uid];
        const linksDue = links[uid].length >= maxLinks || (force && links[uid].length);
        // Entity rows first: link rows reference them (foreign keys).
        if (rows[uid].length >= maxRows || ((force || linksDue) && rows[uid].length)) {
          await t(s.table).insert(rows[uid]);
          counts.rows += rows[uid].length;
          rows[uid] = [];
        }
        if (linksDue) {
          await t(s.link).insert(links[uid]);
          counts.links += links[uid].length;
          links[uid] = [];
        }
      }
    };
    for (let i = from; i < to; i++) {
      const e = entry(i, stagesByFramework);
      const s = storage[e.uid];
      const base = {
        document_id: e.documentId,
        title: e.title,
        slug: e.slug,
        summary: e.summary,
        body: e.body,
        internal_notes: `bench entry ${i}`,
        created_at: e.created,
        updated_at: e.publishedAt,
        created_by_id: null,
        updated_by_id: null,
        locale: LOCALIZED[e.uid] ?? null,
        journey_audience: e.audience,
      };
      const versions = e.published ? [null, e.publishedAt] : [null];
      for (const publishedAt of versions) {
        const id = nextId[e.uid]++;
        rows[e.uid].push({ id, ...base, published_at: publishedAt });
        e.stages.forEach((stageRowId, k) =>
          links[e.uid].push({
            [s.entryColumn]: id,
            [s.stageColumn]: stageRowId,
            [s.orderColumn]: k + 1,
          })
        );
      }
      counts.documents++;
      await flush(false);
    }
    await flush(true);
    if (client === 'postgres') {
      for (const uid of TYPES) {
        const q = schema ? `${schema}.${storage[uid].table}` : storage[uid].table;
        await trx.raw(
          `SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT MAX(id) FROM ${q}))`,
          [q]
        );
      }
    }
  });
  // Fresh planner statistics, as autovacuum (PostgreSQL) / InnoDB's automatic
  // statistics (MariaDB) would have them shortly after such a bulk load. SQLite
  // gets no ANALYZE: Strapi never runs it, so a real SQLite app has no sqlite_stat1.
  const tables = TYPES.flatMap((uid) => [storage[uid].table, storage[uid].link]);
  if (client === 'postgres')
    await knex.raw(
      `VACUUM ANALYZE ${tables.map((x) => (schema ? `${schema}.${x}` : x)).join(', ')}`
    );
  if (client === 'mysql') await knex.raw(`ANALYZE TABLE ${tables.join(', ')}`);
  return { ...counts, ms: Date.now() - started };
}

module.exports = { seed, entry, TYPES };
