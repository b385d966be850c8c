import * as React from 'react';
import {
  Badge,
  Box,
  Field,
  Flex,
  IconButton,
  Radio,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { ArrowDown, ArrowUp, Cross } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { Audience } from '../../../plugin/src/audience';
import type { SettingsStage } from '../api';
import { getTrad } from '../utils/getTrad';
import { audienceLabel, phaseLabel, stageText } from '../utils/labels';

export interface StagePickerProps {
  /** Stages that can be added (active ones). */
  stages: SettingsStage[];
  /** Every known stage, retired ones too, to label what an entry already has. */
  byId: Map<string, SettingsStage>;
  value: string[];
  onChange: (next: string[]) => void;
  disabled?: boolean;
  /** Whether the first stage is called "primary" (not in the bulk "add" mode). */
  showPrimary?: boolean;
  label?: string;
  hint?: string;
}

const move = (list: string[], from: number, to: number) => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
};

/**
 * Ordered multi-select: the chosen stages in order (the first is the primary
 * stage), each movable up/down and removable, and a select to add another.
 */
export const StagePicker = ({
  stages,
  byId,
  value,
  onChange,
  disabled,
  showPrimary = true,
  label,
  hint,
}: StagePickerProps) => {
  const { formatMessage } = useIntl();
  const [adding, setAdding] = React.useState<string | null>(null);
  const available = stages.filter((s) => !value.includes(s.id));
  const name = (id: string) => {
    const s = byId.get(id);
    return s ? stageText(s) : id;
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Field.Root name="journey-stages" hint={hint}>
        <Field.Label>
          {label ?? formatMessage({ id: getTrad('picker.stages'), defaultMessage: 'Stages' })}
        </Field.Label>
        {value.length === 0 ? (
          <Typography variant="pi" textColor="neutral600">
            {formatMessage({ id: getTrad('picker.none'), defaultMessage: 'No stage yet.' })}
          </Typography>
        ) : (
          <Box
            tag="ol"
            aria-label={formatMessage({
              id: getTrad('picker.chosen'),
              defaultMessage: 'Chosen stages, primary first',
            })}
          >
            {value.map((id, index) => {
              const stage = byId.get(id);
              return (
                <Box tag="li" key={id} paddingTop={1} paddingBottom={1} data-stage={id}>
                  <Flex gap={1} justifyContent="space-between" alignItems="center">
                    <Flex
                      direction="column"
                      alignItems="flex-start"
                      gap={0}
                      style={{ minWidth: 0 }}
                    >
                      <Typography
                        variant="omega"
                        fontWeight={index === 0 && showPrimary ? 'semiBold' : 'regular'}
                        ellipsis
                      >
                        {name(id)}
                      </Typography>
                      <Flex gap={1}>
                        {index === 0 && showPrimary ? (
                          <Badge active size="S">
                            {formatMessage({
                              id: getTrad('picker.primary'),
                              defaultMessage: 'Primary',
                            })}
                          </Badge>
                        ) : null}
                        {stage ? (
                          <Typography variant="pi" textColor="neutral600">
                            {phaseLabel(formatMessage, stage.phase)}
                          </Typography>
                        ) : null}
                        {stage?.retired ? (
                          <Badge size="S" textColor="danger600" backgroundColor="danger100">
                            {formatMessage({
                              id: getTrad('picker.retired'),
                              defaultMessage: 'retired',
                            })}
                          </Badge>
                        ) : null}
                      </Flex>
                    </Flex>
                    <Flex gap={0}>
                      <IconButton
                        size="XS"
                        variant="ghost"
                        disabled={disabled || index === 0}
                        label={formatMessage(
                          { id: getTrad('picker.up'), defaultMessage: 'Move {stage} up' },
                          { stage: name(id) }
                        )}
                        onClick={() => onChange(move(value, index, index - 1))}
                      >
                        <ArrowUp />
                      </IconButton>
                      <IconButton
                        size="XS"
                        variant="ghost"
                        disabled={disabled || index === value.length - 1}
                        label={formatMessage(
                          { id: getTrad('picker.down'), defaultMessage: 'Move {stage} down' },
                          { stage: name(id) }
                        )}
                        onClick={() => onChange(move(value, index, index + 1))}
                      >
                        <ArrowDown />
                      </IconButton>
                      <IconButton
                        size="XS"
                        variant="ghost"
                        disabled={disabled}
                        label={formatMessage(
                          { id: getTrad('picker.remove'), defaultMessage: 'Remove {stage}' },
                          { stage: name(id) }
                        )}
                        onClick={() => onChange(value.filter((v) => v !== id))}
                      >
                        <Cross />
                      </IconButton>
                    </Flex>
                  </Flex>
                </Box>
              );
            })}
          </Box>
        )}
        <Field.Hint />
      </Field.Root>
      <SingleSelect
        size="S"
        disabled={disabled || available.length === 0}
        aria-label={formatMessage({ id: getTrad('picker.add'), defaultMessage: 'Add a stage' })}
        placeholder={formatMessage({ id: getTrad('picker.add'), defaultMessage: 'Add a stage' })}
        value={adding}
        onChange={(v) => {
          const id = String(v);
          setAdding(null);
          if (id && !value.includes(id)) onChange([...value, id]);
        }}
      >
        {available.map((s) => (
          <SingleSelectOption key={s.id} value={s.id}>
            {`${stageText(s)} — ${phaseLabel(formatMessage, s.phase)}`}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Flex>
  );
};

export interface AudiencePickerProps {
  value: Audience | 'keep';
  onChange: (value: Audience | 'keep') => void;
  disabled?: boolean;
  /** An extra first option (bulk: "keep each entry's audience"), value 'keep'. */
  keepLabel?: string;
}

export const AudiencePicker = ({ value, onChange, disabled, keepLabel }: AudiencePickerProps) => {
  const { formatMessage } = useIntl();
  const options: Array<Audience | 'keep'> = keepLabel
    ? ['keep', 'b2b', 'b2c', 'both']
    : ['b2b', 'b2c', 'both'];
  return (
    <Field.Root name="journey-audience">
      <Field.Label>
        {formatMessage({ id: getTrad('picker.audience'), defaultMessage: 'Audience' })}
      </Field.Label>
      <Radio.Group
        value={value}
        disabled={disabled}
        onValueChange={(v: string) => onChange(v as Audience | 'keep')}
        aria-label={formatMessage({ id: getTrad('picker.audience'), defaultMessage: 'Audience' })}
      >
        {options.map((a) => (
          <Radio.Item key={a} value={a}>
            {a === 'keep' ? keepLabel : audienceLabel(formatMessage, a)}
          </Radio.Item>
        ))}
      </Radio.Group>
    </Field.Root>
  );
};
