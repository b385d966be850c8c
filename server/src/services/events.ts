import type { Core, UID } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import { isForward, isLive, utcDay, type Taxonomy } from '../../../plugin/src';
import type { ExperimentMetric } from './experiment-counts';
import { journeyTypeUids } from '../utils/journey-types';
import { rowsWithStages, unionAllOf } from '../queries/tag-storage';
import { getService } from '../utils/get-service';
import { siteLocaleCodes } from '../utils/i18n';
import {
  EVENT_TYPES,
  MAX_EVENTS,
  parseEvents,
  type ArmTag,
  type EntryEvent,
} from '../validation/events';

export { MAX_EVENTS, EVENT_TYPES };
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * `POST /api/journey/events`: views, clicks and client-reported answers, added to
 * the demand counters. Nothing about the sender is read or stored: no IP, no user
 * agent, no visitor id; only day × entry × stage × type counts.
 */
const eventsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The published entries among these documentIds, each with its stage ids (primary first): one UNION query over the journey types. */
  async publishedEntries(
    documentIds: string[]
  ): Promise<Map<string, { uid: string; stages: string[] }>> {
    const out = new Map<string, { uid: string; stages: string[] }>();
    const uids = journeyTypeUids(strapi);
    if (documentIds.length === 0 || uids.length === 0) return out;
    const knex = strapi.db.connection;
    const parts = uids.map((uid) => {
      const { storage: s, query } = rowsWithStages(strapi, uid, documentIds);
      const draftAndPublish = contentTypes.hasDraftAndPublish(
        strapi.getModel(uid as UID.ContentType)
      );
      const q = query.select(
        't.document_id as documentId',
        knex.raw('? as uid', [uid]),
        'st.stage_id as stage',
        `l.${s.orderColumn} as ord`
      );
      return draftAndPublish ? q.whereNotNull('t.published_at') : q;
    });
    const rows: any[] = await unionAllOf(strapi, parts, 'e');
    rows.sort((a, b) => Number(a.ord ?? 0) - Number(b.ord ?? 0));
    for (const r of rows) {
      const e = out.get(r.documentId) ?? { uid: r.uid as string, stages: [] as string[] };
      if (r.stage && !e.stages.includes(r.stage)) e.stages.push(r.stage);
      out.set(r.documentId, e);
    }
    return out;
  },

  /**
   * Counts an accepted event for its experiment arm, when it names a live experiment and
   * one of its arms (or null: not in the experiment); anything else is not counted there.
   */
  async armCounter(events: ArmTag[], now: Date | number) {
    const counts = getService('experiment-counts', strapi);
    const named = events.some((e) => e.experiment);
    const live = named
      ? (await getService('experiments', strapi).list()).filter((x) => isLive(x, now))
      : [];
    return (e: ArmTag, metric: ExperimentMetric) => {
      const experiment = e.experiment ? live.find((x) => x.id === e.experiment) : undefined;
      if (!experiment) return;
      const arm = e.arm ?? null;
      if (arm !== null && !experiment.arms.some((a) => a.id === arm)) return;
      counts.record(experiment.id, arm, metric, 1, now);
    };
  },

  /** Counts a batch. Events for ids that are not published entries are ignored (counted in `ignored`). */
  async ingest(body: unknown, now: Date | number = Date.now()) {
    const taxonomy: Taxonomy = await getService('taxonomy', strapi).get();
    const events = parseEvents(taxonomy, body);
    const demand = getService('demand', strapi);
    const day = utcDay(now);
    const entryEvents = events.filter((e): e is EntryEvent => e.type !== 'answer');
    const entries = await this.publishedEntries([...new Set(entryEvents.map((e) => e.documentId))]);
    let locales: string[] | undefined;
    let accepted = 0;
    const arms = await this.armCounter(events, now);
    for (const e of events) {
      if (e.type === 'answer') {
        if (e.locale !== undefined) {
          locales ??= await siteLocaleCodes(strapi);
          if (!locales!.includes(e.locale)) continue;
        }
        demand.record(
          { stage: e.stage, audience: e.audience, locale: e.locale, outcome: e.outcome },
          1,
          now
        );
        arms(e, 'answer');
        accepted += 1;
        continue;
      }
      const entry = entries.get(e.documentId);
      if (!entry) continue;
      // The stage the entry was shown for, if it carries it; else its primary stage.
      const stage = e.stage && entry.stages.includes(e.stage) ? e.stage : (entry.stages[0] ?? '');
      demand.recordEvent({ day, entry: e.documentId, stage, kind: e.type }, entry.uid);
      arms(e, e.type);
      if (
        e.type === 'click' &&
        e.visitorStage &&
        stage &&
        isForward(taxonomy, e.visitorStage, stage)
      ) {
        demand.recordProgress({ day, from: e.visitorStage, to: stage });
        arms(e, 'progress');
      }
      accepted += 1;
    }
    return { accepted, ignored: events.length - accepted };
  },
});

export default eventsService;
