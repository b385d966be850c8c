import * as React from 'react';
import { Checkbox, Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { DEFAULT_FORMAT_AFFINITY } from '../../../plugin/src/affinity';
import { PHASE_KEYS } from '../../../plugin/src/phases';
import { useStages } from '../hooks';
import { getTrad } from '../utils/getTrad';
import { phaseLabel } from '../utils/labels';

/**
 * The Content-Type Builder's advanced settings get two journey options, as
 * @strapi/i18n adds "Localization": "Journey tags" (`pluginOptions.journey.enabled`)
 * and "Format" (`pluginOptions.journey.format`, from the affinity table).
 * Turning tags off is an opt-out like any other: the server archives the tags
 * before the schema sync drops their columns and restores them when the type
 * takes tags again (server/src/tag-archive/).
 */
const JOURNEY_ATTRIBUTES = ['journeyStages', 'journeyAudience'];

interface InputProps {
  name: string;
  value: unknown;
  onChange: (e: { target: { name: string; value: unknown; type?: string } }) => void;
  intlLabel: { id: string; defaultMessage: string };
  description?: { id: string; defaultMessage: string };
}

/** Checked unless the type opted out: tags are on by default (SPEC §3), so "no value" means on. */
export const JourneyEnabledInput = ({
  name,
  value,
  onChange,
  intlLabel,
  description,
}: InputProps) => {
  const { formatMessage } = useIntl();
  return (
    <Field.Root name={name} hint={description ? formatMessage(description) : undefined}>
      <Checkbox
        checked={value !== false}
        onCheckedChange={(v: boolean | 'indeterminate') =>
          onChange({ target: { name, value: v === true, type: 'checkbox' } })
        }
      >
        {formatMessage(intlLabel)}
      </Checkbox>
      <Field.Hint />
    </Field.Root>
  );
};

/** The type's format, from the effective affinity table (config may override the default), grouped by phase. */
export const JourneyFormatInput = ({
  name,
  value,
  onChange,
  intlLabel,
  description,
}: InputProps) => {
  const { formatMessage } = useIntl();
  const { formatAffinity } = useStages();
  const table = (formatAffinity as Record<string, string[]> | undefined) ?? DEFAULT_FORMAT_AFFINITY;
  const options = PHASE_KEYS.flatMap((phase) =>
    (table[phase] ?? []).map((format) => ({ format, phase }))
  );
  const current = typeof value === 'string' ? value : '';
  return (
    <Field.Root name={name} hint={description ? formatMessage(description) : undefined}>
      <Field.Label>{formatMessage(intlLabel)}</Field.Label>
      <SingleSelect
        value={current}
        onChange={(v: string | number) =>
          onChange({ target: { name, value: String(v), type: 'select' } })
        }
        placeholder="—"
      >
        <SingleSelectOption value="">
          {formatMessage({ id: getTrad('ctb.format.none'), defaultMessage: 'No format' })}
        </SingleSelectOption>
        {options.map(({ format, phase }) => (
          <SingleSelectOption key={`${phase}:${format}`} value={format}>
            {`${format.replace(/-/g, ' ')} (${phaseLabel(formatMessage, phase)})`}
          </SingleSelectOption>
        ))}
        {current && !options.some((o) => o.format === current) ? (
          <SingleSelectOption value={current}>{current}</SingleSelectOption>
        ) : null}
      </SingleSelect>
      <Field.Hint />
    </Field.Root>
  );
};

type Attribute = { name?: string };
type CtbSchema = { uid?: string; pluginOptions?: Record<string, any>; attributes?: Attribute[] };

/**
 * Before the builder saves: the journey attributes are the plugin's (added at
 * every boot), never the schema file's; an empty format and the default
 * `enabled: true` are left out, so off-then-on gives back the original file.
 * Measured without the attribute filter: the builder sends every visible
 * attribute, so any save of a journey type wrote `journeyStages` and
 * `journeyAudience` into its schema.json, and an opt-out then kept them.
 */
export const cleanJourneyOptions = (next: CtbSchema): CtbSchema => {
  const journey = { ...(next.pluginOptions?.journey ?? {}) };
  if (journey.enabled === true) delete journey.enabled;
  if (journey.format === '' || journey.format === null) delete journey.format;
  const pluginOptions = { ...(next.pluginOptions ?? {}) };
  if (Object.keys(journey).length) pluginOptions.journey = journey;
  else delete pluginOptions.journey;
  const attributes = Array.isArray(next.attributes)
    ? next.attributes.filter((a) => !JOURNEY_ATTRIBUTES.includes(a?.name ?? ''))
    : next.attributes;
  return { ...next, pluginOptions, attributes };
};

type App = any;

export const registerJourneyTypeOptions = (app: App) => {
  const forms = app.getPlugin('content-type-builder')?.apis?.forms;
  if (!forms) return;
  forms.components.add({ id: 'journeyEnabled', component: JourneyEnabledInput });
  forms.components.add({ id: 'journeyFormat', component: JourneyFormatInput });
  forms.addContentTypeSchemaMutation((next: CtbSchema) =>
    next?.uid?.startsWith('api::') ? cleanJourneyOptions(next) : next
  );
  forms.extendContentType({
    form: {
      advanced() {
        return [
          {
            name: 'pluginOptions.journey.enabled',
            type: 'journeyEnabled',
            intlLabel: { id: getTrad('ctb.enabled.label'), defaultMessage: 'Journey tags' },
            description: {
              id: getTrad('ctb.enabled.description'),
              defaultMessage:
                'Entries carry journey stages and an audience. Turning it off keeps the tags in an archive; turning it on again restores them.',
            },
          },
          {
            name: 'pluginOptions.journey.format',
            type: 'journeyFormat',
            intlLabel: { id: getTrad('ctb.format.label'), defaultMessage: 'Journey format' },
            description: {
              id: getTrad('ctb.format.description'),
              defaultMessage:
                'What this type is (blog post, case study…): ranking and suggestions use the phases it usually serves.',
            },
          },
        ];
      },
    },
  });
};
