/**
 * View / click events for `POST /api/journey/events`, for frontends (opt-in).
 *
 *   const events = createEventsSender({ baseUrl: 'https://cms.example.com', consent: () => cookieBanner.accepted('analytics') });
 *   events.answer(response);                        // what recommend answered (for CDN-cached answers)
 *   events.view(item.documentId, { stage, visitorStage });
 *   events.click(item.documentId, { stage, visitorStage });
 *
 * Nothing is queued before consent; events are batched (20 by default) and sent
 * with `navigator.sendBeacon` (which survives a page being closed), else `fetch`
 * with `keepalive`. The body is JSON sent as `text/plain`, a CORS-safelisted type,
 * so a cross-origin beacon needs no preflight. No cookie, no visitor id.
 */
import type { z } from 'zod';
import type { RecommendResponse } from './client-types';
import type { JourneyEventSchema } from './contracts/events';
import { MAX_EVENTS_PER_BATCH, SELF_REPORT_HEADER, SELF_REPORT_VALUE, outcomeOf } from './demand';

export { MAX_EVENTS_PER_BATCH };

/** The experiment and arm the recommend answer was served with (an arm picker's `armFor`), sent as they are. */
export interface ExperimentContext {
  experiment?: string;
  arm?: string;
}

/** What a view or click happened on: the stage recommended for, the visitor's stage, the experiment arm. */
export interface EventContext extends ExperimentContext {
  stage?: string;
  visitorStage?: string;
}

/** One event as `POST /api/journey/events` takes it (contracts/events.ts, the one declaration). */
export type JourneyEvent = z.infer<typeof JourneyEventSchema>;

/** Send this header on recommend calls whose answers the frontend reports itself (`answer()`), so the server does not count them twice. */
export const SELF_REPORT_HEADERS: Record<string, string> = {
  [SELF_REPORT_HEADER]: SELF_REPORT_VALUE,
};

export interface EventsSenderOptions {
  baseUrl: string;
  /** Strapi's REST prefix; default `/api`. */
  prefix?: string;
  /** Whether the visitor agreed to analytics. Checked for every event: nothing is kept without it. */
  consent: boolean | (() => boolean);
  /** Events per request, 1..50; default 20. */
  batchSize?: number;
  /** Longest wait before a partial batch is sent, in ms; default 5000. */
  flushMs?: number;
  /** Defaults to `navigator.sendBeacon` when there is one. */
  sendBeacon?: (url: string, data: Blob | string) => boolean;
  /** Used when there is no beacon, or it refused; defaults to the global `fetch`. */
  fetch?: (input: string, init?: any) => Promise<unknown>;
}

export interface EventsSender {
  view(documentId: string, context?: EventContext): void;
  click(documentId: string, context?: EventContext): void;
  /** Reports what a recommend call answered (stage, audience, locale, exact / widened / empty), and with which arm. */
  answer(response: Pick<RecommendResponse, 'meta'>, experiment?: ExperimentContext): void;
  push(event: JourneyEvent): void;
  /** Sends what is queued now; returns the number of events handed to the browser. */
  flush(): number;
  pending(): number;
  /** Sends what is queued and stops listening for page hide. */
  dispose(): void;
}

export const answerEvent = (
  response: Pick<RecommendResponse, 'meta'> & Partial<Pick<RecommendResponse, 'data'>>,
  experiment: ExperimentContext = {}
): JourneyEvent => {
  const { meta } = response;
  return {
    type: 'answer',
    stage: meta.stage,
    ...(meta.audience ? { audience: meta.audience } : {}),
    ...(meta.locale ? { locale: meta.locale } : {}),
    outcome: outcomeOf(meta, response.data),
    ...(experiment.experiment !== undefined ? { experiment: experiment.experiment } : {}),
    ...(experiment.arm !== undefined ? { arm: experiment.arm } : {}),
  };
};

export const createEventsSender = (options: EventsSenderOptions): EventsSender => {
  const base = options.baseUrl.replace(/\/+$/, '');
  const prefix = `/${(options.prefix ?? '/api').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  const target = `${base}${prefix}/journey/events`;
  const size = Math.min(MAX_EVENTS_PER_BATCH, Math.max(1, options.batchSize ?? 20));
  const nav: any = typeof navigator !== 'undefined' ? navigator : undefined;
  const beacon =
    options.sendBeacon ??
    (nav?.sendBeacon ? (url: string, data: Blob | string) => nav.sendBeacon(url, data) : undefined);
  const doFetch =
    options.fetch ??
    (typeof fetch === 'function' ? (input: string, init?: any) => fetch(input, init) : undefined);
  const consented = () =>
    (typeof options.consent === 'function' ? options.consent() : options.consent) === true;
  let queue: JourneyEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const send = (events: JourneyEvent[]) => {
    const body = JSON.stringify({ events });
    const data = typeof Blob === 'function' ? new Blob([body], { type: 'text/plain' }) : body;
    if (beacon && beacon(target, data)) return;
    doFetch?.(target, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'text/plain' },
      keepalive: true,
      credentials: 'omit',
    })?.catch?.(() => {});
  };

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const all = queue;
    queue = [];
    for (let i = 0; i < all.length; i += size) send(all.slice(i, i + size));
    return all.length;
  };

  const push = (event: JourneyEvent) => {
    if (!consented()) return;
    queue.push(event);
    if (queue.length >= size) flush();
    else if (!timer) timer = setTimeout(flush, options.flushMs ?? 5000);
  };

  const onHide = () => {
    if (typeof document === 'undefined' || document.visibilityState === 'hidden') flush();
  };
  const doc: any = typeof document !== 'undefined' ? document : undefined;
  doc?.addEventListener?.('visibilitychange', onHide);
  const win: any = typeof window !== 'undefined' ? window : undefined;
  win?.addEventListener?.('pagehide', flush);

  return {
    view: (documentId, context = {}) => push({ type: 'view', documentId, ...context }),
    click: (documentId, context = {}) => push({ type: 'click', documentId, ...context }),
    answer: (response, experiment) => push(answerEvent(response, experiment)),
    push,
    flush,
    pending: () => queue.length,
    dispose() {
      flush();
      doc?.removeEventListener?.('visibilitychange', onHide);
      win?.removeEventListener?.('pagehide', flush);
    },
  };
};
