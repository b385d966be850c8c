import * as React from 'react';
import { useNotification } from '@strapi/strapi/admin';
import {
  Badge,
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Check, Play, Plus, Stop, Trash, WarningCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { ARM_KINDS, EXPERIMENT_AUDIENCES } from '../../../plugin/src/experiments';
import { useGetLocalesQuery, type Locale, type SettingsStage } from '../api';
import {
  useGetExperimentsQuery,
  useUpdateExperimentsMutation,
  type ExperimentRow,
} from '../experimentsApi';
import { errorText } from '../utils/errors';
import {
  ARM_DEFAULTS,
  errorTarget,
  fromLocalInput,
  idFromLabel,
  newExperimentDraft,
  toExperiment,
  toExperimentDraft,
  toLocalInput,
  uniqueId,
  withArmKind,
  type ArmDraft,
  type ExperimentDraft,
} from '../utils/experiments';
import {
  experimentAudienceLabel,
  kindLabel,
  scopeText,
  statusText,
  statusTone,
} from '../utils/experimentWords';
import { getTrad } from '../utils/getTrad';
import { stageText } from '../utils/labels';

const MAX_ARMS = 4;
const MIN_ARMS = 2;

type T = (id: string, defaultMessage: string, values?: Record<string, string | number>) => string;

const useT = (): T => {
  const { formatMessage } = useIntl();
  return (id, defaultMessage, values) =>
    formatMessage({ id: getTrad(`experiments.settings.${id}`), defaultMessage }, values);
};

/** The server's refusal: its message, and where in the list it points. */
interface SaveError {
  message: string;
  index: number | null;
  field: string;
}

const errorOf = (e: unknown): SaveError => {
  const details = (e as { details?: { param?: unknown } } | undefined)?.details;
  const target = errorTarget(typeof details?.param === 'string' ? details.param : undefined);
  return {
    message: errorText(e, 'Error'),
    index: target?.index ?? null,
    field: target?.field ?? '',
  };
};

const ArmRow = ({
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

const ExperimentEditor = ({
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

const DeleteDialog = ({
  draft,
  replacesConfig,
  onCancel,
  onConfirm,
  saving,
}: {
  draft: ExperimentDraft;
  replacesConfig: boolean;
  onCancel: () => void;
  onConfirm: () => void;
  saving: boolean;
}) => {
  const t = useT();
  const { formatMessage } = useIntl();
  const label = draft.label.trim() || draft.id;
  return (
    <Dialog.Root open onOpenChange={(open: boolean) => !open && onCancel()}>
      <Dialog.Content>
        <Dialog.Header>{t('delete.title', 'Delete “{label}”?', { label })}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>
          <Flex direction="column" alignItems="stretch" gap={2} width="100%">
            {draft.isNew ? (
              <Typography textAlign="center">
                {t(
                  'delete.unsaved',
                  'It has not been saved yet: only what is typed in this form is lost.'
                )}
              </Typography>
            ) : (
              <>
                <Typography textAlign="center">
                  {draft.status === 'running'
                    ? t(
                        'delete.running',
                        'It is running: visitors stop being split as soon as it is deleted.'
                      )
                    : t('delete.notRunning', 'It is removed from the list and saved at once.')}
                </Typography>
                <Typography textAlign="center" data-testid="journey-experiment-delete-counts">
                  {t(
                    'delete.counts',
                    'Its counts stay in the database until they are pruned (after the demand retention period); an experiment saved again with the id “{id}” shows them again.',
                    { id: draft.id }
                  )}
                </Typography>
                {replacesConfig ? (
                  <Typography textAlign="center">
                    {t(
                      'delete.config',
                      'The experiment of the same id in config/plugins.ts applies again.'
                    )}
                  </Typography>
                ) : null}
              </>
            )}
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary" disabled={saving}>
              {formatMessage({ id: 'app.components.Button.cancel', defaultMessage: 'Cancel' })}
            </Button>
          </Dialog.Cancel>
          <Button fullWidth variant="danger-light" loading={saving} onClick={onConfirm}>
            {t('delete.confirm', 'Delete experiment')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};

const armsText = (formatMessage: ReturnType<typeof useIntl>['formatMessage'], e: ExperimentRow) =>
  e.arms.map((a) => `${a.label} (${kindLabel(formatMessage, a.kind)}) ${a.percent} %`).join(' · ');

/**
 * Settings page section: A/B experiments on the recommend answer. Config experiments
 * are shown read only; the ones here are stored whole (PUT /journey/experiments), so
 * Save, Start, Stop and Delete send the whole form. A refusal keeps the form as typed
 * and shows the server's message beside the field it names.
 */
export const ExperimentsSettings = ({
  canManage,
  stages,
}: {
  canManage: boolean;
  stages: SettingsStage[];
}) => {
  const intl = useIntl();
  const { formatMessage } = intl;
  const t = useT();
  const { toggleNotification } = useNotification();
  const { data, isLoading } = useGetExperimentsQuery();
  const { data: locales } = useGetLocalesQuery();
  const [update, { isLoading: saving }] = useUpdateExperimentsMutation();
  const [drafts, setDrafts] = React.useState<ExperimentDraft[]>([]);
  const [error, setError] = React.useState<SaveError | null>(null);
  const [deleting, setDeleting] = React.useState<number | null>(null);

  React.useEffect(() => {
    if (data) setDrafts(data.filter((e) => e.source === 'settings').map(toExperimentDraft));
  }, [data]);

  if (isLoading || !data) return null;

  const configured = data.filter(
    (e) => e.source === 'config' && !drafts.some((d) => d.id === e.id)
  );
  const configIds = new Set(data.filter((e) => e.source === 'config').map((e) => e.id));
  const storedBody = JSON.stringify(
    data.filter((e) => e.source === 'settings').map((e) => toExperiment(toExperimentDraft(e)))
  );
  const changed = JSON.stringify(drafts.map(toExperiment)) !== storedBody;
  const invalid = drafts.some((d) => d.liftPercent === undefined);

  /**
   * Sends `next` (the form after a Save, Start, Stop or Delete). Refused, the form stays
   * as it was before the action, with everything typed in it: a Start that failed does
   * not show "Running", a Delete that failed leaves the experiment in place.
   */
  const persist = async (next: ExperimentDraft[], done: string) => {
    try {
      await update(next.map(toExperiment)).unwrap();
      setDrafts(next);
      setError(null);
      toggleNotification({ type: 'success', message: done });
      return true;
    } catch (e) {
      setError(errorOf(e));
      return false;
    }
  };

  const setDraft = (i: number, next: ExperimentDraft) =>
    setDrafts((prev) => prev.map((d, k) => (k === i ? next : d)));

  const idsExcept = (i: number) => [
    ...drafts.filter((_, k) => k !== i).map((d) => d.id),
    ...configIds,
  ];

  const add = () => {
    const label = t('newLabel', 'New experiment');
    setDrafts((prev) => [
      ...prev,
      newExperimentDraft([...prev.map((d) => d.id), ...configIds], label),
    ]);
  };

  const copyConfig = (e: ExperimentRow) =>
    setDrafts((prev) => [...prev, { ...toExperimentDraft(e), isNew: false }]);

  const confirmDelete = async () => {
    if (deleting === null) return;
    const d = drafts[deleting];
    const next = drafts.filter((_, k) => k !== deleting);
    setError(null);
    if (d.isNew) {
      setDrafts(next);
      setDeleting(null);
      return;
    }
    await persist(next, t('deleted', 'Experiment deleted'));
    setDeleting(null);
  };

  // The message shown beside the Save button for any refusal, whether or not it names a field.
  const banner = error ? (
    <Box
      padding={3}
      hasRadius
      background="danger100"
      borderColor="danger200"
      role="alert"
      data-testid="journey-experiments-error"
    >
      <Typography textColor="danger700">
        {error.index !== null && drafts[error.index]
          ? t('error.in', 'Not saved: {label}: {message}', {
              label: drafts[error.index].label.trim() || drafts[error.index].id,
              message: error.message,
            })
          : t('error', 'Not saved: {message}', { message: error.message })}
      </Typography>
    </Box>
  ) : null;

  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="filterShadow"
      padding={6}
      id="journey-experiments"
      data-testid="journey-experiments-settings"
    >
      <Flex justifyContent="space-between" alignItems="center" gap={2} wrap="wrap">
        <Typography variant="delta" tag="h2">
          {t('title', 'Experiments')}
        </Typography>
        {canManage ? (
          <Flex gap={2}>
            <Button variant="secondary" startIcon={<Plus />} onClick={add}>
              {t('add', 'New experiment')}
            </Button>
            <Button
              startIcon={<Check />}
              loading={saving}
              disabled={!changed || invalid}
              onClick={() => persist(drafts, t('saved', 'Experiments saved'))}
            >
              {t('save', 'Save experiments')}
            </Button>
          </Flex>
        ) : null}
      </Flex>
      <Typography variant="pi" textColor="neutral600" tag="p">
        {t(
          'help',
          'Split visitors between the journey ranking and a baseline, and compare their click-through on the coverage page. The browser picks the arm (the recommend URL names it), so answers stay cacheable; at most one experiment runs per audience and language at a time.'
        )}
      </Typography>
      {!canManage ? (
        <Typography
          variant="pi"
          textColor="neutral600"
          tag="p"
          data-testid="journey-experiments-readonly"
        >
          {t(
            'readOnly',
            'Read only: changing experiments needs the “Manage journey settings” permission.'
          )}
        </Typography>
      ) : null}
      <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
        {banner}
        {drafts.length === 0 && configured.length === 0 ? (
          <Typography textColor="neutral600" data-testid="journey-experiments-none">
            {t('none', 'No experiment yet.')}
          </Typography>
        ) : null}
        {drafts.map((d, i) => (
          <ExperimentEditor
            key={i}
            draft={d}
            onChange={(next) => setDraft(i, next)}
            canManage={canManage}
            stages={stages}
            locales={locales ?? []}
            takenIds={idsExcept(i)}
            error={error && error.index === i ? error : null}
            saving={saving}
            onStatus={(status) =>
              persist(
                drafts.map((x, k) => (k === i ? { ...x, status } : x)),
                status === 'running'
                  ? t('started', '“{label}” started', { label: d.label.trim() || d.id })
                  : t('stopped', '“{label}” stopped', { label: d.label.trim() || d.id })
              )
            }
            onDelete={() => setDeleting(i)}
          />
        ))}
        {configured.length > 0 ? (
          <Box paddingTop={2} data-testid="journey-experiments-config">
            <Typography variant="sigma" textColor="neutral600">
              {t('fromConfig', 'From config/plugins.ts (read only)')}
            </Typography>
            <Typography variant="pi" textColor="neutral600" tag="p">
              {t(
                'fromConfigHelp',
                'Change them in the config file, or edit a copy here: a copy saved with the same id replaces the config one.'
              )}
            </Typography>
            {configured.map((e) => (
              <Flex
                key={e.id}
                gap={3}
                paddingTop={3}
                wrap="wrap"
                justifyContent="space-between"
                data-experiment={e.id}
              >
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  <Flex gap={2}>
                    <Typography fontWeight="semiBold">{e.label}</Typography>
                    <Badge variant={statusTone(e)}>{statusText(intl, e)}</Badge>
                  </Flex>
                  <Typography variant="pi" textColor="neutral600">
                    {`${scopeText(formatMessage, e, locales)} · ${armsText(formatMessage, e)}`}
                  </Typography>
                </Flex>
                {canManage ? (
                  <Button variant="tertiary" size="S" onClick={() => copyConfig(e)}>
                    {t('copy', 'Edit a copy here')}
                  </Button>
                ) : null}
              </Flex>
            ))}
          </Box>
        ) : null}
      </Flex>
      {deleting !== null && drafts[deleting] ? (
        <DeleteDialog
          draft={drafts[deleting]}
          replacesConfig={configIds.has(drafts[deleting].id)}
          saving={saving}
          onCancel={() => setDeleting(null)}
          onConfirm={confirmDelete}
        />
      ) : null}
    </Box>
  );
};
