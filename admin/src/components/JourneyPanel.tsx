import * as React from 'react';
import {
  unstable_useContentManagerContext as useContentManagerContext,
  useDocumentRBAC,
  useForm,
  useNotification,
  useQueryParams,
} from '@strapi/strapi/admin';
import type { PanelComponent, PanelComponentProps } from '@strapi/content-manager/strapi-admin';
import { Box, Button, Flex, Loader, Typography } from '@strapi/design-system';
import { Lightbulb, Plus } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { DEFAULT_FORMAT_AFFINITY, suggestedPhase, type FormatAffinity } from '../../../plugin/src/affinity';
import type { Audience } from '../../../plugin/src/audience';
import { useGetTagsQuery, useSetTagsMutation, type SettingsStage } from '../api';
import { useStages } from '../hooks';
import { getTrad } from '../utils/getTrad';
import { errorStatus, errorText } from '../utils/errors';
import { audienceLabel, phaseLabel, stageText } from '../utils/labels';
import { AudiencePicker, StagePicker } from './StagePicker';

export const STAGES_ATTRIBUTE = 'journeyStages';
export const AUDIENCE_ATTRIBUTE = 'journeyAudience';

interface ContentTypeLike {
  attributes?: Record<string, unknown>;
  pluginOptions?: { i18n?: { localized?: boolean }; journey?: { format?: string } } & Record<string, unknown>;
}

export const isJourneyType = (schema: ContentTypeLike | undefined | null) => Boolean(schema?.attributes && STAGES_ATTRIBUTE in schema.attributes);

/**
 * The stages to suggest for an entry with none: those of the phase its type's
 * format serves (when the format has exactly one phase), in the framework of
 * the entry's audience (all frameworks for `both`). Suggested, never applied.
 */
export const suggestStages = (
  stages: SettingsStage[],
  format: string | undefined,
  audience: Audience,
  affinity: FormatAffinity = DEFAULT_FORMAT_AFFINITY
) => {
  const phase = suggestedPhase(affinity, format);
  if (!phase) return { phase: null, stages: [] as SettingsStage[] };
  const inPhase = stages.filter((s) => s.phase === phase);
  const forAudience = audience === 'both' ? inPhase : inPhase.filter((s) => s.framework === audience);
  return { phase, stages: forAudience.length ? forAudience : inPhase };
};

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

interface ContentProps {
  model: string;
  documentId?: string;
  activeTab: PanelComponentProps['activeTab'];
  localized: boolean;
  format?: string;
}

const Suggestion = ({
  format,
  audience,
  stages,
  onAdd,
  disabled,
  affinity,
}: {
  format?: string;
  audience: Audience;
  stages: SettingsStage[];
  affinity?: Record<string, string[]>;
  onAdd?: (id: string) => void;
  disabled?: boolean;
}) => {
  const { formatMessage } = useIntl();
  const suggestion = suggestStages(stages, format, audience, (affinity as FormatAffinity | undefined) ?? DEFAULT_FORMAT_AFFINITY);
  if (!suggestion.phase || suggestion.stages.length === 0) return null;
  return (
    <Box background="primary100" borderColor="primary200" hasRadius padding={3} data-testid="journey-suggestion">
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex gap={2} alignItems="flex-start">
          <Box color="primary600" paddingTop={1}>
            <Lightbulb aria-hidden />
          </Box>
          <Typography variant="pi" textColor="primary700">
            {formatMessage(
              {
                id: getTrad('panel.suggestion'),
                defaultMessage: 'Suggested: a {format} usually serves the {phase} phase. Nothing is set until you choose.',
              },
              { format: format ?? '', phase: phaseLabel(formatMessage, suggestion.phase) }
            )}
          </Typography>
        </Flex>
        {onAdd ? (
          <Flex gap={1} wrap="wrap">
            {suggestion.stages.map((s) => (
              <Button key={s.id} size="S" variant="secondary" startIcon={<Plus />} disabled={disabled} onClick={() => onAdd(s.id)}>
                {stageText(s)}
              </Button>
            ))}
          </Flex>
        ) : (
          <Typography variant="pi" textColor="primary700">
            {suggestion.stages.map(stageText).join(', ')}
          </Typography>
        )}
      </Flex>
    </Box>
  );
};

/** A document (or this locale of it) that does not exist yet: nothing to tag, but the suggestion already shows. */
const SaveFirst = ({ format, stages, affinity }: { format?: string; stages: SettingsStage[]; affinity?: Record<string, string[]> }) => {
  const { formatMessage } = useIntl();
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="journey-panel">
      <Typography variant="omega" textColor="neutral700" data-testid="journey-save-first">
        {formatMessage({
          id: getTrad('panel.saveFirst'),
          defaultMessage: 'Save the entry first: its journey stages and audience are set here once it exists.',
        })}
      </Typography>
      <Suggestion format={format} audience="both" stages={stages} affinity={affinity} />
    </Flex>
  );
};

const JourneyPanelContent = ({ model, documentId, activeTab, localized, format }: ContentProps) => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const [{ query }] = useQueryParams<{ plugins?: { i18n?: { locale?: string } } }>();
  const locale = localized ? query.plugins?.i18n?.locale : undefined;
  const taxonomy = useStages();
  const canUpdate = useDocumentRBAC('JourneyPanel', (s) => Boolean(s.canUpdate), false);
  const formModified = useForm('JourneyPanel', (s) => s.modified);
  const published = activeTab === 'published';

  const { data, isLoading, error } = useGetTagsQuery(
    { uid: model, documentId: documentId ?? '', locale, status: published ? 'published' : 'draft' },
    { skip: !documentId }
  );
  const [setTags, { isLoading: isSaving }] = useSetTagsMutation();
  const [stages, setStages] = React.useState<string[]>([]);
  const [audience, setAudience] = React.useState<Audience>('both');
  const [saveError, setSaveError] = React.useState<string | null>(null);

  React.useEffect(() => {
    if (data) {
      setStages(data.stages);
      setAudience(data.audience);
      setSaveError(null);
    }
  }, [data]);

  if (!documentId) {
    return <SaveFirst format={format} stages={taxonomy.active} affinity={taxonomy.formatAffinity} />;
  }

  if (isLoading || taxonomy.isLoading) {
    return (
      <Flex justifyContent="center" padding={2} data-testid="journey-panel">
        <Loader small>{formatMessage({ id: getTrad('panel.loading'), defaultMessage: 'Loading journey tags' })}</Loader>
      </Flex>
    );
  }

  const notFound = errorStatus(error) === 404;
  if (notFound && !published) {
    // This locale of the document has not been saved yet (i18n "create locale" view).
    return <SaveFirst format={format} stages={taxonomy.active} affinity={taxonomy.formatAffinity} />;
  }

  if (error || !data) {
    return (
      <Typography variant="pi" textColor={notFound ? 'neutral600' : 'danger600'} data-testid="journey-panel">
        {notFound && published
          ? formatMessage({ id: getTrad('panel.notPublished'), defaultMessage: 'No published version yet: its tags go live when it is published.' })
          : formatMessage(
              { id: getTrad('panel.error'), defaultMessage: 'Journey tags could not be loaded: {message}' },
              { message: errorText(error) }
            )}
      </Typography>
    );
  }

  if (published) {
    return (
      <Flex direction="column" alignItems="stretch" gap={2} data-testid="journey-panel">
        <Typography variant="omega">
          {data.stages.length
            ? data.stages.map((id) => (taxonomy.byId.get(id) ? stageText(taxonomy.byId.get(id)!) : id)).join(', ')
            : formatMessage({ id: getTrad('panel.noStage'), defaultMessage: 'No stage' })}
          {' · '}
          {audienceLabel(formatMessage, data.audience)}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {formatMessage({ id: getTrad('panel.publishedHint'), defaultMessage: 'Tags are edited on the draft and go live when it is published.' })}
        </Typography>
      </Flex>
    );
  }

  const readOnly = !canUpdate;
  const dirty = !sameList(stages, data.stages) || audience !== data.audience;
  const stagesUnavailable = taxonomy.active.length === 0;

  const save = async () => {
    setSaveError(null);
    try {
      await setTags({ uid: model, documentId, stages, audience, locale }).unwrap();
      toggleNotification({ type: 'success', message: formatMessage({ id: getTrad('panel.saved'), defaultMessage: 'Journey tags saved on the draft' }) });
    } catch (e) {
      const message = errorText(e, 'Error');
      setSaveError(message);
      toggleNotification({ type: 'danger', message });
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="journey-panel">
      {stagesUnavailable ? (
        <Typography variant="pi" textColor="danger600">
          {taxonomy.forbidden
            ? formatMessage({
                id: getTrad('panel.noTaxonomyAccess'),
                defaultMessage: 'Your role cannot read the journey stages: it needs “Read journey coverage” (or the Public role needs the plugin’s stages route).',
              })
            : formatMessage({ id: getTrad('panel.noStages'), defaultMessage: 'No journey stage is configured.' })}
        </Typography>
      ) : null}
      <StagePicker
        stages={taxonomy.active}
        byId={taxonomy.byId}
        value={stages}
        onChange={setStages}
        disabled={readOnly || isSaving}
        hint={formatMessage({ id: getTrad('panel.stagesHint'), defaultMessage: 'The first stage is the primary one.' })}
      />
      {stages.length === 0 ? (
        <Suggestion format={format} audience={audience} stages={taxonomy.active} affinity={taxonomy.formatAffinity} disabled={readOnly} onAdd={(id) => setStages((prev) => [...prev, id])} />
      ) : null}
      <AudiencePicker value={audience} onChange={(v) => v !== 'keep' && setAudience(v)} disabled={readOnly || isSaving} />
      {readOnly ? (
        <Typography variant="pi" textColor="neutral600">
          {formatMessage({ id: getTrad('panel.readOnly'), defaultMessage: 'You can read these tags but not change this entry.' })}
        </Typography>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={2}>
          {formModified && dirty ? (
            <Typography variant="pi" textColor="warning700" data-testid="journey-form-modified">
              {formatMessage({
                id: getTrad('panel.formModified'),
                defaultMessage: 'Save your other changes to the entry first: saving the tags reloads the entry.',
              })}
            </Typography>
          ) : null}
          {saveError ? (
            <Typography variant="pi" textColor="danger600" role="alert">
              {saveError}
            </Typography>
          ) : null}
          <Flex gap={2}>
            <Button onClick={save} loading={isSaving} disabled={!dirty || formModified} fullWidth>
              {formatMessage({ id: getTrad('panel.save'), defaultMessage: 'Save journey tags' })}
            </Button>
            {dirty ? (
              <Button
                variant="tertiary"
                disabled={isSaving}
                onClick={() => {
                  setStages(data.stages);
                  setAudience(data.audience);
                  setSaveError(null);
                }}
              >
                {formatMessage({ id: getTrad('panel.reset'), defaultMessage: 'Reset' })}
              </Button>
            ) : null}
          </Flex>
        </Flex>
      )}
    </Flex>
  );
};

/** Edit-view side panel "Journey": the entry's stages (primary first) and audience. */
export const JourneyPanel: PanelComponent = ({ model, documentId, activeTab, collectionType }) => {
  const { formatMessage } = useIntl();
  const { contentType } = useContentManagerContext();
  if (collectionType !== 'collection-types' || !isJourneyType(contentType as ContentTypeLike)) return null;
  const ct = contentType as ContentTypeLike;
  return {
    title: formatMessage({ id: getTrad('panel.title'), defaultMessage: 'Journey' }),
    content: (
      <JourneyPanelContent
        model={model}
        documentId={documentId}
        activeTab={activeTab}
        localized={ct.pluginOptions?.i18n?.localized === true}
        format={ct.pluginOptions?.journey?.format}
      />
    ),
  };
};
