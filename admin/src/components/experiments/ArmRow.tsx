import * as React from 'react';
import {
  Box,
  Button,
  Field,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
} from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { ARM_KINDS } from '../../../../plugin/src/experiments';
import { type SettingsStage } from '../../api';
import { withArmKind, type ArmDraft, type ExperimentDraft } from '../../utils/experiments';
import { kindLabel } from '../../utils/experimentWords';
import { stageText } from '../../utils/labels';
import { MIN_ARMS, type T } from './settingsText';

export const ArmRow = ({
  arm,
  index,
  draft,
  onChange,
  canManage,
  stages,
  fieldError,
  t,
}: {
  arm: ArmDraft;
  index: number;
  draft: ExperimentDraft;
  onChange: (next: ExperimentDraft) => void;
  canManage: boolean;
  stages: SettingsStage[];
  fieldError: (field: string) => string | undefined;
  t: T;
}) => {
  const { formatMessage } = useIntl();
  const set = (patch: Partial<ArmDraft>) =>
    onChange({
      ...draft,
      arms: draft.arms.map((a, i) => (i === index ? { ...a, ...patch } : a)),
      // The baseline follows its arm's id.
      control: patch.id !== undefined && draft.control === arm.id ? patch.id : draft.control,
    });
  const path = `arms[${index}]`;
  const remove = () => {
    const arms = draft.arms.filter((_, i) => i !== index);
    const control = arms.some((a) => a.id === draft.control)
      ? draft.control
      : (arms.find((a) => a.kind !== 'journey') ?? arms[0]).id;
    onChange({ ...draft, arms, control });
  };
  return (
    <Box
      paddingTop={3}
      paddingBottom={3}
      borderColor="neutral150"
      style={{ borderWidth: '1px 0 0 0' }}
      data-testid="journey-experiment-arm"
      data-arm-index={index}
    >
      <Grid.Root gap={3}>
        <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
          <Field.Root error={fieldError(`${path}.label`) ?? fieldError(path)}>
            <Field.Label>{t('arm.label', 'Arm label')}</Field.Label>
            <TextInput
              value={arm.label}
              disabled={!canManage}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ label: e.target.value })}
            />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
          <Field.Root error={fieldError(`${path}.kind`)}>
            <Field.Label>{t('arm.kind', 'Serves')}</Field.Label>
            <SingleSelect
              value={arm.kind}
              disabled={!canManage}
              onChange={(v) => onChange(withArmKind(draft, index, v as ArmDraft['kind']))}
            >
              {ARM_KINDS.map((k) => (
                <SingleSelectOption key={k} value={k}>
                  {kindLabel(formatMessage, k)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
          <Field.Root error={fieldError(`${path}.percent`)}>
            <Field.Label>{t('arm.percent', 'Share of visitors (%)')}</Field.Label>
            <NumberInput
              value={arm.percent}
              step={1}
              disabled={!canManage}
              onValueChange={(v) => set({ percent: v })}
            />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={2} s={6} direction="column" alignItems="stretch">
          <Field.Root
            error={fieldError(`${path}.id`)}
            hint={t('arm.idHint', 'In URLs (arm=…) and events')}
          >
            <Field.Label>{t('arm.id', 'Arm id')}</Field.Label>
            <TextInput
              value={arm.id}
              disabled={!canManage}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ id: e.target.value })}
            />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={2} s={12} direction="column" alignItems="flex-end" justifyContent="center">
          {canManage && draft.arms.length > MIN_ARMS ? (
            <Button variant="danger-light" size="S" startIcon={<Trash />} onClick={remove}>
              {t('arm.remove', 'Remove arm')}
            </Button>
          ) : null}
        </Grid.Item>
        {arm.kind === 'fixed' ? (
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Field.Root
              error={fieldError(`${path}.documentIds`) ?? fieldError(`prefix:${path}.documentIds[`)}
              hint={t(
                'arm.documentIdsHint',
                'The entries this arm serves, in this order: 1 to 20 documentIds separated by commas (the id in the Content Manager’s URL).'
              )}
            >
              <Field.Label>{t('arm.documentIds', 'Entries (documentIds)')}</Field.Label>
              <TextInput
                value={arm.documentIds}
                disabled={!canManage}
                placeholder="abc123def456ghi789jkl012, …"
                onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                  set({ documentIds: e.target.value })
                }
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        ) : null}
        {arm.kind === 'variant' ? (
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root
              error={fieldError(`${path}.defaultStage`)}
              hint={t(
                'arm.defaultStageHint',
                'Used instead of the configured default stage when a visitor’s stage is unknown.'
              )}
            >
              <Field.Label>{t('arm.defaultStage', 'Default stage of this arm')}</Field.Label>
              <SingleSelect
                value={arm.defaultStage || null}
                disabled={!canManage}
                placeholder={t('arm.chooseStage', 'Choose a stage')}
                onChange={(v) => set({ defaultStage: String(v) })}
              >
                {stages.map((s) => (
                  <SingleSelectOption key={s.id} value={s.id}>
                    {stageText(s)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        ) : null}
      </Grid.Root>
    </Box>
  );
};
