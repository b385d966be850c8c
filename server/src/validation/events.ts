import { yup } from '@strapi/utils';
import {
  ID_PATTERN,
  JourneyInputError,
  MAX_EVENTS_PER_BATCH,
  OUTCOMES,
  VISITOR_AUDIENCES,
  listOf,
  type Outcome,
  type Taxonomy,
} from '../../../plugin/src';
import { DOCUMENT_ID, validateQuery } from './query';
import { LOCALE_CODE } from './visitor';

/**
 * The body of `POST /api/journey/events`: `{ events: [ … ] }`, 1 to 50 events,
 * each a view, click or answer with its own fields. Every refused field is listed
 * (`events[3].stage`); the stage ids are the taxonomy's, retired ones included
 * (an entry may still carry one), read from the validation context so one schema
 * serves every taxonomy.
 */
export const MAX_EVENTS = MAX_EVENTS_PER_BATCH;
export const EVENT_TYPES = ['view', 'click', 'answer'] as const;
const FIELDS: Record<(typeof EVENT_TYPES)[number], string[]> = {
  view: ['type', 'documentId', 'stage', 'visitorStage', 'experiment', 'arm'],
  click: ['type', 'documentId', 'stage', 'visitorStage', 'experiment', 'arm'],
  answer: ['type', 'stage', 'audience', 'locale', 'outcome', 'experiment', 'arm'],
};

/** Which experiment arm the event happened in (`meta.experiment` of the answer it came from). */
export type ArmTag = { experiment?: string; arm?: string | null };

export type EntryEvent = ArmTag & {
  type: 'view' | 'click';
  documentId: string;
  stage?: string;
  visitorStage?: string;
};
export type AnswerEvent = ArmTag & {
  type: 'answer';
  stage: string;
  audience?: 'b2b' | 'b2c';
  locale?: string;
  outcome: Outcome;
};

type Message = (params: { path: string; value: unknown }) => string;

/**
 * A value test that may be absent (`optional`), or absent or null (`nullable`);
 * `allowed` is what the refusal names (from the context for the taxonomy's ids).
 */
const check = (
  name: string,
  message: Message,
  test: (value: unknown, context: Record<string, any>) => boolean,
  {
    optional = false,
    nullable = false,
    allowed,
  }: {
    optional?: boolean;
    nullable?: boolean;
    allowed?: readonly string[] | ((context: Record<string, any>) => string[]);
  } = {}
) =>
  yup.mixed().test({
    name,
    message,
    test(value: unknown) {
      if (value === undefined && (optional || nullable)) return true;
      if (value === null && nullable) return true;
      const context = this.options.context ?? {};
      if (test(value, context)) return true;
      if (!allowed) return false;
      return this.createError({
        params: { allowed: typeof allowed === 'function' ? allowed(context) : [...allowed] },
      });
    },
  });

const stageId = (optional: boolean) =>
  check(
    'stage',
    ({ path }) => `${path} must be a full stage id (framework:key)`,
    (v, context) => typeof v === 'string' && (context.taxonomy as Taxonomy).byId.has(v),
    { optional, allowed: (context) => [...(context.taxonomy as Taxonomy).byId.keys()] }
  );

/** `experiment` and `arm`, as recommend's `meta.experiment` gave them (`arm` null: not in the experiment). */
const armFields = {
  experiment: check(
    'matches',
    ({ path }) => `${path} must be an experiment id (meta.experiment.id of the answer)`,
    (v) => typeof v === 'string' && ID_PATTERN.test(v),
    { optional: true }
  ),
  arm: check(
    'matches',
    ({ path }) => `${path} must be an arm id (meta.experiment.arm of the answer), or null`,
    (v) => typeof v === 'string' && ID_PATTERN.test(v),
    { nullable: true }
  ),
};

const eventFields = {
  view: {
    ...armFields,
    documentId: check(
      'documentId',
      ({ path }) => `${path} must be a documentId`,
      (v) => typeof v === 'string' && DOCUMENT_ID.test(v)
    ),
    stage: stageId(true),
    visitorStage: stageId(true),
  },
  answer: {
    ...armFields,
    outcome: check(
      'oneOf',
      ({ path }) => `${path} must be one of ${listOf(OUTCOMES)}`,
      (v) => (OUTCOMES as readonly unknown[]).includes(v),
      { allowed: OUTCOMES }
    ),
    audience: check(
      'oneOf',
      ({ path }) => `${path} must be b2b or b2c`,
      (v) => (VISITOR_AUDIENCES as readonly unknown[]).includes(v),
      { nullable: true, allowed: VISITOR_AUDIENCES }
    ),
    locale: check(
      'matches',
      ({ path }) => `${path} must be a locale code`,
      (v) => typeof v === 'string' && LOCALE_CODE.test(v),
      { nullable: true }
    ),
    stage: stageId(false),
  },
};

/** One event: its type first; then only that type's fields, each checked. */
const eventSchema = yup.lazy((raw: any) => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return check(
      'object',
      ({ path }) => `${path} must be an object`,
      () => false
    );
  const type = raw.type as (typeof EVENT_TYPES)[number];
  if (!(EVENT_TYPES as readonly unknown[]).includes(type))
    return yup.object({
      type: check(
        'oneOf',
        ({ path }) => `${path} must be one of ${listOf(EVENT_TYPES)}`,
        () => false,
        { allowed: EVENT_TYPES }
      ),
    });
  const fields = FIELDS[type];
  return yup.object(type === 'answer' ? eventFields.answer : eventFields.view).test({
    name: 'known',
    test(value: Record<string, unknown>) {
      const unknown = Object.keys(value).filter((k) => !fields.includes(k));
      if (!unknown.length) return true;
      return new yup.ValidationError(
        unknown.map((key) =>
          this.createError({
            path: `${this.path}.${key}`,
            message: `${this.path}.${key} is not a field of a ${type} event: use ${listOf(fields)}`,
            params: { allowed: fields },
          })
        )
      );
    },
  });
});

const bodySchema = yup
  .object({
    events: yup
      .mixed()
      .test({
        name: 'events',
        message: 'events must be a non-empty array',
        test: (v: unknown) => Array.isArray(v) && v.length > 0,
      })
      .test({
        name: 'maxItems',
        params: { max: MAX_EVENTS },
        message: ({ value }: { value: unknown[] }) =>
          `events holds ${value.length} events: at most ${MAX_EVENTS} per request`,
        test: (v: unknown) => !Array.isArray(v) || v.length <= MAX_EVENTS,
      }),
  })
  .test({
    name: 'known',
    test(value: Record<string, unknown>) {
      const extra = Object.keys(value ?? {}).filter((k) => k !== 'events');
      if (!extra.length) return true;
      return new yup.ValidationError(
        extra.map((key) =>
          this.createError({
            path: key,
            message: `${key} is not a field of the body: send { "events": [ … ] }`,
            params: { allowed: ['events'] },
          })
        )
      );
    },
  });

const listSchema = yup.object({ events: yup.array().of(eventSchema as any) });

/** Validates `{ events: [...] }`; every failure names the event index and field. */
export const parseEvents = (taxonomy: Taxonomy, body: unknown): Array<EntryEvent | AnswerEvent> => {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new JourneyInputError('events', 'the body must be { "events": [ … ] }');
  // The list's shape and size first: no event is looked at in a body that is refused anyway.
  validateQuery(bodySchema, body);
  const list = (body as { events: any[] }).events;
  validateQuery(listSchema, { events: list }, { taxonomy });
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
