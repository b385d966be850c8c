import type { Core } from '@strapi/strapi';
import {
  historyWith,
  inferVisitorStage,
  nextStage,
  publicTaxonomy,
  resolveStage,
  type Audience,
  type SeenEntry,
  type Stage,
  type SignalRule,
  type Taxonomy,
} from '../../../plugin/src';
import type { VisitorQuery } from '../validation/visitor';
import { readableTypes } from '../utils/readable-types';
import { assertSiteLocale } from '../utils/locales';
import type { RecommendParams } from '../validation/recommend';
import { rowsWithStages, unionAllOf } from '../queries/tag-storage';
import { RULES_STORE_KEY, parseStoredRules } from './signal-rules';
import { getService } from '../utils/get-service';
import { RULES_SCOPE, TAXONOMY_SCOPE, typeScope, type Versions } from '../utils/content-version';

/** Marks the rules' row in the combined statement (no content-type uid looks like it). */
const RULES_ROW = '#signal-rules';
/** Marks an id's place among a cached statement's bindings (never a documentId: those are [A-Za-z0-9_-]). */
const SENTINEL = '\u0000seen:';
/** Seen ids remembered per type and locale (found or not) before that memory starts over. */
const MAX_REMEMBERED = 20_000;

/**
 * The visitor's stage from their signals (plugin/src/visitor.ts does the maths).
 * Nothing about the visitor is stored: the signals come with each request, and the
 * only reads are the tags of the entries they name and the signal rules.
 */
const visitorService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = strapi.db.connection;
  const taxonomy = (): Promise<Taxonomy> => getService('taxonomy', strapi).get();
  const rules = () => getService('signal-rules', strapi);
  /** Compiled statements of read(), by shape (see readRows). */
  const statements = new Map<string, { sql: string; bindings: readonly unknown[] }>();
  /**
   * What read() found, kept while the change counters it depends on are unchanged:
   * per type and locale, each looked-up id's published tags (null: not a published
   * entry of that type); and the stored rules. A write of the type, a taxonomy
   * change or a rules save on any instance moves a counter, and the next request
   * that reads the new value looks its ids up again.
   */
  const remembered = new Map<string, { version: string; ids: Map<string, SeenEntry | null> }>();
  let rememberedRules: { version: number; rules: SignalRule[] } | null = null;
  const rememberedFor = (uid: string, locale: string | undefined, versions: Versions) => {
    const key = `${uid}|${locale ?? ''}`;
    const version = `${versions[typeScope(uid)] ?? 0}/${versions[TAXONOMY_SCOPE] ?? 0}`;
    let hit = remembered.get(key);
    if (!hit || hit.version !== version || hit.ids.size >= MAX_REMEMBERED) {
      hit = { version, ids: new Map() };
      remembered.set(key, hit);
    }
    return hit.ids;
  };

  return {
    /**
     * Runs the statement of read(). Building it with knex costs several times more
     * than running it (measured: 2.8 ms against 0.5 ms for three types on SQLite), so
     * the SQL is built once per (types, locales, number of ids) and reused with the
     * new ids bound in: sentinel bindings mark where they go.
     */
    async readRows(
      ids: string[],
      uids: string[],
      locales: Record<string, string | undefined>
    ): Promise<any[]> {
      const key = `${uids.join(',')}|${uids.map((u) => locales[u] ?? '').join(',')}|${ids.length}`;
      let statement = statements.get(key);
      if (!statement) {
        const sentinels = ids.map((_, i) => `${SENTINEL}${i}`);
        const built: { sql: string; bindings: readonly unknown[] } = this.buildRead(
          sentinels,
          uids,
          locales
        ).toSQL();
        if (statements.size >= 500) statements.clear();
        statements.set(key, built);
        statement = built;
      }
      const bindings = statement.bindings.map((b: unknown) =>
        typeof b === 'string' && b.startsWith(SENTINEL) ? ids[Number(b.slice(SENTINEL.length))] : b
      );
      const res: any = await knex.raw(statement.sql, bindings);
      // better-sqlite3: rows; mysql2: [rows, fields]; pg: { rows }.
      return Array.isArray(res) ? (Array.isArray(res[0]) ? res[0] : res) : res.rows;
    },

    buildRead(ids: string[], uids: string[], locales: Record<string, string | undefined>) {
      const store = (strapi.db.metadata.get('strapi::core-store') as any).tableName;
      const selects: any[] = (ids.length ? uids : []).map((uid) => {
        const { storage: s, query } = rowsWithStages(strapi, uid, ids);
        return query
          .select(
            knex.raw('? as content_type', [uid]),
            't.document_id',
            `t.${s.audienceColumn} as audience`,
            'st.stage_id',
            `l.${s.orderColumn} as position`
          )
          .whereNotNull('t.published_at')
          .modify((qb: any) => {
            if (locales[uid]) qb.where('t.locale', locales[uid]);
          });
      });
      // Last, so the entry columns decide the UNION's types: the rules' JSON rides in stage_id;
      // position is a number literal (a NULL in a derived table is text to PostgreSQL, which then refuses the UNION).
      selects.push(
        strapi.db
          .getConnection(`${store} as cs`)
          .select(
            knex.raw('? as content_type', [RULES_ROW]),
            knex.raw('NULL as document_id'),
            knex.raw('NULL as audience'),
            'cs.value as stage_id',
            knex.raw('0 as position')
          )
          .where('cs.key', RULES_STORE_KEY)
          .whereNull('cs.environment')
          .whereNull('cs.tag')
      );
      return unionAllOf(strapi, selects, 's');
    },

    /**
     * The published tags of these documents, in ONE statement for every type (a
     * UNION ALL of one sub-select per type the caller may read), and in the same
     * statement the settings page's signal rules (one core-store row). Ids that are
     * unknown, unpublished or of a type the caller may not read are simply absent.
     */
    async read(
      ids: string[],
      uids: string[],
      locales: Record<string, string | undefined>,
      versions?: Versions
    ): Promise<{
      entries: Map<string, SeenEntry>;
      byType: Map<string, SeenEntry[]>;
      storedRules: SignalRule[];
    }> {
      if (!versions) {
        const { byType, storedRules } = await this.readTagged(ids, uids, locales);
        const entries = new Map<string, SeenEntry>();
        for (const found of byType.values())
          for (const [id, entry] of found) if (!entries.has(id)) entries.set(id, entry);
        const listed = new Map([...byType].map(([uid, found]) => [uid, [...found.values()]]));
        return { entries, byType: listed, storedRules };
      }
      // With the counters of this request: only ids (and rules) not known at these counters are read.
      const known = new Map(uids.map((uid) => [uid, rememberedFor(uid, locales[uid], versions)]));
      const missing = [...new Set(ids)].filter((id) =>
        uids.some((uid) => !known.get(uid)!.has(id))
      );
      const rulesVersion = versions[RULES_SCOPE] ?? 0;
      if (missing.length || rememberedRules?.version !== rulesVersion) {
        const { byType, storedRules } = await this.readTagged(missing, uids, locales);
        for (const uid of uids) {
          const found = byType.get(uid);
          for (const id of missing) known.get(uid)!.set(id, found?.get(id) ?? null);
        }
        rememberedRules = { version: rulesVersion, rules: storedRules };
      }
      const entries = new Map<string, SeenEntry>();
      const byType = new Map<string, SeenEntry[]>();
      for (const id of new Set(ids)) {
        for (const uid of uids) {
          const entry = known.get(uid)!.get(id);
          if (!entry) continue;
          if (!entries.has(id)) entries.set(id, entry);
          byType.set(uid, [...(byType.get(uid) ?? []), entry]);
        }
      }
      return { entries, byType, storedRules: rememberedRules!.rules };
    },

    /** One statement: the ids' published tags, by type (stages primary first), and the stored rules. */
    async readTagged(
      ids: string[],
      uids: string[],
      locales: Record<string, string | undefined>
    ): Promise<{ byType: Map<string, Map<string, SeenEntry>>; storedRules: SignalRule[] }> {
      const byType = new Map<string, Map<string, SeenEntry>>();
      const rows = await this.readRows(ids, uids, locales);
      let storedRules: SignalRule[] = [];
      rows.sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0));
      for (const r of rows) {
        if (r.content_type === RULES_ROW) {
          storedRules = parseStoredRules(r.stage_id);
          continue;
        }
        let found = byType.get(r.content_type);
        if (!found) byType.set(r.content_type, (found = new Map()));
        const entry: SeenEntry = found.get(r.document_id) ?? {
          documentId: r.document_id,
          stages: [] as string[],
          audience: (r.audience ?? 'both') as Audience,
        };
        if (r.stage_id && !entry.stages.includes(r.stage_id)) entry.stages.push(r.stage_id);
        found.set(r.document_id, entry);
      }
      return { byType, storedRules };
    },

    /**
     * For recommend: the stages and audience to serve, what to exclude, and
     * `meta.visitor` / `meta.from`. Without signals, `from` or `stage=auto` it
     * returns the request as it was, with no query at all.
     */
    async resolve(
      t: Taxonomy,
      params: RecommendParams,
      readable: string[],
      locales: Record<string, string | undefined>,
      versions?: Versions,
      /** An experiment arm's default stage (kind `variant`), instead of the configured one. */
      defaultStage?: string
    ) {
      if (!params.visitor.any && params.stages && params.from === undefined) {
        return {
          stages: params.stages,
          audience: params.audience,
          exclude: params.exclude,
          meta: {},
        };
      }
      const lookup = [...params.visitor.seen, ...(params.from ? [params.from] : [])];
      const {
        entries: found,
        byType,
        storedRules,
      } = await this.read(lookup, readable, locales, versions);
      const model = {
        ...rules().modelWith(storedRules),
        ...(defaultStage ? { defaultStage } : {}),
      };
      const seen = params.visitor.seen
        .map((id) => found.get(id))
        .filter((e): e is SeenEntry => e !== undefined);
      const fromEntry = params.from ? found.get(params.from) : undefined;
      // The entry being read is read: its stage and audience are evidence too.
      const inference = inferVisitorStage(
        t,
        {
          seen: historyWith(seen, fromEntry),
          signals: params.visitor.signals,
          audience: params.audience,
        },
        model
      );
      const audience = params.audience ?? inference.audience ?? undefined;

      const fromPrimary = fromEntry?.stages.find(
        (id) => t.byId.get(id) && !t.byId.get(id)!.retired
      );
      const fromNext = fromPrimary ? nextStage(t, fromPrimary) : null;

      let stages: Stage[];
      if (params.stages) {
        stages = params.stages;
        // A bare key is resolved through the inferred audience, as through a given one.
        if (!params.audience && audience && params.stageRaw && !params.stageRaw.includes(':')) {
          try {
            stages = resolveStage(t, params.stageRaw, audience);
          } catch {
            stages = params.stages;
          }
        }
      } else if (fromNext) {
        stages = [t.byId.get(fromNext)!];
      } else {
        stages = [t.byId.get(inference.stage)!];
      }
      const exclude = [
        ...new Set([
          ...params.exclude,
          ...params.visitor.seen,
          ...(params.from ? [params.from] : []),
        ]),
      ];
      return {
        stages,
        audience,
        exclude,
        // Where the seen entries (and `from`) are, with their published tags: the candidate
        // query then excludes each only where it can match (queries/candidates.ts).
        excludeTagged: { byType, untyped: params.exclude },
        meta: {
          visitor: inference,
          ...(params.from
            ? { from: { documentId: params.from, stage: fromPrimary ?? null, next: fromNext } }
            : {}),
        },
      };
    },

    /** `GET /api/journey/visitor`: the inference alone, for a query its schema accepted (validation/visitor.ts). */
    async infer({ signals, audience, locale }: VisitorQuery, auth: unknown) {
      await assertSiteLocale(strapi, locale);
      const t = await taxonomy();
      const readable = await readableTypes(strapi, auth);
      const locales = await getService('recommend', strapi).localesOf(readable, locale);
      const { entries: found, storedRules } = await this.read(signals.seen, readable, locales);
      const model = rules().modelWith(storedRules);
      const seen = signals.seen
        .map((id) => found.get(id))
        .filter((e): e is SeenEntry => e !== undefined);
      const data = inferVisitorStage(t, { seen, signals: signals.signals, audience }, model);
      return { data, meta: { seen: seen.length, locale: locale ?? null } };
    },

    /** `GET /api/journey/visitor/model`: what the typed client needs to infer in the browser (edge mode). */
    async model() {
      const t = await taxonomy();
      return { data: { taxonomy: publicTaxonomy(t), ...(await rules().model()) } };
    },
  };
};

export default visitorService;
