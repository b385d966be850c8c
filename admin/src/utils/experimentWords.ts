import type { IntlShape } from 'react-intl';
import type { Experiment } from '../../../plugin/src/experiments';
import type { Locale } from '../api';
import { getTrad } from './getTrad';
import { experimentState } from './experiments';

type FormatMessage = IntlShape['formatMessage'];
type FormatDate = IntlShape['formatDate'];

/** What an arm of each kind serves, in words. */
export const kindLabel = (formatMessage: FormatMessage, kind: string) =>
  formatMessage({
    id: getTrad(`experiments.kind.${kind}`),
    defaultMessage:
      {
        journey: 'Journey ranking',
        newest: 'Newest published',
        fixed: 'Fixed list',
        variant: 'Journey with another default stage',
      }[kind] ?? kind,
  });

/** "B2B visitors", "B2C visitors", "All visitors". */
export const experimentAudienceLabel = (formatMessage: FormatMessage, audience: string) =>
  formatMessage({
    id: getTrad(`experiments.audience.${audience}`),
    defaultMessage:
      { b2b: 'B2B visitors', b2c: 'B2C visitors', any: 'All visitors' }[audience] ?? audience,
  });

/** "all languages", or the site locale's name ("French (fr)"). */
export const experimentLocaleLabel = (
  formatMessage: FormatMessage,
  locale: string,
  locales: Locale[] | undefined
) =>
  locale === '*'
    ? formatMessage({ id: getTrad('experiments.locale.all'), defaultMessage: 'all languages' })
    : (locales?.find((l) => l.code.toLowerCase() === locale.toLowerCase())?.name ?? locale);

/** "B2B visitors, all languages". */
export const scopeText = (
  formatMessage: FormatMessage,
  e: Pick<Experiment, 'audience' | 'locale'>,
  locales: Locale[] | undefined
) =>
  formatMessage(
    { id: getTrad('experiments.scope'), defaultMessage: '{audience}, {locale}' },
    {
      audience: experimentAudienceLabel(formatMessage, e.audience),
      locale: experimentLocaleLabel(formatMessage, e.locale, locales),
    }
  );

const dateText = (formatDate: FormatDate, iso: string) =>
  formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' });

/** "Running", "Draft", "Stopped"; "Running, scheduled: starts …" / "Running, ended …" when the dates say so. */
export const statusText = (
  { formatMessage, formatDate }: Pick<IntlShape, 'formatMessage' | 'formatDate'>,
  e: Pick<Experiment, 'status' | 'startAt' | 'stopAt'>,
  now: number = Date.now()
) => {
  const { status, timing } = experimentState(e, now);
  const word = formatMessage({
    id: getTrad(`experiments.status.${status}`),
    defaultMessage: { running: 'Running', draft: 'Draft', stopped: 'Stopped' }[status],
  });
  if (timing === 'scheduled' && e.startAt)
    return formatMessage(
      {
        id: getTrad('experiments.status.scheduled'),
        defaultMessage: '{status}, scheduled: starts {date}',
      },
      { status: word, date: dateText(formatDate, e.startAt) }
    );
  if (timing === 'ended' && e.stopAt)
    return formatMessage(
      { id: getTrad('experiments.status.ended'), defaultMessage: '{status}, ended {date}' },
      { status: word, date: dateText(formatDate, e.stopAt) }
    );
  return word;
};

/** The badge colour of a state: serving now, waiting, or not serving. */
export const statusTone = (e: Pick<Experiment, 'status' | 'startAt' | 'stopAt'>) => {
  const { status, timing } = experimentState(e);
  if (status === 'running' && timing === null) return 'success' as const;
  if (status === 'running' && timing === 'scheduled') return 'secondary' as const;
  return 'neutral' as const;
};
