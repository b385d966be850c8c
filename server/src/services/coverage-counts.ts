import type { Core, UID } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import { isLocalized } from '../utils/i18n';
import { TAXONOMY_SCOPE, type Versions } from '../utils/content-version';
import { tagStorage, type TagStorage } from '../queries/tag-storage';
import { isRetryable, isUniqueViolation, withRetries } from '../utils/transactions';
import { COUNTS_TABLE, DELTAS_TABLE } from '../migrations/count-tables';
import { readLockedRows } from '../write-path/locks';
import { countRebuildsOf } from '../utils/count-rebuilds';

/**
 * Coverage counts maintained in the write path, so the coverage page does not
 * recount a type after each write (at 100k entries a recount is 0.1–3 s).
 *
 * A type's counts are a base (`journey_counts`: one row per key, rebuilt from
 * grouped SQL) plus deltas (`journey_count_deltas`: rows only ever inserted); the
 * plugin's migration creates both (migrations/count-tables.ts).
 * A key is `status|audience|locale|what` (`published|b2b|*|st:b2b:research`,
 * locale `*` = across locales, counted once per document), so every scope of
 * the page is in one table.
 *
 * Exactness: a Document Service write on a journey type (create, update,
 * publish, unpublish, discard, delete, clone; every Content Manager save and
 * the tags service) goes through the write path (server/src/write-path/): in its
 * own transaction it first locks the document's rows (so two writers of one
 * document take turns), reads the document's contribution to every key, runs the
 * write, reads the contribution again and inserts the difference as delta rows IN
 * THE SAME TRANSACTION (write-path/count-deltas.ts): a delta exists if and only if
 * its write committed. Inserts take no lock other writers wait for (no hot row).
 * Folding deltas into the base and rebuilding delete exactly the delta rows they
 * read, so none is counted twice or lost.
 *
 * Writes the write path does not count: a lifecycle event on a journey type outside
 * a counted write (another plugin's `db.query`) inserts an `#invalid` delta in its
 * transaction (write-path/unseen-writes.ts); raw SQL of this plugin (archive restore,
 * retiring stages) moves the taxonomy counter. Either makes the next read rebuild the type
 * (in the background when there are last counts to serve meanwhile; see `read`).
 * Raw SQL written by others around Strapi (a migration script) is not seen here:
 * services/count-check.ts compares the counts with the tables now and then, and an
 * admin's Recount (POST /journey/coverage/recount) rebuilds at once.
 */
const BUILT = '#built'; // base row: n = the taxonomy counter it was built at (+1, so 0 = never built)
const INVALID = '#invalid'; // delta row: a write that was not counted
const STATUS_SQL = 'CASE WHEN t.published_at IS NULL THEN 1 ELSE 0 END';
const FOLD_AT = 200; // pending delta rows of a type before a read folds them into the base

export type Counts = Map<string, number>;
type Row = { id: number; published: boolean; locale: string | null; audience: string | null };

export const countKey = (status: string, audience: string, locale: string, what: string) =>
  `${status}|${audience}|${locale}|${what}`;

const AUDIENCE_SCOPES: Record<string, string[] | null> = {
  all: null,
  b2b: ['b2b', 'both'],
  b2c: ['b2c', 'both'],
};

/**
 * The keys one document adds 1 to, from its rows (every locale, draft and
 * published) and each row's stage ids: the same rules as the grouped SQL of
 * `rebuild` (a document counts once per key; untagged = it has a row in scope
 * without any stage).
 */
export const contributionOf = (
  rows: Row[],
  stagesByRow: Map<number, string[]>,
  opts: { draftAndPublish: boolean; localized: boolean }
): Set<string> => {
  const keys = new Set<string>();
  for (const status of ['published', 'draft']) {
    const inStatus = opts.draftAndPublish
      ? rows.filter((r) => r.published === (status === 'published'))
      : rows;
    for (const [audience, serving] of Object.entries(AUDIENCE_SCOPES)) {
      const inAudience = serving
        ? inStatus.filter((r) => r.audience !== null && serving.includes(r.audience))
        : inStatus;
      const locales = opts.localized
        ? ['*', ...new Set(inAudience.map((r) => r.locale ?? ''))]
        : ['*'];
      for (const locale of locales) {
        const inScope =
          locale === '*' ? inAudience : inAudience.filter((r) => (r.locale ?? '') === locale);
        if (inScope.length === 0) continue;
        keys.add(countKey(status, audience, locale, 'total'));
        for (const r of inScope) {
          const stages = stagesByRow.get(r.id) ?? [];
          if (stages.length === 0) keys.add(countKey(status, audience, locale, 'untagged'));
          for (const st of stages) keys.add(countKey(status, audience, locale, `st:${st}`));
        }
      }
    }
  }
  return keys;
};

/** The delta rows that take a document's count from `before` to `after`: -1 per key left, +1 per key entered. */
export const deltasBetween = (before: Set<string>, after: Set<string>) => {
  const deltas: Array<[string, number]> = [];
  for (const k of before) if (!after.has(k)) deltas.push([k, -1]);
  for (const k of after) if (!before.has(k)) deltas.push([k, 1]);
  return deltas;
};

const coverageCountsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const rebuilds = countRebuildsOf(strapi);
  const schemaName = () => strapi.db.getSchemaName() as any;
  const isSqlite = () => strapi.db.dialect.client === 'sqlite';
  /** A query builder on `table`, inside `trx` when given, with Strapi's PostgreSQL schema. */
  const on = (table: string, trx?: any) =>
    trx ? trx(table).withSchema(schemaName()) : strapi.db.getConnection(table);
  const storageOf = (uid: string) => tagStorage(strapi, uid);
  const optsOf = (uid: string) => ({
    draftAndPublish: contentTypes.hasDraftAndPublish(strapi.getModel(uid as UID.ContentType)),
    localized: isLocalized(strapi, uid),
  });

  /**
   * The keys one document adds 1 to, as `trx` sees it. `locked`: the caller locked the
   * document's rows (write-path/locks.ts), and this read must see what the writer it
   * waited for committed, so it is a locking read.
   */
  const documentContribution = async (
    uid: string,
    documentId: string,
    trx: any,
    locked: boolean
  ) => {
    const s = storageOf(uid);
    const localized = optsOf(uid).localized;
    const select = on(s.table, trx)
      .where('document_id', documentId)
      .select('id', 'published_at', s.audienceColumn, ...(localized ? ['locale'] : []));
    const q = locked ? readLockedRows(strapi, select) : select;
    const rows: Row[] = (await q).map((r: any) => ({
      id: Number(r.id),
      published: r.published_at !== null && r.published_at !== undefined,
      locale: localized ? (r.locale ?? null) : null,
      audience: r[s.audienceColumn] ?? null,
    }));
    const stagesByRow = new Map<number, string[]>();
    if (rows.length) {
      const links = await on(`${s.linkTable} as l`, trx)
        .join(`${s.stageTable} as st`, 'st.id', `l.${s.stageColumn}`)
        .whereIn(
          `l.${s.entryColumn}`,
          rows.map((r) => r.id)
        )
        .select(`l.${s.entryColumn} as entry`, 'st.stage_id as stage');
      for (const l of links as any[])
        stagesByRow.set(Number(l.entry), [...(stagesByRow.get(Number(l.entry)) ?? []), l.stage]);
    }
    return contributionOf(rows, stagesByRow, optsOf(uid));
  };

  const insertDeltas = async (uid: string, deltas: Array<[string, number]>, trx?: any) => {
    if (deltas.length) await on(DELTAS_TABLE, trx).insert(deltas.map(([k, d]) => ({ uid, k, d })));
  };

  /** Grouped SQL over every scope of one type: the base a rebuild writes. */
  const recount = async (uid: string, trx: any): Promise<Counts> => {
    const s: TagStorage = storageOf(uid);
    const { draftAndPublish, localized } = optsOf(uid);
    const knex = strapi.db.connection;
    const out: Counts = new Map();
    const add = (status: string, audience: string, locale: string, what: string, n: number) => {
      const k = countKey(status, audience, locale, what);
      out.set(k, (out.get(k) ?? 0) + n);
    };
    const statusOf = (r: any) => (Number(r.draft) ? 'draft' : 'published');
    const qualifiedLink = schemaName() ? `${schemaName()}.${s.linkTable}` : s.linkTable;
    const statusExpr = knex.raw(`${STATUS_SQL} as draft`);
    // Statuses a row counts in: both for types without draft & publish (as the page counts them).
    const statuses = (r: any) => (draftAndPublish ? [statusOf(r)] : ['published', 'draft']);
    const audiencesOf = (audience: string | null) =>
      Object.entries(AUDIENCE_SCOPES)
        .filter(([, serving]) => !serving || (audience !== null && serving.includes(audience)))
        .map(([a]) => a);
    const base = () => on(`${s.table} as t`, trx);
    const untaggedOnly = (qb: any) =>
      qb.whereNotExists(function untaggedRows(this: any) {
        this.select(knex.raw('1'))
          .from(`${qualifiedLink} as l`)
          .whereRaw(`l.${s.entryColumn} = t.id`);
      });
    // Grouped by the link's stage row id, named after: joining the stage table into the
    // GROUP BY made MariaDB start from it and sort every link (measured at 100k: 2.0–2.5 s
    // per type, 105–150 ms without the join). Row ids are 1:1 with stage ids.
    const staged = (qb: any) => qb.join(`${s.linkTable} as l`, `l.${s.entryColumn}`, 't.id');
    const stageRow = `l.${s.stageColumn}`;
    // Read in this transaction, not through the taxonomy service: on SQLite the
    // transaction holds the only connection, and a read outside it waits forever.
    const stageIds = new Map<number, string>(
      (await on(s.stageTable, trx).select('id', 'stage_id')).map((r: any) => [
        Number(r.id),
        r.stage_id,
      ])
    );
    const stageOf = (r: any) => stageIds.get(Number(r.stage_row));

    // Per locale (a row is one document per locale and status), or every row of a type
    // that is not localized: plain counts, grouped by status, audience and locale at once.
    {
      const locale = localized ? ['t.locale'] : [];
      // knex's groupBy() drops every argument after a raw one: the status expression goes first, alone.
      const group = (qb: any, ...more: string[]) =>
        qb.groupByRaw(STATUS_SQL).groupBy([`t.${s.audienceColumn}`, ...locale, ...more]);
      const sel = [
        statusExpr,
        `t.${s.audienceColumn} as audience`,
        ...(localized ? ['t.locale as locale'] : []),
      ];
      const [totals, untagged, stages] = await Promise.all([
        base()
          .select(...sel, knex.raw('COUNT(*) as n'))
          .modify(group),
        base()
          .modify(untaggedOnly)
          .select(...sel, knex.raw('COUNT(*) as n'))
          .modify(group),
        base()
          .modify(staged)
          .select(...sel, `${stageRow} as stage_row`, knex.raw('COUNT(*) as n'))
          .modify(group, stageRow),
      ]);
      const put = (rows: any[], what: (r: any) => string) => {
        for (const r of rows) {
          const loc = localized ? (r.locale ?? '') : '*';
          for (const status of statuses(r))
            for (const a of audiencesOf(r.audience ?? null))
              add(status, a, loc, what(r), Number(r.n));
        }
      };
      put(totals as any[], () => 'total');
      put(untagged as any[], () => 'untagged');
      put(
        (stages as any[]).filter((r) => stageOf(r) !== undefined),
        (r) => `st:${stageOf(r)}`
      );
    }
    // Across locales (localized types): a document counts once, per audience scope.
    if (localized) {
      await Promise.all(
        Object.entries(AUDIENCE_SCOPES).map(async ([a, serving]) => {
          const scoped = (qb: any) => (serving ? qb.whereIn(`t.${s.audienceColumn}`, serving) : qb);
          const docs = knex.raw('COUNT(DISTINCT t.document_id) as n');
          const [totals, untagged, stages] = await Promise.all([
            base().modify(scoped).select(statusExpr, docs).groupByRaw(STATUS_SQL),
            base()
              .modify(scoped)
              .modify(untaggedOnly)
              .select(statusExpr, docs)
              .groupByRaw(STATUS_SQL),
            base()
              .modify(staged)
              .modify(scoped)
              .select(statusExpr, `${stageRow} as stage_row`, docs)
              .groupByRaw(STATUS_SQL)
              .groupBy(stageRow),
          ]);
          for (const r of totals as any[])
            for (const status of statuses(r)) add(status, a, '*', 'total', Number(r.n));
          for (const r of untagged as any[])
            for (const status of statuses(r)) add(status, a, '*', 'untagged', Number(r.n));
          for (const r of stages as any[]) {
            const stage = stageOf(r);
            if (stage === undefined) continue;
            for (const status of statuses(r)) add(status, a, '*', `st:${stage}`, Number(r.n));
          }
        })
      );
    }
    return out;
  };

  return {
    /** A document's keys before a write (`locked`: its rows are locked) or after it. */
    contribution: documentContribution,

    /** Inserts, in `trx`, the delta rows between a document's keys before and after a write. */
    async recordChange(uid: string, before: Set<string>, after: Set<string>, trx: any) {
      await insertDeltas(uid, deltasBetween(before, after), trx);
    },

    /**
     * Runs `work` (this plugin's own SQL on one document's links, outside the Document
     * Service) inside `trx`, and records what it changed in the counts, as the write
     * path does for a Document Service write. The caller locked the document's rows
     * first (write-path/locks.ts lockDocumentRows).
     */
    async counted<T>(uid: string, documentId: string, trx: any, work: () => Promise<T>) {
      const before = await documentContribution(uid, documentId, trx, true);
      const result: T = await work();
      const after = await documentContribution(uid, documentId, trx, false);
      await insertDeltas(uid, deltasBetween(before, after), trx);
      return result;
    },

    /**
     * The base plus its deltas as `trx` (or a plain read) sees them, with the `#built` and
     * `#invalid` keys, and how many delta rows are pending. No rebuild.
     */
    async stored(uid: string, trx?: any): Promise<{ counts: Counts; pending: number }> {
      const [baseRows, deltaRows] = await Promise.all([
        on(COUNTS_TABLE, trx).where({ uid }).select('k', 'n'),
        on(DELTAS_TABLE, trx)
          .where({ uid })
          .groupBy('k')
          .select(
            'k',
            strapi.db.connection.raw('SUM(d) as d'),
            strapi.db.connection.raw('COUNT(*) as c')
          ),
      ]);
      const counts: Counts = new Map((baseRows as any[]).map((r) => [r.k, Number(r.n)]));
      let pending = 0;
      for (const r of deltaRows as any[]) {
        counts.set(r.k, (counts.get(r.k) ?? 0) + Number(r.d));
        pending += Number(r.c);
      }
      return { counts, pending };
    },

    /** Makes the next read of `uid` rebuild its counts (a write this service did not see). */
    async invalidate(uid: string, trx?: any) {
      await insertDeltas(uid, [[INVALID, 1]], trx);
    },

    /**
     * A type's counts (every scope), base plus deltas, exact unless `recounting`: a base
     * stale for the taxonomy or marked invalid is served (the last counts) while one
     * instance rebuilds it in the background (utils/count-rebuilds.ts): seconds at 1M.
     */
    async read(uid: string, versions: Versions): Promise<{ counts: Counts; recounting: boolean }> {
      const taxonomy = (versions[TAXONOMY_SCOPE] ?? 0) + 1;
      const { counts, pending } = await this.stored(uid);
      const current = counts.get(BUILT) === taxonomy && !((counts.get(INVALID) ?? 0) > 0);
      if (!current && !counts.has(BUILT)) {
        // No base at all (the first read after installing, or a type just added): there are
        // no last counts to serve, and zeros would read as "nothing written yet" (every cell
        // a gap, in the page, Write next and the MCP tool). This read waits for the build.
        await rebuilds.first(
          uid,
          () => this.rebuild(uid, taxonomy),
          async () => (await this.stored(uid)).counts.has(BUILT)
        );
        return this.read(uid, versions);
      }
      if (!current) rebuilds.schedule(uid, () => this.rebuild(uid, taxonomy));
      else if (pending >= FOLD_AT)
        await this.fold(uid).catch((e) =>
          strapi.log.warn(
            `[journey] folding coverage deltas failed (${(e as Error).message}); retried on a later read`
          )
        );
      counts.delete(BUILT);
      counts.delete(INVALID);
      return { counts, recounting: !current };
    },

    /** Recounts a type with grouped SQL into its base; drops exactly the deltas that recount already includes. */
    async rebuild(uid: string, taxonomy: number): Promise<Counts> {
      const run = async () =>
        strapi.db.connection.transaction(
          async (trx: any) => {
            // One snapshot for the recount and the deltas it includes (REPEATABLE READ below).
            const ids = (await on(DELTAS_TABLE, trx).where({ uid }).select('id')).map((r: any) =>
              Number(r.id)
            );
            const counts = await recount(uid, trx);
            for (let i = 0; i < ids.length; i += 500)
              await on(DELTAS_TABLE, trx)
                .whereIn('id', ids.slice(i, i + 500))
                .del();
            await on(COUNTS_TABLE, trx).where({ uid }).del();
            const rows = [...counts].map(([k, n]) => ({ uid, k, n }));
            rows.push({ uid, k: BUILT, n: taxonomy });
            for (let i = 0; i < rows.length; i += 200)
              await on(COUNTS_TABLE, trx).insert(rows.slice(i, i + 200));
            return counts;
          },
          isSqlite() ? undefined : { isolationLevel: 'repeatable read' }
        );
      // Two instances rebuilding at once: one wins (unique (uid, k), serialization); the other
      // runs again. Any other error is not cured by running again: it is thrown.
      return withRetries(run, {
        attempts: 4,
        retryable: (e) => isRetryable(e) || isUniqueViolation(e),
      });
    },

    /** Adds a type's pending deltas to its base and deletes exactly those delta rows. */
    async fold(uid: string) {
      await strapi.db.connection.transaction(async (trx: any) => {
        const rows = await on(DELTAS_TABLE, trx).where({ uid }).select('id', 'k', 'd');
        if (!rows.length) return;
        const ids = rows.map((r: any) => Number(r.id));
        let deleted = 0;
        for (let i = 0; i < ids.length; i += 500)
          deleted += Number(
            await on(DELTAS_TABLE, trx)
              .whereIn('id', ids.slice(i, i + 500))
              .del()
          );
        if (deleted !== ids.length) throw new Error('another instance folded the same deltas'); // rolls back
        const sums = new Map<string, number>();
        for (const r of rows as any[]) sums.set(r.k, (sums.get(r.k) ?? 0) + Number(r.d));
        for (const [k, d] of [...sums].sort()) {
          if (d === 0) continue;
          const changed = Number(await on(COUNTS_TABLE, trx).where({ uid, k }).increment('n', d));
          if (changed === 0) await on(COUNTS_TABLE, trx).insert({ uid, k, n: d });
        }
      });
    },
  };
};

export default coverageCountsService;
