import type { Core, UID } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import {
  JourneyInputError,
  MAX_EVENTS_PER_BATCH,
  isForward,
  isOutcome,
  isVisitorAudience,
  listOf,
  utcDay,
  OUTCOMES,
  type Outcome,
  type Taxonomy,
} from '../../../plugin/src';
import { journeyTypeUids } from '../utils/journey-types';
import { tagStorage } from './storage';
import { getService } from '../utils/get-service';
import { siteLocaleCodes } from '../utils/i18n';

export const MAX_EVENTS = MAX_EVENTS_PER_BATCH;
export const MAX_BODY_BYTES = 16 * 1024;
export const EVENT_TYPES = ['view', 'click', 'answer'] as const;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const LOCALE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;
const FIELDS: Record<string, string[]> = {
  view: ['type', 'documentId', 'stage', 'visitorStage'],
  click: ['type', 'documentId', 'stage', 'visitorStage'],
  answer: ['type', 'stage', 'audience', 'locale', 'outcome'],
};

type EntryEvent = {
  type: 'view' | 'click';
  documentId: string;
  stage?: string;
  visitorStage?: string;
};
type AnswerEvent = {
  type: 'answer';
  stage: string;
  audience?: 'b2b' | 'b2c';
  locale?: string;
  outcome: Outcome;
};

const bad = (param: string, message: string, allowed?: readonly string[]) =>
  new JourneyInputError(param, message, allowed ? [...allowed] : undefined);

/** Validates `{ events: [...] }`; every failure names the event index and field. */
export const parseEvents = (taxonomy: Taxonomy, body: unknown): Array<EntryEvent | AnswerEvent> => {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw bad('events', 'the body must be { "events": [ … ] }');
  const extra = Object.keys(body).find((k) => k !== 'events');
  if (extra)
    throw bad(extra, `${extra} is not a field of the body: send { "events": [ … ] }`, ['events']);
  const list = (body as any).events;
  if (!Array.isArray(list) || list.length === 0)
    throw bad('events', 'events must be a non-empty array');
  if (list.length > MAX_EVENTS)
    throw bad('events', `events holds ${list.length} events: at most ${MAX_EVENTS} per request`);
  const stageIds = [...taxonomy.byId.keys()];
  const stage = (p: string, v: unknown) => {
    if (typeof v !== 'string' || !taxonomy.byId.has(v))
      throw bad(p, `${p} must be a full stage id (framework:key)`, stageIds);
    return v;
  };
  return list.map((raw: any, i: number) => {
    const p = `events[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw bad(p, `${p} must be an object`);
    if (!(EVENT_TYPES as readonly string[]).includes(raw.type))
      throw bad(`${p}.type`, `${p}.type must be one of ${listOf(EVENT_TYPES)}`, EVENT_TYPES);
    const unknown = Object.keys(raw).find((k) => !FIELDS[raw.type].includes(k));
    if (unknown)
      throw bad(
        `${p}.${unknown}`,
        `${p}.${unknown} is not a field of a ${raw.type} event: use ${listOf(FIELDS[raw.type])}`,
        FIELDS[raw.type]
      );
    if (raw.type === 'answer') {
      if (!isOutcome(raw.outcome))
        throw bad(`${p}.outcome`, `${p}.outcome must be one of ${listOf(OUTCOMES)}`, OUTCOMES);
      if (raw.audience !== undefined && raw.audience !== null && !isVisitorAudience(raw.audience))
        throw bad(`${p}.audience`, `${p}.audience must be b2b or b2c`, ['b2b', 'b2c']);
      if (
        raw.locale !== undefined &&
        raw.locale !== null &&
        !(typeof raw.locale === 'string' && LOCALE.test(raw.locale))
      )
        throw bad(`${p}.locale`, `${p}.locale must be a locale code`);
      return {
        type: 'answer',
        stage: stage(`${p}.stage`, raw.stage),
        audience: raw.audience ?? undefined,
        locale: raw.locale ?? undefined,
        outcome: raw.outcome,
      } as AnswerEvent;
    }
    if (typeof raw.documentId !== 'string' || !ID.test(raw.documentId))
      throw bad(`${p}.documentId`, `${p}.documentId must be a documentId`);
    return {
      type: raw.type,
      documentId: raw.documentId,
      stage: raw.stage === undefined ? undefined : stage(`${p}.stage`, raw.stage),
      visitorStage:
        raw.visitorStage === undefined ? undefined : stage(`${p}.visitorStage`, raw.visitorStage),
    } as EntryEvent;
  });
};

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
      const s = tagStorage(strapi, uid);
      const draftAndPublish = contentTypes.hasDraftAndPublish(
        strapi.getModel(uid as UID.ContentType)
      );
      const q = strapi.db
        .getConnection(`${s.table} as t`)
        .leftJoin(`${s.linkTable} as l`, `l.${s.entryColumn}`, 't.id')
        .leftJoin(`${s.stageTable} as st`, 'st.id', `l.${s.stageColumn}`)
        .whereIn('t.document_id', documentIds)
        .select(
          't.document_id as documentId',
          knex.raw('? as uid', [uid]),
          'st.stage_id as stage',
          `l.${s.orderColumn} as ord`
        );
      return draftAndPublish ? q.whereNotNull('t.published_at') : q;
    });
    const [first, ...rest] = parts;
    const rows: any[] = rest.length ? await (first as any).unionAll(rest, false) : await first;
    rows.sort((a, b) => Number(a.ord ?? 0) - Number(b.ord ?? 0));
    for (const r of rows) {
      const e = out.get(r.documentId) ?? { uid: r.uid as string, stages: [] as string[] };
      if (r.stage && !e.stages.includes(r.stage)) e.stages.push(r.stage);
      out.set(r.documentId, e);
    }
    return out;
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
        accepted += 1;
        continue;
      }
      const entry = entries.get(e.documentId);
      if (!entry) continue;
      // The stage the entry was shown for, if it carries it; else its primary stage.
      const stage = e.stage && entry.stages.includes(e.stage) ? e.stage : (entry.stages[0] ?? '');
      demand.recordEvent({ day, entry: e.documentId, stage, kind: e.type }, entry.uid);
      if (
        e.type === 'click' &&
        e.visitorStage &&
        stage &&
        isForward(taxonomy, e.visitorStage, stage)
      ) {
        demand.recordProgress({ day, from: e.visitorStage, to: stage });
      }
      accepted += 1;
    }
    return { accepted, ignored: events.length - accepted };
  },
});

export default eventsService;
