import * as React from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import { Check, Plus } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { useGetLocalesQuery, type SettingsStage } from '../../api';
import {
  useGetExperimentsQuery,
  useUpdateExperimentsMutation,
  type ExperimentRow,
} from '../../experimentsApi';
import {
  newExperimentDraft,
  toExperiment,
  toExperimentDraft,
  type ExperimentDraft,
} from '../../utils/experiments';
import { kindLabel, scopeText, statusText, statusTone } from '../../utils/experimentWords';
import { errorOf, useT, type SaveError } from './settingsText';
import { DeleteDialog } from './DeleteDialog';
import { ExperimentEditor } from './ExperimentEditor';

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
