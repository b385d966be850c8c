import { z } from 'zod';
import { PhaseKeySchema } from './taxonomy';

/**
 * The admin's `GET /journey/demand` answer (server/src/services/demand-report.ts),
 * declared once: the admin takes its types from here, the model (demand.ts) its
 * write-next item.
 */

const n = () => z.number();

export const DemandStageSchema = z.object({
  id: z.string(),
  label: z.string(),
  phase: PhaseKeySchema,
  framework: z.string(),
  requests: n(),
  exact: n(),
  widened: n(),
  empty: n(),
  series: z.array(n()),
  unmetSeries: z.array(n()),
  supply: n(),
  target: n(),
  views: n(),
  clicks: n(),
  clickThrough: n(),
});

export const WriteNextItemSchema = z.object({
  rank: n(),
  stage: z.string(),
  /** Added by the server from the taxonomy (the model ranks ids only). */
  stageLabel: z.string(),
  /** `b2b`, `b2c`, or `any` for requests that named no audience. */
  audience: z.string(),
  uid: z.string(),
  displayName: z.string(),
  requests: n(),
  widened: n(),
  empty: n(),
  /** widened + empty: the requests this gap cost. The ranking key. */
  unmet: n(),
  /** unmet / requests, 0..1. */
  unmetShare: n(),
  /** Published entries of this type for this stage and audience, and the stage's target. */
  supply: n(),
  target: n(),
  suits: z.boolean(),
});

const counts = () => z.record(z.string(), n());

export const DemandReportSchema = z.object({
  /** Journey types the Public role may not read: Write next proposes none of them. */
  notServed: z.array(z.object({ uid: z.string(), displayName: z.string() })).optional(),
  days: z.array(z.string()),
  counting: z.object({ enabled: z.boolean(), events: z.boolean() }),
  totals: z.object({ requests: n(), exact: n(), widened: n(), empty: n() }),
  stages: z.array(DemandStageSchema),
  writeNext: z.array(WriteNextItemSchema),
  progression: z.object({
    from: z.array(z.string()),
    to: z.array(z.string()),
    cells: z.record(z.string(), counts()),
    total: counts(),
  }),
});

export const DemandStatusSchema = z.object({
  enabled: z.boolean(),
  events: z.boolean(),
  flushSeconds: n(),
  retentionDays: n(),
  eventsGrantedTo: z.array(z.string()),
});

export type DemandStage = z.infer<typeof DemandStageSchema>;
export type WriteNextItem = z.infer<typeof WriteNextItemSchema>;
export type DemandReport = z.infer<typeof DemandReportSchema>;
export type DemandStatus = z.infer<typeof DemandStatusSchema>;
