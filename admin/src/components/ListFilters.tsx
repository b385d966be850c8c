import * as React from 'react';
import { useField } from '@strapi/strapi/admin';
import { SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { AUDIENCES } from '../../../plugin/src/audience';
import { stageLabelCache, useStages } from '../hooks';
import { getTrad } from '../utils/getTrad';
import { audienceLabel, phaseLabel, presetStageOptions, stageText } from '../utils/labels';
import { AUDIENCE_ATTRIBUTE, STAGES_ATTRIBUTE } from './JourneyPanel';

/** Value input of the "Journey stage" filter: a select of stages instead of typing `b2b:research`. */
const StageFilterInput = ({ name, ...props }: { name: string; ['aria-label']?: string }) => {
  const { formatMessage } = useIntl();
  const field = useField(name);
  const { all, isLoading } = useStages();
  return (
    <SingleSelect
      aria-label={
        props['aria-label'] ??
        formatMessage({ id: getTrad('filter.stage'), defaultMessage: 'Journey stage' })
      }
      placeholder={formatMessage({
        id: getTrad('filter.stage.placeholder'),
        defaultMessage: 'Choose a stage',
      })}
      value={(field.value as string | undefined) ?? null}
      loading={isLoading}
      onChange={(v) => field.onChange(name, String(v))}
    >
      {all.map((s) => (
        <SingleSelectOption key={s.id} value={s.id}>
          {`${stageText(s)} — ${phaseLabel(formatMessage, s.phase)}${s.retired ? ' (retired)' : ''}`}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  );
};

/** The chip's words for an audience (the hook runs outside React: no formatMessage there). */
const AUDIENCE_WORDS: Record<string, string> = {
  b2b: 'B2B',
  b2c: 'B2C',
  both: 'Both B2B and B2C',
};

/** Value input of the "Journey audience" filter: the audiences by their labels. */
const AudienceFilterInput = ({ name, ...props }: { name: string; ['aria-label']?: string }) => {
  const { formatMessage } = useIntl();
  const field = useField(name);
  return (
    <SingleSelect
      aria-label={
        props['aria-label'] ??
        formatMessage({ id: getTrad('filter.audience'), defaultMessage: 'Journey audience' })
      }
      value={(field.value as string | undefined) ?? null}
      onChange={(v) => field.onChange(name, String(v))}
    >
      {AUDIENCES.map((a) => (
        <SingleSelectOption key={a} value={a}>
          {audienceLabel(formatMessage, a)}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  );
};

interface FilterLike {
  name: string;
  [key: string]: unknown;
}

/**
 * Hook `Admin/CM/pages/ListView/inject-in-filters`. The list's standard Filters
 * button already offers both attributes (a relation filtered on its main field
 * `stageId`, and an enumeration); this replaces them with friendlier versions:
 * a stage select ("is" / "has no stage") and audience options with labels.
 * Only where the standard filter is there, i.e. the role may read the field.
 */
export const addJourneyFilters = ({
  displayedFilters,
  layout,
}: {
  displayedFilters: FilterLike[];
  layout: unknown;
}) => {
  const names = displayedFilters.map((f) => f.name);
  if (!names.includes(STAGES_ATTRIBUTE) && !names.includes(AUDIENCE_ATTRIBUTE))
    return { displayedFilters, layout };
  const next = displayedFilters.map((f) => {
    if (f.name === STAGES_ATTRIBUTE) {
      return {
        name: STAGES_ATTRIBUTE,
        type: 'relation',
        label: { id: getTrad('filter.stage'), defaultMessage: 'Journey stage' },
        mainField: { name: 'stageId', type: 'string' },
        input: StageFilterInput,
        // The chip names the stage with these: the loaded taxonomy's labels, else the presets'.
        options: [
          ...[...stageLabelCache.entries()].map(([value, label]) => ({ value, label })),
          ...presetStageOptions().filter((o) => !stageLabelCache.has(o.value)),
        ],
        operators: [
          {
            value: '$eq',
            label: { id: 'components.FilterOptions.FILTER_TYPES.$eq', defaultMessage: 'is' },
          },
          {
            value: '$null',
            label: { id: getTrad('filter.stage.none'), defaultMessage: 'has no stage' },
          },
        ],
      };
    }
    if (f.name === AUDIENCE_ATTRIBUTE) {
      return {
        ...f,
        label: { id: getTrad('filter.audience'), defaultMessage: 'Journey audience' },
        // A custom input: Strapi's chip names the value by these options only for one.
        input: AudienceFilterInput,
        options: AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_WORDS[a] })),
        operators: [
          {
            value: '$eq',
            label: { id: 'components.FilterOptions.FILTER_TYPES.$eq', defaultMessage: 'is' },
          },
          {
            value: '$ne',
            label: { id: 'components.FilterOptions.FILTER_TYPES.$ne', defaultMessage: 'is not' },
          },
        ],
      };
    }
    return f;
  });
  return { displayedFilters: next, layout };
};
