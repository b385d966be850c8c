import {
  JourneyInputError,
  SIGNALS,
  MAX_SIGNAL_LENGTH,
  type SignalValues,
} from '../../../plugin/src';

/** The visitor's signals, shared by `/api/journey/recommend` and `/api/journey/visitor`. */
export const VISITOR_SIGNAL_PARAMS = ['seen', ...SIGNALS] as const;
export const MAX_SEEN = 50;
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface VisitorSignalParams {
  /** documentIds read, oldest first, deduplicated (a re-read counts at its latest position). */
  seen: string[];
  signals: SignalValues;
  /** True when any signal was sent: the stage is then inferred unless given. */
  any: boolean;
}

const single = (query: Record<string, unknown>, name: string): string | undefined => {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new JourneyInputError(name, `${name} must be given once, as a single value`);
  return value;
};

export const parseDocumentId = (
  query: Record<string, unknown>,
  name: string
): string | undefined => {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if (!DOCUMENT_ID.test(value))
    throw new JourneyInputError(
      name,
      `${name} must be a documentId (1 to 64 letters, digits, _ or -); got "${value}"`
    );
  return value;
};

/**
 * Validates the signals before any query runs. `seen` is a comma list of
 * documentIds (at most 50, oldest first); a malformed one is a 400, but ids that
 * do not exist, are unpublished or are not readable are accepted here and simply
 * count for nothing later, exactly alike, so an answer never tells them apart.
 */
export const parseVisitorSignals = (query: Record<string, unknown>): VisitorSignalParams => {
  const seenRaw = single(query, 'seen');
  const list =
    seenRaw === undefined
      ? []
      : seenRaw
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean);
  if (list.length > MAX_SEEN)
    throw new JourneyInputError(
      'seen',
      `seen lists ${list.length} documentIds: at most ${MAX_SEEN} (the most recent) are allowed`
    );
  const bad = list.find((id) => !DOCUMENT_ID.test(id));
  if (bad !== undefined)
    throw new JourneyInputError(
      'seen',
      `seen must be a comma list of documentIds, oldest first; "${bad}" is not one`
    );
  const seen = list.filter((id, i) => list.lastIndexOf(id) === i);

  const signals: SignalValues = {};
  for (const name of SIGNALS) {
    const value = single(query, name);
    if (value === undefined || value === '') continue;
    if (value.length > MAX_SIGNAL_LENGTH)
      throw new JourneyInputError(
        name,
        `${name} is ${value.length} characters long: at most ${MAX_SIGNAL_LENGTH} are allowed`
      );
    signals[name] = value;
  }
  return { seen, signals, any: seen.length > 0 || Object.keys(signals).length > 0 };
};
