import { useIntl } from 'react-intl';
import { errorText } from '../../utils/errors';
import { errorTarget } from '../../utils/experiments';
import { getTrad } from '../../utils/getTrad';

export const MAX_ARMS = 4;
export const MIN_ARMS = 2;

export type T = (
  id: string,
  defaultMessage: string,
  values?: Record<string, string | number>
) => string;

export const useT = (): T => {
  const { formatMessage } = useIntl();
  return (id, defaultMessage, values) =>
    formatMessage({ id: getTrad(`experiments.settings.${id}`), defaultMessage }, values);
};

/** The server's refusal: its message, and where in the list it points. */
export interface SaveError {
  message: string;
  index: number | null;
  field: string;
}

export const errorOf = (e: unknown): SaveError => {
  const details = (e as { details?: { param?: unknown } } | undefined)?.details;
  const target = errorTarget(typeof details?.param === 'string' ? details.param : undefined);
  return {
    message: errorText(e, 'Error'),
    index: target?.index ?? null,
    field: target?.field ?? '',
  };
};
