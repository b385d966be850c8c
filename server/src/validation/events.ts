import type { z } from 'zod';
import {
  JourneyInputError,
  MAX_EVENTS_PER_BATCH,
  OUTCOMES,
  VISITOR_AUDIENCES,
  listOf,
  type Taxonomy,
} from '../../../plugin/src';
import {
  AnswerEventSchema,
  EVENT_TYPES,
  EntryEventSchema,
  type AnswerEvent as WireAnswer,
  type EntryEvent as WireEntry,
} from '../../../plugin/src/contracts/events';
import { throwInputError, type Refusal } from './query';

/**
 * The body of `POST /api/journey/events`: `{ events: [ … ] }`, 1 to 50 events,
 * each a view, click or answer with its own fields, checked with the schemas of
 * contracts/events.ts (the ones docs/openapi.json shows). Every refused field is
 * listed (`events[3].stage`); the stage ids are the taxonomy's, retired ones
 * included (an entry may still carry one).
 */
export const MAX_EVENTS = MAX_EVENTS_PER_BATCH;
export { EVENT_TYPES };

type EventType = (typeof EVENT_TYPES)[number];
const SCHEMAS: Record<EventType, z.ZodObject> = {
  view: EntryEventSchema,
  click: EntryEventSchema,
  answer: AnswerEventSchema,
};
/** The order each type's refusals are listed in: the experiment's fields, then the event's own. */
const REPORT_ORDER: Record<EventType, string[]> = {
  view: ['experiment', 'arm', 'documentId', 'stage', 'visitorStage'],
  click: ['experiment', 'arm', 'documentId', 'stage', 'visitorStage'],
  answer: ['experiment', 'arm', 'outcome', 'audience', 'locale', 'stage'],
};

export type ArmTag = { experiment?: string; arm?: string | null };
export type EntryEvent = ArmTag & Omit<WireEntry, 'experiment' | 'arm'>;
export type AnswerEvent = ArmTag &
  Omit<WireAnswer, 'experiment' | 'arm' | 'audience' | 'locale'> & {
    audience?: 'b2b' | 'b2c';
    locale?: string;
  };

/** Why a field was refused (one sentence per field, whatever the failure), and what it allows. */
const REFUSALS: Record<string, (path: string, taxonomy: Taxonomy) => Omit<Refusal, 'path'>> = {
  experiment: (p) => ({
    message: `${p} must be an experiment id (meta.experiment.id of the answer)`,
  }),
  arm: (p) => ({ message: `${p} must be an arm id (meta.experiment.arm of the answer), or null` }),
  documentId: (p) => ({ message: `${p} must be a documentId` }),
  outcome: (p) => ({ message: `${p} must be one of ${listOf(OUTCOMES)}`, allowed: [...OUTCOMES] }),
  audience: (p) => ({ message: `${p} must be b2b or b2c`, allowed: [...VISITOR_AUDIENCES] }),
  locale: (p) => ({ message: `${p} must be a locale code` }),
  stage: (p, taxonomy) => ({
    message: `${p} must be a full stage id (framework:key)`,
    allowed: [...taxonomy.byId.keys()],
  }),
};
REFUSALS.visitorStage = REFUSALS.stage;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One event's refusals: its type first; then only that type's fields, each checked. */
const eventRefusals = (taxonomy: Taxonomy, raw: unknown, p: string): Refusal[] => {
  if (!isObject(raw)) return [{ path: p, message: `${p} must be an object` }];
  const type = raw.type as EventType;
  if (!(EVENT_TYPES as readonly unknown[]).includes(type))
    return [
      {
        path: `${p}.type`,
        message: `${p}.type must be one of ${listOf(EVENT_TYPES)}`,
        allowed: [...EVENT_TYPES],
      },
    ];
  const schema = SCHEMAS[type];
  const fields = Object.keys(schema.shape);
  const refused = new Set<string>();
  const result = schema.safeParse(raw);
  for (const issue of result.success ? [] : result.error.issues)
    if (issue.code !== 'unrecognized_keys') refused.add(String(issue.path[0]));
  // The pattern says what a stage id looks like; the taxonomy, which ones there are.
  for (const key of ['stage', 'visitorStage'])
    if (typeof raw[key] === 'string' && !taxonomy.byId.has(raw[key] as string)) refused.add(key);
  const unknown = Object.keys(raw).filter((k) => !fields.includes(k));
  return [
    ...REPORT_ORDER[type]
      .filter((key) => refused.has(key))
      .map((key) => ({ path: `${p}.${key}`, ...REFUSALS[key](`${p}.${key}`, taxonomy) })),
    ...unknown.map((key) => ({
      path: `${p}.${key}`,
      message: `${p}.${key} is not a field of a ${type} event: use ${listOf(fields)}`,
      allowed: fields,
    })),
  ];
};

/** The list's shape and size: no event is looked at in a body that is refused anyway. */
const bodyRefusals = (body: Record<string, unknown>): Refusal[] => {
  const refusals: Refusal[] = Object.keys(body)
    .filter((k) => k !== 'events')
    .map((key) => ({
      path: key,
      message: `${key} is not a field of the body: send { "events": [ … ] }`,
      allowed: ['events'],
    }));
  const list = body.events;
  if (!Array.isArray(list) || !list.length)
    refusals.push({ path: 'events', message: 'events must be a non-empty array' });
  else if (list.length > MAX_EVENTS)
    refusals.push({
      path: 'events',
      message: `events holds ${list.length} events: at most ${MAX_EVENTS} per request`,
    });
  return refusals;
};

/** Validates `{ events: [...] }`; every failure names the event index and field. */
export const parseEvents = (taxonomy: Taxonomy, body: unknown): Array<EntryEvent | AnswerEvent> => {
  if (!isObject(body))
    throw new JourneyInputError('events', 'the body must be { "events": [ … ] }');
  const refused = bodyRefusals(body);
  if (refused.length) throwInputError(refused);
  const list = body.events as any[];
  const each = list.flatMap((raw, i) => eventRefusals(taxonomy, raw, `events[${i}]`));
  if (each.length) throwInputError(each);
  return list.map((raw) =>
    raw.type === 'answer'
      ? ({
          type: 'answer',
          stage: raw.stage,
          audience: raw.audience ?? undefined,
          locale: raw.locale ?? undefined,
          outcome: raw.outcome,
          experiment: raw.experiment,
          arm: raw.arm,
        } as AnswerEvent)
      : ({
          type: raw.type,
          documentId: raw.documentId,
          stage: raw.stage,
          visitorStage: raw.visitorStage,
          experiment: raw.experiment,
          arm: raw.arm,
        } as EntryEvent)
  );
};
