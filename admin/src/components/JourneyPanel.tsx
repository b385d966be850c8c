import * as React from 'react';
import {
  unstable_useContentManagerContext as useContentManagerContext,
  useDocumentRBAC,
  useForm,
  useQueryParams,
} from '@strapi/strapi/admin';
import type { PanelComponent, PanelComponentProps } from '@strapi/content-manager/strapi-admin';
import { Flex, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { Audience } from '../../../plugin/src/audience';
import { useGetStageDocumentsQuery, useGetTagsQuery } from '../api';
import { useStages } from '../hooks';
import { getTrad } from '../utils/getTrad';
import { errorStatus, errorText } from '../utils/errors';
import { audienceLabel, stageText } from '../utils/labels';
import { AudiencePicker, StagePicker } from './StagePicker';
import { Suggestions } from './Suggestions';
import { editedStages, sameList, stagesFormValue } from '../utils/journeyForm';

export const STAGES_ATTRIBUTE = 'journeyStages';
export const AUDIENCE_ATTRIBUTE = 'journeyAudience';

interface ContentTypeLike {
  attributes?: Record<string, unknown>;
  pluginOptions?: { i18n?: { localized?: boolean }; journey?: { format?: string } } & Record<
    string,
    unknown
  >;
}

export const isJourneyType = (schema: ContentTypeLike | undefined | null) =>
  Boolean(schema?.attributes && STAGES_ATTRIBUTE in schema.attributes);

type FormValues = Record<string, unknown>;

interface ContentProps {
  model: string;
  documentId?: string;
  /** Whether this document (in this locale) is saved yet: update rights apply, else create rights. */
  exists: boolean;
  activeTab: PanelComponentProps['activeTab'];
  localized: boolean;
  format?: string;
}

const JourneyPanelContent = ({
  model,
  documentId,
  exists,
  activeTab,
  localized,
  format,
}: ContentProps) => {
  const { formatMessage } = useIntl();
  const [{ query }] = useQueryParams<{
    plugins?: { i18n?: { locale?: string }; journey?: { stages?: string; audience?: string } };
  }>();
  const locale = localized ? query.plugins?.i18n?.locale : undefined;
  const taxonomy = useStages();
  const stageDocuments = useGetStageDocumentsQuery();
  const published = activeTab === 'published';

  // The form is the editor's copy: the panel reads and writes it like any field.
  const formStages = useForm('JourneyPanel', (s) => (s.values as FormValues)[STAGES_ATTRIBUTE]);
  const initialStages = useForm(
    'JourneyPanel',
    (s) => (s.initialValues as FormValues)[STAGES_ATTRIBUTE]
  );
  const formAudience = useForm(
    'JourneyPanel',
    (s) => (s.values as FormValues)[AUDIENCE_ATTRIBUTE]
  ) as Audience | undefined;
  const initialAudience = useForm(
    'JourneyPanel',
    (s) => (s.initialValues as FormValues)[AUDIENCE_ATTRIBUTE]
  ) as Audience | undefined;
  const formDisabled = useForm('JourneyPanel', (s) => s.disabled);
  const onChange = useForm('JourneyPanel', (s) => s.onChange);

  // As the Content Manager's own inputs decide it: update rights on an existing
  // document, create rights on a new one (or a new locale of one), per field.
  const allowed = useDocumentRBAC('JourneyPanel', (s) => (exists ? s.canUpdate : s.canCreate));
  const fields = useDocumentRBAC('JourneyPanel', (s) =>
    exists ? s.canUpdateFields : s.canCreateFields
  );
  const canEditStages = allowed && fields.includes(STAGES_ATTRIBUTE);
  const canEditAudience = allowed && fields.includes(AUDIENCE_ATTRIBUTE);

  // What is saved: the draft's tags (or the published version's on that tab).
  const tags = useGetTagsQuery(
    { uid: model, documentId: documentId ?? '', locale, status: published ? 'published' : 'draft' },
    { skip: !documentId }
  );
  const notFound = errorStatus(tags.error) === 404;
  const savedStages = React.useMemo(
    () => (tags.data && !notFound ? tags.data.stages : []),
    [tags.data, notFound]
  );

  // After a Save the form drops its edit (the document reloads) while the tags are
  // still being re-read: keep showing the list just saved rather than the old one.
  const edited = editedStages(formStages);
  const lastShown = React.useRef<string[]>([]);
  const stages = edited ?? (tags.isFetching && documentId ? lastShown.current : savedStages);
  lastShown.current = stages;
  const audience: Audience = formAudience ?? initialAudience ?? tags.data?.audience ?? 'both';
  const [writeError, setWriteError] = React.useState<string | null>(null);

  // A new entry opened from a coverage gap or a Write next card (utils/links.ts
  // createEntryLink): the tags it was asked for go into the form, as if picked here
  // (unsaved, undoable), so content written for a gap is tagged for that gap. The Content
  // Manager can reset its form once its data arrives (new initial values): the tags are put
  // in again then, and only then, so an editor's own change is never overwritten.
  const askedNow = exists ? undefined : query.plugins?.journey;
  const asked = React.useRef(askedNow);
  if (askedNow) asked.current = askedNow;
  // Put in until the form holds them: the Content Manager may reset its values (to new
  // initial values) in the same commit as the fill, which undoes it without a trace, so the
  // form's values are compared on every render rather than trusting one fill. Once the editor
  // picks in the panel it is theirs; a cap keeps a form that ignores changes from looping.
  const touched = React.useRef(false);
  const fills = React.useRef(0);
  React.useEffect(() => {
    const wantedTags = exists ? undefined : asked.current;
    if (!wantedTags || touched.current || fills.current >= 10 || taxonomy.isLoading) return;
    const documentIds = stageDocuments.data ?? {};
    const active = new Set(taxonomy.active.map((st) => st.id));
    const wantedStages = String(wantedTags.stages ?? '')
      .split(',')
      .filter((id) => active.has(id) && documentIds[id]);
    const wantedAudience =
      wantedTags.audience === 'b2b' || wantedTags.audience === 'b2c'
        ? wantedTags.audience
        : undefined;
    const stagesDue =
      canEditStages &&
      wantedStages.length > 0 &&
      !sameList(editedStages(formStages) ?? [], wantedStages);
    const audienceDue = canEditAudience && wantedAudience && formAudience !== wantedAudience;
    if (!stagesDue && !audienceDue) return;
    fills.current += 1;
    if (stagesDue)
      onChange(STAGES_ATTRIBUTE, stagesFormValue(wantedStages, [], initialStages, documentIds));
    if (audienceDue) onChange(AUDIENCE_ATTRIBUTE, wantedAudience);
  }, [
    exists,
    formStages,
    formAudience,
    stageDocuments.data,
    taxonomy.isLoading,
    taxonomy.active,
    canEditStages,
    canEditAudience,
    initialStages,
    onChange,
  ]);

  // The stage rows' documentIds are needed to write a stage: a failed read is tried again
  // (a few times, spaced) rather than leaving the picker without them.
  const stageDocumentsRetries = React.useRef(0);
  const { isError: stageDocumentsFailed, refetch: refetchStageDocuments } = stageDocuments;
  React.useEffect(() => {
    if (!stageDocumentsFailed || stageDocumentsRetries.current >= 3) return;
    stageDocumentsRetries.current += 1;
    const timer = setTimeout(() => void refetchStageDocuments(), 1000);
    return () => clearTimeout(timer);
  }, [stageDocumentsFailed, refetchStageDocuments]);

  if ((documentId && tags.isLoading) || taxonomy.isLoading) {
    return (
      <Flex justifyContent="center" padding={2} data-testid="journey-panel">
        <Loader small>
          {formatMessage({ id: getTrad('panel.loading'), defaultMessage: 'Loading journey tags' })}
        </Loader>
      </Flex>
    );
  }

  if (published || (tags.error && !notFound)) {
    if (tags.error || !tags.data) {
      return (
        <Typography
          variant="pi"
          textColor={notFound ? 'neutral600' : 'danger600'}
          data-testid="journey-panel"
        >
          {notFound
            ? formatMessage({
                id: getTrad('panel.notPublished'),
                defaultMessage: 'No published version yet: its tags go live when it is published.',
              })
            : formatMessage(
                {
                  id: getTrad('panel.error'),
                  defaultMessage: 'Journey tags could not be loaded: {message}',
                },
                { message: errorText(tags.error) }
              )}
        </Typography>
      );
    }
    return (
      <Flex direction="column" alignItems="stretch" gap={2} data-testid="journey-panel">
        <Typography variant="omega">
          {formatMessage(
            { id: getTrad('panel.readOnly.stages'), defaultMessage: 'Stages: {stages}' },
            {
              stages: tags.data.stages.length
                ? tags.data.stages
                    .map((id) => (taxonomy.byId.get(id) ? stageText(taxonomy.byId.get(id)!) : id))
                    .join(', ')
                : formatMessage({ id: getTrad('panel.noStage'), defaultMessage: 'No stage' }),
            }
          )}
        </Typography>
        <Typography variant="omega">
          {formatMessage(
            { id: getTrad('panel.readOnly.audience'), defaultMessage: 'Audience: {audience}' },
            { audience: audienceLabel(formatMessage, tags.data.audience) }
          )}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {formatMessage({
            id: getTrad('panel.publishedHint'),
            defaultMessage: 'Tags are edited on the draft and go live when it is published.',
          })}
        </Typography>
      </Flex>
    );
  }

  const setStages = (next: string[]) => {
    touched.current = true;
    try {
      onChange(
        STAGES_ATTRIBUTE,
        stagesFormValue(next, savedStages, initialStages, stageDocuments.data ?? {})
      );
      setWriteError(null);
    } catch (e) {
      setWriteError(
        stageDocuments.error
          ? errorText(stageDocuments.error, errorText(e, 'Error'))
          : errorText(e, 'Error')
      );
    }
  };
  const setAudience = (next: Audience) => {
    touched.current = true;
    onChange(AUDIENCE_ATTRIBUTE, next);
  };

  const readOnly = formDisabled || (!canEditStages && !canEditAudience);
  // (Without the stage rows' documentIds a change cannot be written: `setStages` says so.)
  const stagesDisabled = formDisabled || !canEditStages || stageDocuments.isLoading;
  const unsaved =
    edited !== null || (initialAudience !== undefined && audience !== initialAudience);
  const stagesUnavailable = taxonomy.active.length === 0;

  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={3}
      data-testid="journey-panel"
      data-stages={stages.join(' ')}
      data-audience={audience}
    >
      {stagesUnavailable ? (
        <Typography variant="pi" textColor="danger600">
          {taxonomy.forbidden
            ? formatMessage({
                id: getTrad('panel.noTaxonomyAccess'),
                defaultMessage:
                  'Your role cannot read the journey stages: it needs “Read journey coverage” (or the Public role needs the plugin’s stages route).',
              })
            : formatMessage({
                id: getTrad('panel.noStages'),
                defaultMessage: 'No journey stage is configured.',
              })}
        </Typography>
      ) : null}
      <StagePicker
        stages={taxonomy.active}
        byId={taxonomy.byId}
        value={stages}
        onChange={setStages}
        disabled={stagesDisabled}
        hint={formatMessage({
          id: getTrad('panel.stagesHint'),
          defaultMessage: 'The first stage is the primary one.',
        })}
      />
      {!stagesDisabled ? (
        <Suggestions
          model={model}
          documentId={exists ? documentId : undefined}
          locale={locale}
          format={format}
          audience={audience}
          picked={stages}
          stages={taxonomy.active}
          affinity={taxonomy.formatAffinity}
          onAdd={(id) => setStages([...stages, id])}
        />
      ) : null}
      <AudiencePicker
        value={audience}
        onChange={(v) => v !== 'keep' && setAudience(v)}
        disabled={formDisabled || !canEditAudience}
      />
      {writeError ? (
        <Typography variant="pi" textColor="danger600" role="alert">
          {writeError}
        </Typography>
      ) : null}
      {readOnly && !formDisabled ? (
        <Typography variant="pi" textColor="neutral600" data-testid="journey-read-only">
          {formatMessage({
            id: getTrad('panel.readOnly'),
            defaultMessage: 'You can read these tags but not change this entry.',
          })}
        </Typography>
      ) : (
        <Typography
          variant="pi"
          textColor={unsaved ? 'warning700' : 'neutral600'}
          data-testid={unsaved ? 'journey-unsaved' : 'journey-saved-with-entry'}
        >
          {unsaved
            ? formatMessage({
                id: getTrad('panel.unsaved'),
                defaultMessage: 'Changed: Save or Publish the entry to keep it.',
              })
            : formatMessage({
                id: getTrad('panel.savedWithEntry'),
                defaultMessage: 'Saved with the entry, by its Save and Publish buttons.',
              })}
        </Typography>
      )}
    </Flex>
  );
};

/** Edit-view side panel "Journey": the entry's stages (primary first) and audience. */
export const JourneyPanel: PanelComponent = ({
  model,
  documentId,
  document,
  activeTab,
  collectionType,
}) => {
  const { formatMessage } = useIntl();
  const { contentType } = useContentManagerContext();
  if (collectionType !== 'collection-types' || !isJourneyType(contentType as ContentTypeLike))
    return null;
  const ct = contentType as ContentTypeLike;
  return {
    title: formatMessage({ id: getTrad('panel.title'), defaultMessage: 'Journey' }),
    content: (
      <JourneyPanelContent
        model={model}
        documentId={documentId}
        exists={Boolean(document?.id)}
        activeTab={activeTab}
        localized={ct.pluginOptions?.i18n?.localized === true}
        format={ct.pluginOptions?.journey?.format}
      />
    ),
  };
};
