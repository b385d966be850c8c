import type { Core } from '@strapi/strapi';
import {
  JourneyInputError,
  listOf,
  validateTypeTargets,
  type StageOverride,
} from '../../../plugin/src';
import { journeyTypeUids } from '../utils/journey-types';
import { moveStageLinks, tagStorage } from '../queries/tag-storage';
import { allScopes, bumpVersions } from '../utils/content-version';
import { inRetriedTransaction } from '../utils/transactions';
import { lockEntriesCarrying, readLatest, shareStageRows } from '../write-path/locks';
import { STAGE_UID } from '../constants';
import { getService } from '../utils/get-service';
import { parseRestoreBody, parseRetireBody, parseSettingsBody } from '../validation/settings';

/**
 * Settings page: per-stage labels, descriptions and targets, and retiring a stage.
 * Stored in the database (core store) so every Strapi instance sees the same.
 * A label change never touches content; retiring a stage that still tags entries
 * either moves those tags to another stage or is refused.
 */
const settingsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const taxonomy = () => getService('taxonomy', strapi);

  return {
    async get() {
      const t = await taxonomy().get();
      const usage = await this.usage();
      const movable = await getService('stage-moves', strapi).pendingByStage();
      const stored = await taxonomy().readTypeTargets();
      return {
        formatAffinity: t.formatAffinity,
        /** Per type × stage: the effective target (config's, then the page's) and which cells the page set. */
        types: journeyTypeUids(strapi).map((uid) => ({
          uid,
          displayName: strapi.getModel(uid as any)?.info?.displayName ?? uid,
          targets: t.typeTargets[uid] ?? {},
          edited: Object.keys(stored[uid] ?? {}),
        })),
        stages: [...t.byId.values()].map((s: any) => ({
          id: s.id,
          framework: s.framework,
          key: s.key,
          label: s.label,
          description: s.description,
          phase: s.phase,
          target: s.target,
          retired: s.retired,
          entries: usage[s.id] ?? 0,
          ...(s.retired ? { movable: movable[s.id] ?? 0 } : {}),
        })),
      };
    },

    /**
     * Entries (documents) per stage id, over every type, a draft or a published version
     * or a locale carrying it alike (one grouped query per type): what the page says.
     */
    async usage(): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      for (const uid of journeyTypeUids(strapi)) {
        const s = tagStorage(strapi, uid);
        const rows = await strapi.db
          .getConnection(s.linkTable)
          .join(`${s.stageTable} as st`, 'st.id', `${s.linkTable}.${s.stageColumn}`)
          .join(`${s.table} as t`, 't.id', `${s.linkTable}.${s.entryColumn}`)
          .groupBy('st.stage_id')
          .select(
            'st.stage_id as stage',
            strapi.db.connection.raw('COUNT(DISTINCT t.document_id) as n')
          );
        for (const r of rows as any[]) out[r.stage] = (out[r.stage] ?? 0) + Number(r.n);
      }
      return out;
    },

    /**
     * Validates `{ stages?: { [id]: { label?, description?, target? } }, targets?: { [uid]:
     * { [stage id]: number | "not-applicable" | null } } }` and stores it (nothing is
     * stored unless all of it is valid).
     */
    async update(body: unknown) {
      const t = await taxonomy().get();
      const input = parseSettingsBody(t, body);
      const typeTargets =
        input.targets === undefined
          ? null
          : validateTypeTargets(input.targets, {
              key: 'targets',
              uids: journeyTypeUids(strapi),
              stageIds: t.stages.map((s: any) => s.id),
              allowNull: true,
            });
      const changes: Record<string, StageOverride> = {};
      // The label is stored trimmed (the schema trims it).
      for (const [id, edit] of Object.entries(input.stages ?? {})) changes[id] = edit;
      if (Object.keys(changes).length) await taxonomy().writeSettings(changes);
      if (typeTargets) await taxonomy().writeTypeTargets(typeTargets);
      return this.get();
    },

    /**
     * Retires a stage. If entries still carry it, `moveTo` must name an active stage:
     * their links move there (an entry that already has `moveTo` just loses the
     * retired one; positions are kept, so a primary stays primary). Without
     * `moveTo` the call is refused: tags are never dropped. An already retired
     * stage may be given again with `moveTo` to move the tags it still carries.
     *
     * One transaction: the stage row is marked retired first, which locks it, so a
     * concurrent tag write (it reads stage rows with a shared lock, see
     * services/tags.ts) either committed before — and its links are moved here —
     * or waits and is then refused. The SQL is portable to MySQL 8, which refuses a
     * DELETE whose sub-select reads the same table directly (error 1093).
     */
    async retire(body: unknown) {
      const t = await taxonomy().get();
      const { stage, moveTo } = parseRetireBody(t, body);
      const targets = t.stages.map((s) => s.id).filter((id) => id !== stage);
      const uids = journeyTypeUids(strapi);
      const schemaName = strapi.db.getSchemaName();
      const qualified = (table: string) => (schemaName ? `${schemaName}.${table}` : table);

      const moved = await inRetriedTransaction(strapi, async (trx) => {
        // The lock order of every writer (write-path/index.ts): entry rows, then stage
        // rows, then links. A Content Manager save or publish of an entry carrying the
        // stage locks that entry's rows first (write-path/lock-document.ts); taking them
        // here first too makes the two run one after the other instead of deadlocking.
        for (const uid of uids) await lockEntriesCarrying(strapi, trx, uid, stage);
        await strapi.db.query(STAGE_UID).update({
          where: { stageId: stage },
          data: { retiredOverride: true, retired: true, movedTo: moveTo ?? null },
        });
        const rows = await taxonomy().stageRows();
        const from = rows.get(stage)!.id;
        let inUse = 0;
        let entries = 0;
        for (const uid of uids) {
          const s = tagStorage(strapi, uid);
          const links = trx(qualified(s.linkTable))
            .join(
              qualified(`${s.table} as t`),
              't.id',
              `${qualified(s.linkTable)}.${s.entryColumn}`
            )
            .where(`${qualified(s.linkTable)}.${s.stageColumn}`, from)
            .select(trx.raw('COUNT(*) as n'), trx.raw('COUNT(DISTINCT t.document_id) as docs'));
          // MariaDB/MySQL: a plain read sees this transaction's snapshot, taken by Strapi's
          // select before the stage update above waited for a tag write to commit; that
          // write's links were then not counted and, counted 0, not moved (measured: 1 of 8
          // racing writes left on the retired stage). readLatest sees them.
          const counted = await readLatest(strapi, links).first();
          inUse += Number(counted?.n ?? 0);
          entries += Number(counted?.docs ?? 0);
        }
        if (inUse > 0 && moveTo === undefined) {
          throw new JourneyInputError(
            'moveTo',
            `stage "${stage}" still tags ${entries} entries (${inUse} versions): give moveTo, one of ${listOf(targets)}, to move them`,
            targets
          );
        }
        if (inUse === 0) return 0;
        // Re-read the target under a lock: a retire of it running at the same time
        // (A→B while B→A) either committed first — then this one is refused — or waits.
        const target = await shareStageRows(strapi, trx, (qb) =>
          qb.where({ stage_id: moveTo }).select('id', 'retired')
        ).first();
        if (!target || target.retired) {
          throw new JourneyInputError(
            'moveTo',
            `moveTo "${moveTo}" was retired meanwhile: use another active stage`,
            targets.filter((id: string) => id !== moveTo)
          );
        }
        // Entries, not versions: a draft and its published version moved count once.
        const moves = getService('stage-moves', strapi);
        let count = 0;
        for (const uid of uids) {
          const captured = await moves.capture(trx, uid, from, target.id);
          await moveStageLinks(strapi, trx, uid, from, target.id);
          count += await moves.record(trx, uid, stage, moveTo as string, captured);
        }
        return count;
      });
      await bumpVersions(strapi, allScopes(uids));
      return { retired: stage, movedTo: moveTo ?? null, moved, settings: await this.get() };
    },

    /**
     * Brings a retired stage back (settings page "Restore"); a stage no longer in any
     * configured framework cannot be. With `moveBack: true`, the entries its retire moved
     * get it back where their stages are as the retire left them (services/stage-moves.ts);
     * entries edited since are left and counted. One transaction, entry rows locked first
     * (the lock order of every writer, see retire).
     */
    async restore(body: unknown) {
      const t = await taxonomy().get();
      const { stage, moveBack } = parseRestoreBody(t, body);
      const uids = journeyTypeUids(strapi);
      const stageTable = (strapi.db.metadata.get(STAGE_UID) as any).tableName;
      const result = await inRetriedTransaction(strapi, async (trx) => {
        const rows = await taxonomy().stageRows();
        const moves = getService('stage-moves', strapi);
        if (moveBack)
          for (const target of await moves.movedTo(trx, stage))
            for (const uid of uids) await lockEntriesCarrying(strapi, trx, uid, target);
        // The settings page's edit wins over the config's `retired: true`, as for labels and
        // targets. Active again before links return to it: a write in between must not see
        // them on a retired stage (write-path/repair-retired-links.ts would move them on).
        await trx(stageTable)
          .withSchema(strapi.db.getSchemaName() as any)
          .where({ stage_id: stage })
          .update({ retired_override: false, retired: false, moved_to: null });
        if (!moveBack) return { movedBack: 0, left: 0 };
        const ids = new Map([...rows].map(([id, row]) => [id, row.id]));
        return moves.moveBack(trx, stage, ids);
      });
      // The derived `retired` column follows the config again; every scope's caches are stale.
      await taxonomy().syncStageRows();
      await bumpVersions(strapi, allScopes(uids));
      return { restored: stage, ...result, settings: await this.get() };
    },
  };
};

export default settingsService;
