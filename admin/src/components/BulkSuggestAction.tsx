import * as React from 'react';
import { useDocumentRBAC, useNotification, useTable } from '@strapi/strapi/admin';
import type { BulkActionComponent } from '@strapi/content-manager/strapi-admin';
import {
  Button,
  Checkbox,
  Flex,
  Loader,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { Sparkle } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { useBulkSetTagsMutation, useGetContentTypesQuery } from '../api';
import { useProposalsQuery, type Proposal } from '../suggestApi';
import { PRESELECT_CONFIDENCE, preselects } from '../../../plugin/src/suggest';
import { useStages } from '../hooks';
import { getTrad } from '../utils/getTrad';
import { stageText } from '../utils/labels';

interface Doc {
  documentId: string;
  locale?: string | null;
}

const ProposalList = ({
  model,
  documents,
  locale,
  onClose,
}: {
  model: string;
  documents: Doc[];
  locale?: string | null;
  onClose: () => void;
}) => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const selectRow = useTable('JourneyBulkSuggest', (s) => s.selectRow);
  const taxonomy = useStages();
  const { data, isLoading, error } = useProposalsQuery({
    uid: model,
    documentIds: documents.map((d) => d.documentId),
    locale,
  });
  const [choice, setChoice] = React.useState<Record<string, { stage: string; accepted: boolean }>>(
    {}
  );
  const [bulkSetTags, { isLoading: applying }] = useBulkSetTagsMutation();

  const proposals: Proposal[] = data?.data ?? [];
  const untagged = proposals.filter((p) => p.stages.length === 0 && p.suggestions.length > 0);
  const tagged = proposals.filter((p) => p.stages.length > 0);

  React.useEffect(() => {
    const initial: Record<string, { stage: string; accepted: boolean }> = {};
    for (const p of untagged)
      initial[p.documentId] = {
        stage: p.suggestions[0].stage,
        accepted: preselects(p.suggestions),
      };
    setChoice(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);

  const accepted = untagged
    .filter((p) => choice[p.documentId]?.accepted)
    .map((p) => ({ documentId: p.documentId, stage: choice[p.documentId].stage }));

  const apply = async () => {
    // One request, one transaction: every accepted entry gets its own stage, or none does.
    // mode add: if an editor tagged one of them meanwhile, their stages stay and stay first.
    const items = accepted.map(({ documentId, stage }) => ({ documentId, stages: [stage] }));
    const res = await bulkSetTags({
      uid: model,
      documents: items.map(({ documentId }) => ({ documentId, locale })),
      stages: [],
      items,
      mode: 'add',
    });
    if ('error' in res || res.data.failed.length > 0) {
      toggleNotification({
        type: 'danger',
        message: formatMessage(
          {
            id: getTrad('suggest.bulk.failed'),
            defaultMessage: 'Applying the suggestions failed after {done} entries',
          },
          { done: 0 }
        ),
      });
      return;
    }
    const done = items.length;
    toggleNotification({
      type: 'success',
      message: formatMessage(
        {
          id: getTrad('bulk.done'),
          // Suggestions are written to the drafts, as the bulk tag action's are: the same words.
          defaultMessage:
            '{count, plural, one {# draft} other {# drafts}} tagged. Publish {count, plural, one {it} other {them}} to make the tags live.',
        },
        { count: done }
      ),
    });
    selectRow([]);
    onClose();
  };

  const label = (id: string) => (taxonomy.byId.get(id) ? stageText(taxonomy.byId.get(id)!) : id);

  return (
    <>
      <Modal.Body>
        {isLoading ? <Loader small>Loading suggestions</Loader> : null}
        {error ? (
          <Typography textColor="danger600">
            {formatMessage({
              id: getTrad('suggest.bulk.error'),
              defaultMessage: 'Suggestions could not be loaded.',
            })}
          </Typography>
        ) : null}
        <Flex direction="column" alignItems="stretch" gap={4}>
          {data && untagged.length === 0 ? (
            <Typography>
              {formatMessage({
                id: getTrad('suggest.bulk.none'),
                defaultMessage: 'None of the selected entries is untagged with a suggestion.',
              })}
            </Typography>
          ) : null}
          {untagged.length > 0 ? (
            <Typography variant="pi" textColor="neutral600" data-testid="journey-preselect-rule">
              {formatMessage(
                {
                  id: getTrad('suggest.bulk.rule'),
                  defaultMessage:
                    'Ticked in advance: suggestions at {min}% or more, {ticked, plural, =0 {none of these} one {# of these} other {# of these}}. On the demo library 73% of such suggestions were the editor’s own stage; tick or untick any before applying.',
                },
                {
                  min: Math.round(PRESELECT_CONFIDENCE * 100),
                  ticked: untagged.filter((p) => preselects(p.suggestions)).length,
                }
              )}
            </Typography>
          ) : null}
          {untagged.map((p) => {
            const c = choice[p.documentId];
            const picked = p.suggestions.find((s) => s.stage === c?.stage) ?? p.suggestions[0];
            return (
              <Flex
                key={p.documentId}
                direction="column"
                alignItems="stretch"
                gap={1}
                data-testid="journey-proposal"
                data-document={p.documentId}
              >
                <Flex gap={2}>
                  <Checkbox
                    checked={Boolean(c?.accepted)}
                    onCheckedChange={(v: boolean | 'indeterminate') =>
                      setChoice((x) => ({
                        ...x,
                        [p.documentId]: {
                          stage: c?.stage ?? p.suggestions[0].stage,
                          accepted: v === true,
                        },
                      }))
                    }
                    aria-label={p.title}
                  >
                    <Typography fontWeight="semiBold">{p.title}</Typography>
                  </Checkbox>
                </Flex>
                <SingleSelect
                  size="S"
                  aria-label={formatMessage(
                    { id: getTrad('suggest.bulk.stage'), defaultMessage: 'Stage for {title}' },
                    { title: p.title }
                  )}
                  value={picked.stage}
                  onChange={(v: string | number) =>
                    setChoice((x) => ({
                      ...x,
                      [p.documentId]: { stage: String(v), accepted: true },
                    }))
                  }
                >
                  {p.suggestions.map((s) => (
                    <SingleSelectOption key={s.stage} value={s.stage}>
                      {`${label(s.stage)} · ${Math.round(s.confidence * 100)}%`}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
                <Typography variant="pi" textColor="neutral600">
                  {picked.reason}
                </Typography>
              </Flex>
            );
          })}
          {tagged.length > 0 ? (
            <Typography variant="pi" textColor="neutral600">
              {formatMessage(
                {
                  id: getTrad('suggest.bulk.tagged'),
                  defaultMessage:
                    '{count, plural, one {# entry is} other {# entries are}} already tagged and left as they are: {titles}',
                },
                { count: tagged.length, titles: tagged.map((p) => p.title).join(', ') }
              )}
            </Typography>
          ) : null}
        </Flex>
      </Modal.Body>
      <Modal.Footer>
        <Button variant="tertiary" onClick={onClose} disabled={applying}>
          {formatMessage({ id: 'app.components.Button.cancel', defaultMessage: 'Cancel' })}
        </Button>
        <Button onClick={apply} loading={applying} disabled={accepted.length === 0}>
          {formatMessage(
            {
              id: getTrad('suggest.bulk.apply'),
              defaultMessage: 'Apply {count, plural, one {# suggestion} other {# suggestions}}',
            },
            { count: accepted.length }
          )}
        </Button>
      </Modal.Footer>
    </>
  );
};

/** List-view bulk action "Suggest stages for untagged entries": proposals for review; nothing is applied without a click. */
export const BulkSuggestAction: BulkActionComponent = ({ documents, model, collectionType }) => {
  const { formatMessage } = useIntl();
  const { data: contentTypes } = useGetContentTypesQuery();
  const contentType = contentTypes?.find((ct) => ct.uid === model);
  const canUpdate = useDocumentRBAC('JourneyBulkSuggest', (s) => Boolean(s.canUpdate), false);
  if (
    collectionType !== 'collection-types' ||
    !contentType?.attributes ||
    !('journeyStages' in contentType.attributes) ||
    !canUpdate
  )
    return null;
  const localized = contentType?.pluginOptions?.i18n?.localized === true;
  const locale = localized ? ((documents as Doc[]).find((d) => d.locale)?.locale ?? null) : null;
  return {
    label: formatMessage({ id: getTrad('suggest.bulk.action'), defaultMessage: 'Suggest stages' }),
    icon: <Sparkle />,
    variant: 'tertiary',
    dialog: {
      type: 'modal',
      title: formatMessage({
        id: getTrad('suggest.bulk.title'),
        defaultMessage: 'Suggest stages for untagged entries',
      }),
      content: ({ onClose }: { onClose: () => void }) => (
        <ProposalList
          model={model}
          documents={documents as Doc[]}
          locale={locale}
          onClose={onClose}
        />
      ),
    },
  };
};
