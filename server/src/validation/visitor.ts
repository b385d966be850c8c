import {
  SIGNALS,
  MAX_SIGNAL_LENGTH,
  VISITOR_AUDIENCES,
  type SignalValues,
  type VisitorAudience,
} from '../../../plugin/src';
import { LOCALE_CODE, MAX_SEEN } from '../../../plugin/src/contracts/limits';
import { DOCUMENT_ID, splitList, unknownParam } from './query';
import {
  commaList,
  described,
  oneOfValues,
  paramsObject,
  single,
  validateParams,
  type Param,
} from './params';

/**
 * The visitor's signals, shared by `GET /api/journey/recommend` and
 * `GET /api/journey/visitor`, and the two visitor routes' query schemas. `seen`
 * is a comma list of documentIds (at most 50, oldest first); a malformed one is a
 * 400, but ids that do not exist, are unpublished or are not readable are
 * accepted here and count for nothing later, all alike, so an answer never tells
 * them apart.
 */
export const VISITOR_SIGNAL_PARAMS = ['seen', ...SIGNALS] as const;
export const VISITOR_PARAMS = [...VISITOR_SIGNAL_PARAMS, 'audience', 'locale'] as const;
export { MAX_SEEN };
export { LOCALE_CODE };

export interface VisitorSignalParams {
  /** documentIds read, oldest first, deduplicated (a re-read counts at its latest position). */
  seen: string[];
  signals: SignalValues;
  /** True when any signal was sent: the stage is then inferred unless given. */
  any: boolean;
}

const SIGNAL_DESCRIPTIONS: Record<(typeof SIGNALS)[number], string> = {
  utm_source: 'The campaign source (`utm_source`) of the visit.',
  utm_medium: 'The campaign medium.',
  utm_campaign: 'The campaign name.',
  utm_content: 'The campaign content.',
  utm_term: 'The campaign term.',
  referrer: 'The page that linked to the visit (`document.referrer`).',
  landing: 'The path the visit landed on, e.g. `/pricing`.',
};

/** `seen` and the UTM / referrer / landing signals, as query fields. */
export const signalFields = (): Record<string, Param> => ({
  seen: described(
    commaList('seen', {
      max: MAX_SEEN,
      item: DOCUMENT_ID,
      tooMany: (n) =>
        `seen lists ${n} documentIds: at most ${MAX_SEEN} (the most recent) are allowed`,
      badItem: (id) => `seen must be a comma list of documentIds, oldest first; "${id}" is not one`,
    }),
    {
      description: `Comma list of documentIds the visitor has read, oldest first (the latest ${MAX_SEEN} at most). Their published stages and audience are the evidence for the visitor's stage; they are excluded from the answer. Ids that are unknown, unpublished or of a type the caller may not \`find\` count for nothing, all alike.`,
    }
  ),
  ...Object.fromEntries(
    SIGNALS.map((name) => [
      name,
      described(
        single(name).max(MAX_SIGNAL_LENGTH, {
          error: (issue) =>
            `${name} is ${String(issue.input).length} characters long: at most ${MAX_SIGNAL_LENGTH} are allowed`,
        }),
        {
          description: `${SIGNAL_DESCRIPTIONS[name]} Matched against the signal rules (config and settings page); at most ${MAX_SIGNAL_LENGTH} characters.`,
        }
      ),
    ])
  ),
});

export const audienceField = (message: (value: string) => string) =>
  described(oneOfValues('audience', VISITOR_AUDIENCES, message), {
    ref: 'VisitorAudience',
    description:
      "The visitor's audience. Entries tagged `both` match either; entries of the other audience never match.",
  });

export const localeField = () =>
  described(
    single('locale').regex(LOCALE_CODE, {
      error: (issue) => `locale "${String(issue.input)}" is not a locale code`,
    }),
    {
      description:
        "A locale of the site, as Strapi's `locale` parameter (localized types only; other types are served as they are).",
      example: 'fr',
    }
  );

/** `GET /api/journey/visitor`: the signals, the audience and the locale. */
export const visitorQuerySchema = paramsObject(
  {
    ...signalFields(),
    audience: audienceField((v) => `audience "${v}" is not allowed: use b2b or b2c`),
    locale: localeField(),
  },
  unknownParam('/api/journey/visitor')
);

/** `GET /api/journey/visitor/model`: no parameters. */
export const visitorModelQuerySchema = paramsObject({}, unknownParam('/api/journey/visitor/model'));

/** The signals of a query that its schema already accepted. */
export const readVisitorSignals = (query: Record<string, unknown>): VisitorSignalParams => {
  const list = typeof query.seen === 'string' ? splitList(query.seen) : [];
  const seen = list.filter((id, i) => list.lastIndexOf(id) === i);
  const signals: SignalValues = {};
  for (const name of SIGNALS) {
    const value = query[name];
    if (typeof value === 'string' && value !== '') signals[name] = value;
  }
  return { seen, signals, any: seen.length > 0 || Object.keys(signals).length > 0 };
};

export interface VisitorQuery {
  signals: VisitorSignalParams;
  audience?: VisitorAudience;
  locale?: string;
}

export const parseVisitorQuery = (query: Record<string, unknown>): VisitorQuery => {
  validateParams(visitorQuerySchema, query);
  return {
    signals: readVisitorSignals(query),
    audience: query.audience as VisitorAudience | undefined,
    locale: query.locale as string | undefined,
  };
};

export const parseVisitorModelQuery = (query: Record<string, unknown>): void =>
  validateParams(visitorModelQuerySchema, query);
