import type { Core } from '@strapi/strapi';
import { tagStorage } from '../queries/tag-storage';
import { isLocalized } from '../utils/i18n';
import { readLatest } from '../write-path/locks';

export const STAGE_MOVE_UID = 'plugin::journey.stage-move';

/** One entry version whose tag a retire moved (see content-types/stage-move/schema.json). */
interface MoveRow {
  retired_stage: string;
  moved_to: string;
  content_type: string;
  entry_document_id: string;
  entry_locale: string | null;
  published: boolean;
  merged: boolean;
  position: number | null;
  stages_after: string;
}

/** An entry version a retire is about to move, as `capture` notes it. */
export interface CapturedVersion {
  id: number;
  documentId: string;
  locale: string | null;
  published: boolean;
  position: number | null;
  merged: boolean;
}

const CHUNK = 500;
const chunks = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) =>
    items.slice(i * CHUNK, (i + 1) * CHUNK)
  );

/**
 * Makes a retire reversible: before a retire moves a stage's links, `capture` notes
 * every entry version it will touch; after, `record` stores each with its stage list as
 * the move left it. Restore (`moveBack`) puts the retired stage back on the versions
 * whose stage list is still that one, and leaves, and counts, the ones edited since.
 * Everything runs inside the caller's transaction, after its entry locks.
 */
const stageMovesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const schema = () => strapi.db.getSchemaName() as any;
  const moveTable = () => (strapi.db.metadata.get(STAGE_MOVE_UID) as any).tableName as string;
  // MariaDB/MySQL (repeatable read): a plain read inside the retire's transaction sees its
  // first snapshot and would miss a tag write that committed while the retire waited for
  // its locks, which the move itself (an UPDATE) does see. readLatest sees it too.
  const current = (qb: any) => readLatest(strapi, qb);

  /** The entry rows of `uid` with these ids: id, documentId, locale, published. */
  const entryRows = async (trx: any, uid: string, ids: number[]) => {
    const s = tagStorage(strapi, uid);
    const localized = isLocalized(strapi, uid);
    const out: Array<{
      id: number;
      documentId: string;
      locale: string | null;
      published: boolean;
    }> = [];
    for (const part of chunks(ids)) {
      const rows = await current(
        trx(s.table)
          .withSchema(schema())
          .whereIn('id', part)
          .select('id', 'document_id', 'published_at', ...(localized ? ['locale'] : []))
      );
      for (const r of rows)
        out.push({
          id: r.id,
          documentId: r.document_id,
          locale: localized ? (r.locale ?? null) : null,
          published: r.published_at !== null && r.published_at !== undefined,
        });
    }
    return out;
  };

  /** Ordered stage ids of each entry row. */
  const stagesOf = async (trx: any, uid: string, ids: number[]) => {
    const s = tagStorage(strapi, uid);
    const out = new Map<number, string[]>(ids.map((id) => [id, []]));
    for (const part of chunks(ids)) {
      const rows = await current(
        trx(`${s.linkTable} as l`)
          .withSchema(schema())
          .join(`${s.stageTable} as st`, 'st.id', `l.${s.stageColumn}`)
          .whereIn(`l.${s.entryColumn}`, part)
          .orderBy([`l.${s.entryColumn}`, `l.${s.orderColumn}`, 'l.id'])
          .select(`l.${s.entryColumn} as entry`, 'st.stage_id as stage')
      );
      for (const r of rows) out.get(r.entry)?.push(r.stage);
    }
    return out;
  };

  return {
    /** Before the move: the versions of `uid` carrying stage row `from`, their link position, and whether they also carry `to`. */
    async capture(trx: any, uid: string, from: number, to: number): Promise<CapturedVersion[]> {
      const s = tagStorage(strapi, uid);
      const links = await current(
        trx(s.linkTable)
          .withSchema(schema())
          .where(s.stageColumn, from)
          .select(`${s.entryColumn} as entry`, `${s.orderColumn} as position`)
      );
      if (links.length === 0) return [];
      const ids = links.map((l: any) => l.entry);
      const carryingTo = new Set<number>();
      for (const part of chunks(ids)) {
        const rows = await current(
          trx(s.linkTable)
            .withSchema(schema())
            .where(s.stageColumn, to)
            .whereIn(s.entryColumn, part)
            .select(`${s.entryColumn} as entry`)
        );
        rows.forEach((r: any) => carryingTo.add(r.entry));
      }
      const position = new Map<number, number | null>(
        links.map((l: any) => [l.entry, l.position ?? null])
      );
      return (await entryRows(trx, uid, ids)).map((e) => ({
        ...e,
        position: position.get(e.id) ?? null,
        merged: carryingTo.has(e.id),
      }));
    },

    /** After the move: stores the captured versions with their stage lists as they now are. Returns the entries (documents) moved. */
    async record(
      trx: any,
      uid: string,
      retiredStage: string,
      movedTo: string,
      captured: CapturedVersion[]
    ): Promise<number> {
      if (captured.length === 0) return 0;
      const after = await stagesOf(
        trx,
        uid,
        captured.map((c) => c.id)
      );
      const rows: MoveRow[] = captured.map((c) => ({
        retired_stage: retiredStage,
        moved_to: movedTo,
        content_type: uid,
        entry_document_id: c.documentId,
        entry_locale: c.locale,
        published: c.published,
        merged: c.merged,
        position: c.position,
        stages_after: (after.get(c.id) ?? []).join(','),
      }));
      for (const part of chunks(rows)) await trx(moveTable()).withSchema(schema()).insert(part);
      return new Set(captured.map((c) => c.documentId)).size;
    },

    /** The stages a retire of `stage` moved entries to (their entries are locked before a move back). */
    async movedTo(trx: any, stage: string): Promise<string[]> {
      const rows = await trx(moveTable())
        .withSchema(schema())
        .where('retired_stage', stage)
        .distinct('moved_to');
      return rows.map((r: any) => r.moved_to);
    },

    /** Entries (documents) a restore of `stage` could move back, per the records. */
    async pendingByStage(): Promise<Record<string, number>> {
      // Distinct (type, document) pairs per stage: a sub-select, as COUNT(DISTINCT a, b) is MySQL's only.
      const pairs = strapi.db
        .getConnection(moveTable())
        .distinct('retired_stage', 'content_type', 'entry_document_id')
        .as('d');
      const rows = await strapi.db
        .getConnection()
        .from(pairs)
        .groupBy('d.retired_stage')
        .select('d.retired_stage as stage', strapi.db.connection.raw('COUNT(*) as n'));
      return Object.fromEntries((rows as any[]).map((r) => [r.stage, Number(r.n)]));
    },

    /**
     * Inside `trx`, the retired stage's row active again: puts the recorded versions back
     * on stage row `to` (the restored stage) where their stage list is unchanged since the
     * move, and deletes the records. Returns entries moved back and entries left.
     */
    async moveBack(trx: any, stage: string, stageRowIds: Map<string, number>) {
      const records: MoveRow[] = await trx(moveTable())
        .withSchema(schema())
        .where('retired_stage', stage)
        .select('*');
      const back = new Set<string>();
      const left = new Set<string>();
      const byType = new Map<string, MoveRow[]>();
      for (const r of records) {
        const list = byType.get(r.content_type);
        if (list) list.push(r);
        else byType.set(r.content_type, [r]);
      }
      for (const [uid, rows] of byType) {
        if (!strapi.contentTypes[uid as keyof typeof strapi.contentTypes]) continue;
        const s = tagStorage(strapi, uid);
        const localized = isLocalized(strapi, uid);
        const restored = stageRowIds.get(stage)!;
        for (const part of chunks(rows)) {
          const entries = await current(
            trx(s.table)
              .withSchema(schema())
              .whereIn('document_id', [...new Set(part.map((r) => r.entry_document_id))])
              .select('id', 'document_id', 'published_at', ...(localized ? ['locale'] : []))
          );
          const key = (doc: string, locale: string | null, published: boolean) =>
            `${doc}|${locale ?? ''}|${published}`;
          const idOf = new Map<string, number>(
            entries.map((e: any) => [
              key(e.document_id, localized ? e.locale : null, e.published_at != null),
              e.id,
            ])
          );
          const now = await stagesOf(trx, uid, [...idOf.values()]);
          // Batched per chunk: one insert for the merged versions, one update per target stage.
          const inserts: Record<string, unknown>[] = [];
          const updates = new Map<number, number[]>(); // moved-to stage row → entry rows
          for (const r of part) {
            const doc = `${uid}|${r.entry_document_id}`;
            const id = idOf.get(key(r.entry_document_id, r.entry_locale, Boolean(r.published)));
            const movedTo = stageRowIds.get(r.moved_to);
            if (
              id === undefined ||
              movedTo === undefined ||
              now.get(id)!.join(',') !== r.stages_after
            ) {
              left.add(doc);
              continue;
            }
            if (r.merged)
              inserts.push({
                [s.entryColumn]: id,
                [s.stageColumn]: restored,
                [s.orderColumn]: r.position,
              });
            else if (updates.has(movedTo)) updates.get(movedTo)!.push(id);
            else updates.set(movedTo, [id]);
            back.add(doc);
          }
          if (inserts.length) await trx(s.linkTable).withSchema(schema()).insert(inserts);
          for (const [movedTo, ids] of updates)
            await trx(s.linkTable)
              .withSchema(schema())
              .where(s.stageColumn, movedTo)
              .whereIn(s.entryColumn, ids)
              .update({ [s.stageColumn]: restored });
        }
      }
      await trx(moveTable()).withSchema(schema()).where('retired_stage', stage).delete();
      // An entry with one version moved back and another edited counts as left: it needs a look.
      for (const doc of left) back.delete(doc);
      return { movedBack: back.size, left: left.size };
    },
  };
};

export default stageMovesService;
