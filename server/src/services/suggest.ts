import type { Core, UID } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import {
  buildSuggestIndex,
  entryWords,
  suggestStages,
  suggestStageList,
  JourneyInputError,
  type Audience,
  type SuggestDoc,
  type SuggestIndex,
  type Suggestion,
} from '../../../plugin/src';
import { journeyTypeUids, typeFormat } from '../utils/journey-types';
import { readVersions, TAXONOMY_SCOPE, typeScope } from '../utils/content-version';
import { tagStorage } from '../queries/tag-storage';
import { blocksText, componentText, textAttributes } from '../utils/entry-text';
import { getService } from '../utils/get-service';
import { isLocalized, isLocalizedSchema } from '../utils/i18n';

export const MAX_SUGGEST_BULK = 100;
const PAGE = 500; // rows per keyset page, and ids per IN list (below every database's parameter limit)
const CACHE_TTL_MS = 60_000; // bounds staleness after writes that bypass Strapi, as coverage does

export interface Proposal {
  documentId: string;
  locale: string | null;
  title: string;
  /** The entry's current stages (first = primary): a proposal never replaces them. */
  stages: string[];
  suggestions: Suggestion[];
}

interface TextRow {
  id: number;
  documentId: string;
  locale: string | null;
  title: string;
  /** The text fields other than the title. */
  text: string;
  audience: Audience;
}

/** A type's tagged drafts as the index learns them, their words counted once. */
type LearnedDoc = SuggestDoc & { words: Map<string, number> };

interface TypeDocs {
  version: number;
  expires: number;
  docs: Promise<LearnedDoc[]>;
}

/**
 * Stage suggestions learned from this site's tagged entries (plugin/src/suggest.ts).
 * The index is built from the drafts of every journey type — their string, text,
 * rich-text and blocks fields, never private ones — read page by page with plain
 * SQL. Each type's learned entries are kept while that type's change counter
 * (utils/content-version.ts) is unchanged, for at most CACHE_TTL_MS: after a
 * write only the written type is read again, and only its rows whose text changed
 * are tokenized again; the index is then rebuilt in memory from the cached words
 * (any instance's write invalidates every instance's copy). Nothing is written
 * here: applying a suggestion is a tag write through the tag API, after the
 * editor's click.
 */
const suggestService = ({ strapi }: { strapi: Core.Strapi }) => {
  const typeDocs = new Map<string, TypeDocs>();
  /** Row id → its text and counted words, per type: a re-read tokenizes only rows whose text changed. */
  const wordCache = new Map<string, Map<number, { text: string; words: Map<string, number> }>>();
  let cached: { key: string; index: Promise<SuggestIndex> } | null = null;

  const schemaOf = (uid: string) => strapi.getModel(uid as UID.ContentType);

  /** Draft rows of a type (every row if it has no draft & publish), `where` narrowing them, page by page by id. */
  const readRows = async (
    uid: string,
    narrow: (qb: any) => void,
    onPage: (rows: TextRow[]) => void
  ) => {
    const schema = schemaOf(uid);
    const s = tagStorage(strapi, uid);
    const cols = textAttributes(strapi, uid);
    const localized = isLocalizedSchema(strapi, schema);
    const draftAndPublish = contentTypes.hasDraftAndPublish(schema);
    let after = 0;
    for (;;) {
      const qb = strapi.db
        .getConnection(`${s.table} as t`)
        .select([
          't.id',
          't.document_id',
          `t.${s.audienceColumn} as audience`,
          ...(localized ? ['t.locale'] : []),
          ...cols.names.map((n) => `t.${cols.column(n)} as c_${n}`),
        ])
        .where('t.id', '>', after)
        .orderBy('t.id')
        .limit(PAGE);
      if (draftAndPublish) qb.whereNull('t.published_at');
      narrow(qb);
      const rows: any[] = await qb;
      if (rows.length === 0) return;
      after = rows[rows.length - 1].id;
      const inComponents = await componentText(
        strapi,
        uid,
        rows.map((r) => Number(r.id))
      );
      onPage(
        rows.map((r) => ({
          id: r.id,
          documentId: r.document_id,
          locale: localized ? (r.locale ?? null) : null,
          title: String((cols.title && r[`c_${cols.title}`]) || r.document_id),
          text: [
            ...cols.names
              .filter((n) => n !== cols.title)
              .map((n) => (cols.blocks.has(n) ? blocksText(r[`c_${n}`]) : (r[`c_${n}`] ?? ''))),
            inComponents.get(Number(r.id)) ?? '',
          ].join('\n'),
          audience: (r.audience ?? 'both') as Audience,
        }))
      );
      if (rows.length < PAGE) return;
    }
  };

  /** Stage ids of entry rows, in order (first = primary), one query per PAGE ids. */
  const stagesOfRows = async (uid: string, ids: number[]): Promise<Map<number, string[]>> => {
    const s = tagStorage(strapi, uid);
    const out = new Map<number, string[]>();
    for (let i = 0; i < ids.length; i += PAGE) {
      const rows: any[] = await strapi.db
        .getConnection(`${s.linkTable} as l`)
        .join(`${s.stageTable} as st`, 'st.id', `l.${s.stageColumn}`)
        .whereIn(`l.${s.entryColumn}`, ids.slice(i, i + PAGE))
        .orderBy([`l.${s.entryColumn}`, `l.${s.orderColumn}`, 'l.id'])
        .select(`l.${s.entryColumn} as entry`, 'st.stage_id as stage');
      for (const r of rows)
        out.set(Number(r.entry), [...(out.get(Number(r.entry)) ?? []), r.stage]);
    }
    return out;
  };

  /** The tagged drafts of one type, with their stages and words. */
  const readType = async (uid: string): Promise<LearnedDoc[]> => {
    const s = tagStorage(strapi, uid);
    const schemaName = strapi.db.getSchemaName();
    const link = schemaName ? `${schemaName}.${s.linkTable}` : s.linkTable;
    const format = typeFormat(strapi, uid);
    const pages: TextRow[][] = [];
    // Only tagged rows: the EXISTS probe uses the link table's index on the entry column.
    await readRows(
      uid,
      (qb) =>
        qb.whereExists(function tagged(this: any) {
          this.select(strapi.db.connection.raw('1'))
            .from(`${link} as l`)
            .whereRaw(`l.${s.entryColumn} = t.id`);
        }),
      (rows) => pages.push(rows)
    );
    const before = wordCache.get(uid) ?? new Map();
    const words = new Map<number, { text: string; words: Map<string, number> }>();
    const docs: LearnedDoc[] = [];
    for (const rows of pages) {
      const stages = await stagesOfRows(
        uid,
        rows.map((r) => r.id)
      );
      for (const r of rows) {
        const text = `${r.title}\n${r.text}`;
        const known = before.get(r.id);
        const counted =
          known && known.text === text ? known : { text, words: entryWords(r.title, r.text) };
        words.set(r.id, counted);
        docs.push({
          key: `${uid}|${r.documentId}|${r.locale ?? ''}`,
          uid,
          documentId: r.documentId,
          title: r.title,
          text: r.text,
          format,
          audience: r.audience,
          stages: stages.get(r.id) ?? [],
          words: counted.words,
        });
      }
    }
    wordCache.set(uid, words);
    return docs;
  };

  /** A type's learned entries, read again only when its counter moved or its copy expired. */
  const docsOf = (uid: string, version: number): Promise<LearnedDoc[]> => {
    const hit = typeDocs.get(uid);
    if (hit && hit.version === version && hit.expires > Date.now()) return hit.docs;
    const docs = readType(uid);
    typeDocs.set(uid, { version, expires: Date.now() + CACHE_TTL_MS, docs });
    docs.catch(() => {
      if (typeDocs.get(uid)?.docs === docs) typeDocs.delete(uid);
    });
    return docs;
  };

  const index = async (): Promise<SuggestIndex> => {
    const versions = await readVersions(strapi);
    const uids = journeyTypeUids(strapi);
    const perType = uids.map((uid) => ({ uid, version: versions[typeScope(uid)] ?? 0 }));
    const pending = perType.map(({ uid, version }) => docsOf(uid, version));
    // Same counters and the same cached copies (none expired): the same index.
    const key = [
      `taxonomy=${versions[TAXONOMY_SCOPE] ?? 0}`,
      ...perType.map(
        ({ uid }) => `${uid}=${typeDocs.get(uid)?.version}@${typeDocs.get(uid)?.expires}`
      ),
    ].join(';');
    if (!cached || cached.key !== key) {
      const built = (async () => {
        const taxonomy = await getService('taxonomy', strapi).get();
        const docs = (await Promise.all(pending)).flat();
        return buildSuggestIndex(suggestStageList(taxonomy), docs);
      })();
      cached = { key, index: built };
      built.catch(() => {
        if (cached?.index === built) cached = null;
      });
    }
    return cached.index;
  };

  return {
    /** Entries of one type (drafts), by documentId, with their text and current stages. */
    async read(
      uid: string,
      documentIds: string[],
      locale?: string
    ): Promise<Array<TextRow & { stages: string[] }>> {
      const localized = isLocalized(strapi, uid);
      const rows: TextRow[] = [];
      for (let i = 0; i < documentIds.length; i += PAGE) {
        const ids = documentIds.slice(i, i + PAGE);
        await readRows(
          uid,
          (qb) => {
            qb.whereIn('t.document_id', ids);
            if (localized && locale) qb.where('t.locale', locale);
          },
          (page) => rows.push(...page)
        );
      }
      // One row per document (the controller passes the default locale for a localized type).
      const byDocument = new Map<string, TextRow>();
      for (const r of rows) if (!byDocument.has(r.documentId)) byDocument.set(r.documentId, r);
      const stages = await stagesOfRows(
        uid,
        [...byDocument.values()].map((r) => r.id)
      );
      return [...byDocument.values()].map((r) => ({ ...r, stages: stages.get(r.id) ?? [] }));
    },

    /**
     * Proposals for entries of one type: their current stages and the best
     * stages for their text, with neighbours only from `visibleUids`.
     */
    async propose(
      uid: string,
      documentIds: string[],
      opts: { locale?: string; visibleUids?: ReadonlySet<string>; limit?: number } = {}
    ): Promise<Proposal[]> {
      if (
        !Array.isArray(documentIds) ||
        documentIds.length === 0 ||
        documentIds.length > MAX_SUGGEST_BULK
      ) {
        throw new JourneyInputError(
          'documentIds',
          `documentIds must be an array of 1 to ${MAX_SUGGEST_BULK} documentIds`
        );
      }
      const [idx, rows] = await Promise.all([index(), this.read(uid, documentIds, opts.locale)]);
      const taxonomy = await getService('taxonomy', strapi).get();
      const format = typeFormat(strapi, uid);
      const order = new Map(documentIds.map((id, i) => [id, i]));
      return rows
        .sort((a, b) => order.get(a.documentId)! - order.get(b.documentId)!)
        .map((r) => ({
          documentId: r.documentId,
          locale: r.locale,
          title: r.title,
          stages: r.stages,
          suggestions: suggestStages(
            idx,
            {
              text: `${r.title}\n${r.text}`,
              format,
              audience: r.audience,
              uid,
              excludeKey: `${uid}|${r.documentId}|${r.locale ?? ''}`,
              visibleUids: opts.visibleUids,
            },
            taxonomy.formatAffinity,
            { limit: opts.limit ?? 3 }
          ),
        }));
    },

    /**
     * Suggestions for words not saved yet (the edit form as the editor types): the same
     * model as `propose`; the entry itself, when it has been saved, is left out of what
     * the model learned from, so its own old tags do not vote.
     */
    async suggestText(
      uid: string,
      q: { text: string; audience?: Audience; documentId?: string; locale?: string },
      opts: { visibleUids?: ReadonlySet<string>; limit?: number } = {}
    ) {
      const idx = await index();
      const taxonomy = await getService('taxonomy', strapi).get();
      return suggestStages(
        idx,
        {
          text: q.text,
          format: typeFormat(strapi, uid),
          audience: q.audience ?? 'both',
          uid,
          excludeKey: q.documentId ? `${uid}|${q.documentId}|${q.locale ?? ''}` : undefined,
          visibleUids: opts.visibleUids,
        },
        taxonomy.formatAffinity,
        { limit: opts.limit ?? 3 }
      );
    },

    /** How many tagged entries the current index learned from (for the admin's wording and tests). */
    async indexSize(): Promise<number> {
      return (await index()).docs.length;
    },
  };
};

export default suggestService;
