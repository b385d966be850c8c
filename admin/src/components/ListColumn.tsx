import * as React from 'react';
import { Badge, Flex, Loader, Tooltip, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useGetTagsQuery } from '../api';
import { useStages } from '../hooks';
import { getTrad } from '../utils/getTrad';
import { audienceLabel, stageText } from '../utils/labels';
import { STAGES_ATTRIBUTE } from './JourneyPanel';

interface Row {
  documentId: string;
  locale?: string | null;
  [key: string]: unknown;
}

/**
 * The list view's "Journey" cell: primary stage (+ how many more) and audience.
 * The Content Manager's list response carries `journeyStages` only as
 * `{ count }` (it populates relations fully only when the list is filtered on
 * them), so the cell reads the entry's draft tags from GET /journey/tags.
 */
export const JourneyListCell = ({
  row,
  model,
  localized,
}: {
  row: Row;
  model: string;
  localized: boolean;
}) => {
  const { formatMessage } = useIntl();
  const { byId } = useStages();
  const { data, isLoading, isError } = useGetTagsQuery({
    uid: model,
    documentId: row.documentId,
    locale: localized ? (row.locale ?? undefined) : undefined,
    status: 'draft',
  });
  if (isLoading)
    return (
      <Loader small>
        {formatMessage({ id: getTrad('list.loading'), defaultMessage: 'Loading' })}
      </Loader>
    );
  if (isError || !data) return <Typography textColor="neutral500">-</Typography>;
  const names = data.stages.map((id) => (byId.get(id) ? stageText(byId.get(id)!) : id));
  const content = (
    <Flex
      gap={1}
      wrap="nowrap"
      data-testid="journey-list-cell"
      data-stages={data.stages.join(' ')}
      data-audience={data.audience}
    >
      {names.length ? (
        <Typography textColor="neutral800" ellipsis>
          {names[0]}
          {names.length > 1 ? ` +${names.length - 1}` : ''}
        </Typography>
      ) : (
        <Typography textColor="neutral500">
          {formatMessage({ id: getTrad('list.noStage'), defaultMessage: 'no stage' })}
        </Typography>
      )}
      <Badge size="S">{audienceLabel(formatMessage, data.audience)}</Badge>
    </Flex>
  );
  return names.length > 1 ? <Tooltip label={names.join(', ')}>{content}</Tooltip> : content;
};

interface ListLayoutLike {
  options?: Record<string, unknown> & { i18n?: { localized?: boolean } };
  metadatas?: Record<string, unknown>;
}

interface Header {
  name: string;
  [key: string]: unknown;
}

/**
 * Hook `Admin/CM/pages/ListView/inject-column-in-table`: adds the "Journey"
 * column to lists of types that carry journey tags (their list metadata has
 * `journeyStages`). `layout.options` merges the type's options and pluginOptions,
 * as i18n's own column reads it.
 */
export const addJourneyColumn = ({
  displayedHeaders,
  layout,
}: {
  displayedHeaders: Header[];
  layout: ListLayoutLike;
}) => {
  if (!layout?.metadatas || !(STAGES_ATTRIBUTE in layout.metadatas))
    return { displayedHeaders, layout };
  const localized = Boolean(layout.options?.i18n?.localized);
  return {
    displayedHeaders: [
      ...displayedHeaders.filter((h) => h.name !== 'journey'),
      {
        attribute: { type: 'custom' },
        label: { id: getTrad('list.column'), defaultMessage: 'Journey' },
        searchable: false,
        sortable: false,
        name: 'journey',
        cellFormatter: (row: Row, _header: unknown, meta: { model: string }) => (
          <JourneyListCell row={row} model={meta.model} localized={localized} />
        ),
      },
    ],
    layout,
  };
};
