import * as React from 'react';
import { DemandStatus } from '../components/DemandStatus';
import { Page, Layouts, useNotification, useRBAC } from '@strapi/strapi/admin';
import {
  Badge,
  Box,
  Button,
  Checkbox,
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
import { Check, WarningCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';
import {
  useGetSettingsQuery,
  useRestoreStageMutation,
  useRetireStageMutation,
  useUpdateSettingsMutation,
  type SettingsStage,
  type StageEdit,
} from '../api';
import { JOURNEY_PERMISSIONS } from '../../../plugin/src/rbac';
import { getTrad } from '../utils/getTrad';
import { Notice } from '../components/Notice';
import { SignalRules } from '../components/SignalRules';
import { ExperimentsSettings } from '../components/experiments/ExperimentsSettings';
import { TypeTargets } from '../components/TypeTargets';
import { errorText } from '../utils/errors';
import { frameworkLabel, phaseLabel, stageText } from '../utils/labels';

type Draft = Record<string, { label: string; description: string; target: number | undefined }>;

const toDraft = (stages: SettingsStage[]): Draft =>
  Object.fromEntries(
    stages.map((s) => [s.id, { label: s.label, description: s.description, target: s.target }])
  );

/** Only what changed, in the shape PUT /journey/settings takes. */
export const settingsChanges = (
  stages: SettingsStage[],
  draft: Draft
): Record<string, StageEdit> => {
  const out: Record<string, StageEdit> = {};
  for (const s of stages) {
    const d = draft[s.id];
    if (!d) continue;
    const edit: StageEdit = {};
    if (d.label.trim() !== s.label) edit.label = d.label.trim();
    if (d.description !== s.description) edit.description = d.description;
    if (d.target !== undefined && d.target !== s.target) edit.target = d.target;
    if (Object.keys(edit).length) out[s.id] = edit;
  }
  return out;
};

const fieldError = (
  d: Draft[string],
  formatMessage: ReturnType<typeof useIntl>['formatMessage']
) => ({
  label: !d.label.trim()
    ? formatMessage({
        id: getTrad('settings.error.label'),
        defaultMessage: 'A stage needs a label',
      })
    : d.label.length > 100
      ? formatMessage({
          id: getTrad('settings.error.labelLength'),
          defaultMessage: 'At most 100 characters',
        })
      : undefined,
  description:
    d.description.length > 1000
      ? formatMessage({
          id: getTrad('settings.error.descriptionLength'),
          defaultMessage: 'At most 1000 characters',
        })
      : undefined,
  target:
    d.target === undefined || !Number.isInteger(d.target) || d.target < 0 || d.target > 100000
      ? formatMessage({
          id: getTrad('settings.error.target'),
          defaultMessage: 'A whole number from 0 to 100000',
        })
      : undefined,
});

const RetireDialog = ({
  stage,
  stages,
  onClose,
}: {
  stage: SettingsStage;
  stages: SettingsStage[];
  onClose: () => void;
}) => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const [retire, { isLoading }] = useRetireStageMutation();
  const others = stages.filter((s) => !s.retired && s.id !== stage.id);
  // Stages of the same phase first: the natural place for its entries to go.
  const ordered = [
    ...others.filter((s) => s.phase === stage.phase),
    ...others.filter((s) => s.phase !== stage.phase),
  ];
  const [moveTo, setMoveTo] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const needsTarget = stage.entries > 0;

  const confirm = async () => {
    setError(null);
    try {
      const res = await retire({ stage: stage.id, ...(moveTo ? { moveTo } : {}) }).unwrap();
      toggleNotification({
        type: 'success',
        message: formatMessage(
          {
            id: getTrad('settings.retire.done'),
            defaultMessage:
              '{stage} retired{moved, plural, =0 {} one {, # entry moved} other {, # entries moved}}. Restore can move them back.',
          },
          { stage: stageText(stage), moved: res.moved }
        ),
      });
      onClose();
    } catch (e) {
      setError(errorText(e, 'Error'));
    }
  };

  return (
    <Dialog.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Dialog.Content>
        <Dialog.Header>
          {formatMessage(
            { id: getTrad('settings.retire.title'), defaultMessage: 'Retire {stage}?' },
            { stage: stageText(stage) }
          )}
        </Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>
          <Flex direction="column" alignItems="stretch" gap={3} width="100%">
            <Typography textAlign="center">
              {needsTarget
                ? formatMessage(
                    {
                      id: getTrad('settings.retire.inUse'),
                      defaultMessage:
                        '{count, plural, one {# entry uses} other {# entries use}} this stage. Choose the stage they move to; nothing is deleted, and Restore can move them back.',
                    },
                    { count: stage.entries }
                  )
                : formatMessage({
                    id: getTrad('settings.retire.unused'),
                    defaultMessage:
                      'No entry uses this stage. It will no longer be offered to editors or counted on the coverage page.',
                  })}
            </Typography>
            {needsTarget ? (
              <Field.Root name="moveTo" required error={error ?? undefined}>
                <Field.Label>
                  {formatMessage({
                    id: getTrad('settings.retire.moveTo'),
                    defaultMessage: 'Move its entries to',
                  })}
                </Field.Label>
                <SingleSelect
                  value={moveTo}
                  onChange={(v) => setMoveTo(String(v))}
                  placeholder={formatMessage({
                    id: getTrad('settings.retire.choose'),
                    defaultMessage: 'Choose a stage',
                  })}
                >
                  {ordered.map((s) => (
                    <SingleSelectOption key={s.id} value={s.id}>
                      {`${stageText(s)} — ${phaseLabel(formatMessage, s.phase)}`}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
                <Field.Error />
              </Field.Root>
            ) : error ? (
              <Typography textColor="danger600" role="alert">
                {error}
              </Typography>
            ) : null}
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary" disabled={isLoading}>
              {formatMessage({ id: 'app.components.Button.cancel', defaultMessage: 'Cancel' })}
            </Button>
          </Dialog.Cancel>
          <Button
            fullWidth
            variant="danger-light"
            loading={isLoading}
            disabled={needsTarget && !moveTo}
            onClick={confirm}
          >
            {formatMessage({
              id: getTrad('settings.retire.confirm'),
              defaultMessage: 'Retire stage',
            })}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};

const StageRow = ({
  stage,
  value,
  onChange,
  canManage,
  onRetire,
}: {
  stage: SettingsStage;
  value: Draft[string];
  onChange: (next: Draft[string]) => void;
  canManage: boolean;
  onRetire: () => void;
}) => {
  const { formatMessage } = useIntl();
  const errors = fieldError(value, formatMessage);
  return (
    <Box
      paddingTop={4}
      paddingBottom={4}
      borderColor="neutral150"
      style={{ borderWidth: '1px 0 0 0' }}
      data-stage={stage.id}
    >
      <Grid.Root gap={4}>
        <Grid.Item col={3} s={12} direction="column" alignItems="flex-start">
          <Typography variant="sigma" textColor="neutral600">
            {phaseLabel(formatMessage, stage.phase)}
          </Typography>
          <Typography variant="pi" textColor="neutral600" tag="code">
            {stage.id}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {formatMessage(
              {
                id: getTrad('settings.entries'),
                defaultMessage: '{count, plural, =0 {not used} one {# entry} other {# entries}}',
              },
              { count: stage.entries }
            )}
          </Typography>
        </Grid.Item>
        <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
          <Field.Root name={`${stage.id}.label`} error={errors.label}>
            <Field.Label>
              {formatMessage({ id: getTrad('settings.label'), defaultMessage: 'Label' })}
            </Field.Label>
            <TextInput
              value={value.label}
              disabled={!canManage}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                onChange({ ...value, label: e.target.value })
              }
            />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Field.Root name={`${stage.id}.description`} error={errors.description}>
            <Field.Label>
              {formatMessage({
                id: getTrad('settings.description'),
                defaultMessage: 'Description',
              })}
            </Field.Label>
            <TextInput
              value={value.description}
              disabled={!canManage}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                onChange({ ...value, description: e.target.value })
              }
            />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={1} s={6} direction="column" alignItems="stretch">
          <Field.Root
            name={`${stage.id}.target`}
            error={errors.target}
            hint={formatMessage({
              id: getTrad('settings.targetHint'),
              defaultMessage: 'per content type',
            })}
          >
            <Field.Label>
              {formatMessage({ id: getTrad('settings.target'), defaultMessage: 'Target' })}
            </Field.Label>
            <NumberInput
              value={value.target}
              disabled={!canManage}
              step={1}
              onValueChange={(v) => onChange({ ...value, target: v })}
            />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={1} s={6} direction="column" alignItems="flex-end" justifyContent="center">
          {canManage ? (
            <Button variant="danger-light" size="S" onClick={onRetire}>
              {formatMessage({ id: getTrad('settings.retire'), defaultMessage: 'Retire' })}
            </Button>
          ) : null}
        </Grid.Item>
      </Grid.Root>
    </Box>
  );
};

const SettingsPage = () => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const { data, isLoading, error } = useGetSettingsQuery();
  const { allowedActions, isLoading: loadingRbac } = useRBAC(
    // The array form (the object form warns on every page): `plugin::journey.settings.manage` → canManage.
    JOURNEY_PERMISSIONS.settings
  );
  const canManage = Boolean(allowedActions.canManage);
  const [update, { isLoading: isSaving }] = useUpdateSettingsMutation();
  const [draft, setDraft] = React.useState<Draft>({});
  const [retiring, setRetiring] = React.useState<SettingsStage | null>(null);

  React.useEffect(() => {
    if (data) setDraft(toDraft(data.stages));
  }, [data]);

  if (isLoading || loadingRbac) return <Page.Loading />;
  if (error || !data) return <Page.Error />;

  const active = data.stages.filter((s) => !s.retired);
  const retired = data.stages.filter((s) => s.retired);
  const changes = settingsChanges(active, draft);
  const invalid = active.some(
    (s) => draft[s.id] && Object.values(fieldError(draft[s.id], formatMessage)).some(Boolean)
  );
  const frameworks = [...new Set(active.map((s) => s.framework))];

  const save = async () => {
    try {
      await update(changes).unwrap();
      toggleNotification({
        type: 'success',
        message: formatMessage({
          id: getTrad('settings.saved'),
          defaultMessage: 'Journey settings saved',
        }),
      });
    } catch (e) {
      toggleNotification({
        type: 'danger',
        message: errorText(e, 'Error'),
      });
    }
  };

  return (
    <Page.Main>
      <Page.Title>
        {formatMessage({ id: getTrad('settings.title'), defaultMessage: 'Journey stages' })}
      </Page.Title>
      <Layouts.Header
        title={formatMessage({ id: getTrad('settings.title'), defaultMessage: 'Journey stages' })}
        subtitle={formatMessage({
          id: getTrad('settings.subtitle'),
          defaultMessage:
            'Labels, descriptions and coverage targets of each stage. A change never re-tags or deletes content.',
        })}
        primaryAction={
          canManage ? (
            <Button
              startIcon={<Check />}
              onClick={save}
              loading={isSaving}
              disabled={Object.keys(changes).length === 0 || invalid}
            >
              {formatMessage({ id: 'global.save', defaultMessage: 'Save' })}
            </Button>
          ) : null
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {!canManage ? (
            <Notice
              variant="default"
              title={formatMessage({
                id: getTrad('settings.readOnly.title'),
                defaultMessage: 'Read only',
              })}
              data-testid="journey-settings-readonly"
            >
              {formatMessage({
                id: getTrad('settings.readOnly.body'),
                defaultMessage:
                  'Your role can read the journey taxonomy; changing it needs the “Manage journey settings” permission.',
              })}
            </Notice>
          ) : null}
          {frameworks.map((framework) => (
            <Box
              key={framework}
              background="neutral0"
              hasRadius
              shadow="filterShadow"
              padding={6}
              data-framework={framework}
            >
              <Typography variant="delta" tag="h2">
                {frameworkLabel(formatMessage, framework)}
              </Typography>
              {active
                .filter((s) => s.framework === framework)
                .map((s) =>
                  draft[s.id] ? (
                    <StageRow
                      key={s.id}
                      stage={s}
                      value={draft[s.id]}
                      canManage={canManage}
                      onChange={(next) => setDraft((prev) => ({ ...prev, [s.id]: next }))}
                      onRetire={() => setRetiring(s)}
                    />
                  ) : null
                )}
            </Box>
          ))}
          <TypeTargets types={data.types ?? []} stages={active} canManage={canManage} />
          <SignalRules canManage={canManage} />
          <ExperimentsSettings canManage={canManage} stages={active} />
          {retired.length > 0 ? (
            <Box background="neutral0" hasRadius shadow="filterShadow" padding={6}>
              <Typography variant="delta" tag="h2">
                {formatMessage({
                  id: getTrad('settings.retired'),
                  defaultMessage: 'Retired stages',
                })}
              </Typography>
              <Flex direction="column" alignItems="stretch" gap={2} paddingTop={4}>
                {retired.map((s) => (
                  <Flex key={s.id} gap={2} data-stage={s.id}>
                    <Badge>
                      {formatMessage({ id: getTrad('picker.retired'), defaultMessage: 'retired' })}
                    </Badge>
                    <Typography>{stageText(s)}</Typography>
                    <Typography variant="pi" textColor="neutral600">
                      {formatMessage(
                        {
                          id: getTrad('settings.entries'),
                          defaultMessage:
                            '{count, plural, =0 {not used} one {# entry} other {# entries}}',
                        },
                        { count: s.entries }
                      )}
                    </Typography>
                    {canManage ? <RestoreButton stage={s} /> : null}
                  </Flex>
                ))}
              </Flex>
            </Box>
          ) : null}
          <DemandStatus />
        </Flex>
      </Layouts.Content>
      {retiring ? (
        <RetireDialog stage={retiring} stages={data.stages} onClose={() => setRetiring(null)} />
      ) : null}
    </Page.Main>
  );
};

/**
 * Brings a retired stage back: editors can pick it again; its remaining tags count again.
 * When its retire moved entries, a dialog offers to move them back (ticked: the reason to
 * restore is usually to undo), and says that entries edited since are left.
 */
const RestoreButton = ({ stage }: { stage: SettingsStage }) => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const [restore, { isLoading }] = useRestoreStageMutation();
  const [open, setOpen] = React.useState(false);
  const [moveBack, setMoveBack] = React.useState(true);
  const movable = stage.movable ?? 0;
  const run = async () => {
    try {
      const res = await restore({ stage: stage.id, moveBack: movable > 0 && moveBack }).unwrap();
      setOpen(false);
      toggleNotification({
        type: res.left > 0 ? 'warning' : 'success',
        message: formatMessage(
          {
            id: getTrad('settings.restore.done'),
            defaultMessage:
              '{stage} restored{back, plural, =0 {} one {, # entry moved back} other {, # entries moved back}}{left, plural, =0 {} one {; # entry was edited since and keeps its stages} other {; # entries were edited since and keep their stages}}',
          },
          { stage: stageText(stage), back: res.movedBack, left: res.left }
        ),
      });
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorText(e, 'Error') });
    }
  };
  const label = formatMessage({ id: getTrad('settings.restore'), defaultMessage: 'Restore' });
  if (movable === 0)
    return (
      <Button size="S" variant="tertiary" loading={isLoading} onClick={run}>
        {label}
      </Button>
    );
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger>
        <Button size="S" variant="tertiary">
          {label}
        </Button>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>
          {formatMessage(
            { id: getTrad('settings.restore.title'), defaultMessage: 'Restore {stage}?' },
            { stage: stageText(stage) }
          )}
        </Dialog.Header>
        <Dialog.Body>
          <Flex direction="column" alignItems="stretch" gap={3} width="100%">
            <Typography>
              {formatMessage(
                {
                  id: getTrad('settings.restore.moved'),
                  defaultMessage:
                    'Retiring it moved {count, plural, one {# entry} other {# entries}} to another stage.',
                },
                { count: movable }
              )}
            </Typography>
            <Checkbox
              checked={moveBack}
              onCheckedChange={(v: boolean | 'indeterminate') => setMoveBack(v === true)}
            >
              {formatMessage({
                id: getTrad('settings.restore.moveBack'),
                defaultMessage:
                  'Move them back (an entry whose stages were changed since is left as it is)',
              })}
            </Checkbox>
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary" disabled={isLoading}>
              {formatMessage({ id: 'app.components.Button.cancel', defaultMessage: 'Cancel' })}
            </Button>
          </Dialog.Cancel>
          <Button fullWidth loading={isLoading} onClick={run}>
            {label}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};

const ProtectedSettingsPage = () => (
  <Page.Protect permissions={JOURNEY_PERMISSIONS.coverage}>
    <SettingsPage />
  </Page.Protect>
);

export { SettingsPage, ProtectedSettingsPage };
export default ProtectedSettingsPage;
