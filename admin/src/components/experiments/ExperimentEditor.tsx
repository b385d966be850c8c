import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Play, Plus, Stop, Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { EXPERIMENT_AUDIENCES } from '../../../../plugin/src/experiments';
import { type Locale, type SettingsStage } from '../../api';
import {
  ARM_DEFAULTS,
  fromLocalInput,
  idFromLabel,
  toLocalInput,
  uniqueId,
  type ExperimentDraft,
} from '../../utils/experiments';
import { experimentAudienceLabel, statusText, statusTone } from '../../utils/experimentWords';
import { MAX_ARMS, useT, type SaveError } from './settingsText';
import { ArmRow } from './ArmRow';

export const ExperimentEditor = ({
  draft,
  onChange,
  canManage,
  stages,
  locales,
  takenIds,
  error,
  saving,
  onStatus,
  onDelete,
}: {
  draft: ExperimentDraft;
  onChange: (next: ExperimentDraft) => void;
  canManage: boolean;
  stages: SettingsStage[];
  locales: Locale[];
  takenIds: string[];
  error: SaveError | null;
  saving: boolean;
  onStatus: (status: ExperimentDraft['status']) => void;
  onDelete: () => void;
}) => {
  const intl = useIntl();
  const { formatMessage } = intl;
  const t = useT();
  const fieldError = (field: string): string | undefined => {
    if (!error) return undefined;
    if (field.startsWith('prefix:'))
      return error.field.startsWith(field.slice(7)) ? error.message : undefined;
    return error.field === field ? error.message : undefined;
  };
  const set = (patch: Partial<ExperimentDraft>) => onChange({ ...draft, ...patch });
  const sum = draft.arms.reduce((n, a) => n + (a.percent ?? 0), 0);
  const liftMissing = draft.liftPercent === undefined;
  const localeOptions = [
    ...locales.map((l) => ({ value: l.code, label: l.name })),
    ...(draft.locale !== '*' && !locales.some((l) => l.code === draft.locale)
      ? [{ value: draft.locale, label: draft.locale }]
      : []),
  ];
  // A refusal about the experiment as a whole (overlapping scope, percents not adding up…).
  const general =
    error && (error.field === '' || error.field === 'arms' || error.field === 'control')
      ? error.message
      : undefined;

  return (
    <Box
      padding={5}
      hasRadius
      borderColor={error ? 'danger600' : 'neutral200'}
      data-testid="journey-experiment-editor"
      data-experiment={draft.id}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="center" gap={2} wrap="wrap">
          <Flex gap={2} wrap="wrap">
            <Typography variant="delta" tag="h3">
              {draft.label.trim() || t('untitled', 'Untitled experiment')}
            </Typography>
            <Badge variant={statusTone(draft)} data-testid="journey-experiment-status">
              {statusText(intl, draft)}
            </Badge>
            {draft.isNew ? <Badge variant="warning">{t('unsaved', 'not saved yet')}</Badge> : null}
          </Flex>
          {canManage ? (
            <Flex gap={2}>
              {draft.status === 'running' ? (
                <Button
                  variant="secondary"
                  startIcon={<Stop />}
                  loading={saving}
                  onClick={() => onStatus('stopped')}
                >
                  {t('stop', 'Stop')}
                </Button>
              ) : (
                <Button
                  variant="success-light"
                  startIcon={<Play />}
                  loading={saving}
                  disabled={liftMissing}
                  onClick={() => onStatus('running')}
                >
                  {draft.status === 'stopped' ? t('restart', 'Start again') : t('start', 'Start')}
                </Button>
              )}
              <Button variant="danger-light" startIcon={<Trash />} onClick={onDelete}>
                {t('delete', 'Delete')}
              </Button>
            </Flex>
          ) : null}
        </Flex>
        {general ? (
          <Typography textColor="danger600" role="alert" data-testid="journey-experiment-error">
            {general}
          </Typography>
        ) : null}
        <Grid.Root gap={4}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root error={fieldError('label')}>
              <Field.Label>{t('label', 'Label')}</Field.Label>
              <TextInput
                value={draft.label}
                disabled={!canManage}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                  const label = e.target.value;
                  const follows = draft.isNew && !draft.idTouched;
                  set({
                    label,
                    ...(follows ? { id: uniqueId(idFromLabel(label), takenIds) } : {}),
                  });
                }}
              />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
            <Field.Root
              error={fieldError('id')}
              hint={
                draft.isNew
                  ? t('idHintNew', 'In URLs and events; fixed once saved')
                  : t('idHint', 'Fixed: the counts are kept under it')
              }
            >
              <Field.Label>{t('id', 'Experiment id')}</Field.Label>
              <TextInput
                value={draft.id}
                disabled={!canManage || !draft.isNew}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                  set({ id: e.target.value, idTouched: true })
                }
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
            <Field.Root
              error={
                fieldError('minimumLift') ??
                (liftMissing ? t('liftRequired', 'Required') : undefined)
              }
              hint={t('liftHint', 'The smallest gain in click-through worth detecting')}
            >
              <Field.Label>{t('lift', 'Minimum lift (%)')}</Field.Label>
              <NumberInput
                value={draft.liftPercent}
                step={1}
                disabled={!canManage}
                onValueChange={(v) => set({ liftPercent: v })}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
            <Field.Root error={fieldError('audience')}>
              <Field.Label>{t('audience', 'Visitors')}</Field.Label>
              <SingleSelect
                value={draft.audience}
                disabled={!canManage}
                onChange={(v) => set({ audience: v as ExperimentDraft['audience'] })}
              >
                {EXPERIMENT_AUDIENCES.map((a) => (
                  <SingleSelectOption key={a} value={a}>
                    {experimentAudienceLabel(formatMessage, a)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
            <Field.Root error={fieldError('locale')}>
              <Field.Label>{t('locale', 'Language')}</Field.Label>
              <SingleSelect
                value={draft.locale}
                disabled={!canManage}
                onChange={(v) => set({ locale: String(v) })}
              >
                <SingleSelectOption value="*">
                  {t('locale.all', 'All languages')}
                </SingleSelectOption>
                {localeOptions.map((l) => (
                  <SingleSelectOption key={l.value} value={l.value}>
                    {l.label}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
            <Field.Root
              error={fieldError('startAt')}
              hint={t('dateHint', 'Your local time; empty: as soon as it is started')}
            >
              <Field.Label>{t('startAt', 'Starts')}</Field.Label>
              <TextInput
                type="datetime-local"
                value={toLocalInput(draft.startAt)}
                disabled={!canManage}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                  set({ startAt: fromLocalInput(e.target.value) })
                }
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
            <Field.Root
              error={fieldError('stopAt')}
              hint={t('stopHint', 'Your local time; empty: until it is stopped')}
            >
              <Field.Label>{t('stopAt', 'Ends')}</Field.Label>
              <TextInput
                type="datetime-local"
                value={toLocalInput(draft.stopAt)}
                disabled={!canManage}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                  set({ stopAt: fromLocalInput(e.target.value) })
                }
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
        <Box>
          <Flex justifyContent="space-between" alignItems="flex-end" gap={4} wrap="wrap">
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Typography variant="sigma" textColor="neutral600" tag="h4">
                {t('arms', 'Arms: what each share of visitors is served')}
              </Typography>
              <Typography
                variant="pi"
                textColor={sum === 100 ? 'neutral600' : 'warning600'}
                data-testid="journey-experiment-sum"
              >
                {sum === 100
                  ? t('sum.ok', 'Shares add up to 100 %.')
                  : t('sum.off', 'Shares add up to {sum} %; they must add up to 100 %.', { sum })}
              </Typography>
            </Flex>
            <Box minWidth="24rem">
              <Field.Root
                error={fieldError('control')}
                hint={t('controlHint', 'The other arms are compared with it')}
              >
                <Field.Label>{t('control', 'Baseline arm')}</Field.Label>
                <SingleSelect
                  value={draft.control}
                  disabled={!canManage}
                  onChange={(v) => set({ control: String(v) })}
                >
                  {draft.arms.map((a, i) => (
                    <SingleSelectOption key={i} value={a.id}>
                      {a.label.trim() || a.id}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
                <Field.Hint />
              </Field.Root>
            </Box>
          </Flex>
          {draft.status === 'running' && !draft.isNew ? (
            <Typography variant="pi" textColor="neutral600" tag="p">
              {t(
                'runningHint',
                'Changing the arms or their shares while it runs mixes old and new visitors in the results: stop it and start a new experiment instead.'
              )}
            </Typography>
          ) : null}
          {draft.arms.map((arm, i) => (
            <ArmRow
              key={i}
              arm={arm}
              index={i}
              draft={draft}
              onChange={onChange}
              canManage={canManage}
              stages={stages}
              fieldError={fieldError}
              t={t}
            />
          ))}
          {canManage && draft.arms.length < MAX_ARMS ? (
            <Button
              variant="tertiary"
              size="S"
              startIcon={<Plus />}
              onClick={() =>
                set({
                  arms: [
                    ...draft.arms,
                    {
                      id: uniqueId(
                        ARM_DEFAULTS.fixed.id,
                        draft.arms.map((a) => a.id)
                      ),
                      label: ARM_DEFAULTS.fixed.label,
                      kind: 'fixed',
                      // No share is taken from the others silently: the sum hint says what to adjust.
                      percent: undefined,
                      documentIds: '',
                      defaultStage: '',
                    },
                  ],
                })
              }
            >
              {t('arm.add', 'Add an arm')}
            </Button>
          ) : null}
        </Box>
      </Flex>
    </Box>
  );
};
