import type { Core } from '@strapi/strapi';
import {
  SELF_REPORT_HEADER,
  SELF_REPORT_VALUE,
  outcomeOf,
  utcDay,
  type Outcome,
} from '../../../plugin/src';
import { pluginConfig } from '../utils/plugin-config';
import { CounterBuffer } from '../utils/counter-buffer';
import { getService } from '../utils/get-service';
import { EXPERIMENT_TABLE } from './experiment-counts';

export const DEMAND_TABLE = 'journey_demand_days';
export const EVENT_TABLE = 'journey_event_days';
export const PROGRESS_TABLE = 'journey_progress_days';

export interface AnswerKey {
  stage: string;
  audience?: string | null;
  locale?: string | null;
  outcome: Outcome;
}

/**
 * Demand counting (SPEC §8): every recommend / visitor answer adds one to its
 * day × stage × audience × locale × outcome counter, in memory; the counters are
 * written every `demand.flushSeconds` and on shutdown as atomic increments
 * (utils/counter-buffer.ts), so no request waits on the database for it.
 */
const demandService = ({ strapi }: { strapi: Core.Strapi }) => {
  const answers = new CounterBuffer(strapi, DEMAND_TABLE, [
    'day',
    'stage_id',
    'audience',
    'locale_code',
    'outcome',
  ]);
  const events = new CounterBuffer(strapi, EVENT_TABLE, ['day', 'entry', 'stage_id', 'kind']);
  const progress = new CounterBuffer(strapi, PROGRESS_TABLE, ['day', 'from_stage', 'to_stage']);
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<number> | undefined;
  const config = () => pluginConfig(strapi).demand;

  return {
    enabled: () => config().enabled,
    eventsEnabled: () => config().events,

    /** Adds `n` answers to one counter (no-op when counting is off). */
    record(key: AnswerKey, n = 1, at: Date | number = Date.now()) {
      if (!config().enabled) return;
      answers.add(
        {
          day: utcDay(at),
          stage_id: key.stage,
          audience: key.audience ?? '',
          locale_code: key.locale ?? '',
          outcome: key.outcome,
        },
        n
      );
    },

    /**
     * Counts one answer body `{ meta: { stage, audience, locale, fallback, count } }`
     * (recommend's, or the visitor route's). `ctx` is the request: a client that
     * sends `X-Journey-Demand: client` reports its answers itself and is not counted here.
     */
    recordAnswer(
      body:
        | { meta?: Record<string, any>; data?: Array<{ journey?: { match?: string } }> }
        | undefined,
      ctx?: { get?: (h: string) => string }
    ) {
      const meta = body?.meta;
      if (!meta?.stage || !config().enabled) return;
      if (ctx?.get?.(SELF_REPORT_HEADER)?.toLowerCase() === SELF_REPORT_VALUE) return;
      const experiment = meta.experiment as { id?: string; arm?: string | null } | undefined;
      if (experiment?.id)
        getService('experiment-counts', strapi).record(
          experiment.id,
          experiment.arm ?? null,
          'answer'
        );
      this.record({
        stage: meta.stage,
        audience: meta.audience,
        locale: meta.locale,
        outcome: outcomeOf(meta, body?.data),
      });
    },

    recordEvent(
      key: { day: string; entry: string; stage: string; kind: 'view' | 'click' },
      contentType: string
    ) {
      events.add({
        day: key.day,
        entry: key.entry,
        content_type: contentType,
        stage_id: key.stage,
        kind: key.kind,
      });
    },

    recordProgress(key: { day: string; from: string; to: string }) {
      progress.add({ day: key.day, from_stage: key.from, to_stage: key.to });
    },

    /** Buffered keys, for the heap benchmark and tests. */
    pending: () =>
      answers.size +
      events.size +
      progress.size +
      getService('experiment-counts', strapi).pending(),

    /** Writes every buffered counter now. One flush at a time per instance; returns the keys written. */
    async flush(): Promise<number> {
      if (flushing) await flushing.catch(() => 0);
      flushing = (async () => {
        let n = 0;
        for (const buffer of [answers, events, progress]) n += await buffer.flush();
        return n + (await getService('experiment-counts', strapi).flush());
      })();
      try {
        return await flushing;
      } finally {
        flushing = undefined;
      }
    },

    start() {
      if (timer) return;
      timer = setInterval(() => {
        this.flush().catch((e) =>
          strapi.log.warn(
            `[journey] demand counts not written yet, retried at the next flush: ${e?.message ?? e}`
          )
        );
      }, config().flushSeconds * 1000);
      timer.unref();
    },

    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await this.flush().catch((e) =>
        strapi.log.error(`[journey] demand counts lost at shutdown: ${e?.message ?? e}`)
      );
    },

    /** Deletes aggregate rows older than `demand.retentionDays`. Idempotent: safe on every instance at once. */
    async prune(now: Date | number = Date.now()) {
      const cutoff = utcDay(Number(new Date(now)) - config().retentionDays * 86_400_000);
      let deleted = 0;
      for (const table of [DEMAND_TABLE, EVENT_TABLE, PROGRESS_TABLE, EXPERIMENT_TABLE]) {
        deleted += Number(await strapi.db.getConnection(table).where('day', '<', cutoff).del());
      }
      return deleted;
    },
  };
};

export default demandService;
