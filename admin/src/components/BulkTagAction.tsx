import * as React from 'react';
import { useDocumentRBAC, useNotification, useTable } from '@strapi/strapi/admin';
import type { BulkActionComponent } from '@strapi/content-manager/strapi-admin';
import { Button, Checkbox, Flex, Modal, Radio, Field, Typography } from '@strapi/design-system';
import { PinMap } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { Audience } from '../../../plugin/src/audience';
import { useBulkSetTagsMutation, useGetContentTypesQuery, type BulkResult } from '../api';
import { useStages } from '../hooks';
import { getTrad } from '../utils/getTrad';
import { isJourneyType } from './JourneyPanel';
import { AudiencePicker, StagePicker } from './StagePicker';

interface Doc {
  documentId: string;
  locale?: string | null;
}

const BulkTagForm = ({
  model,
  documents,
  localized,
  onClose,
}: {
  model: string;
  documents: Doc[];
  localized: boolean;
  onClose: () => void;
}) => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const selectRow = useTable('JourneyBulkTag', (s) => s.selectRow);
  const taxonomy = useStages();
  const [stages, setStages] = React.useState<string[]>([]);
  // Adding is the default: nothing an entry carries is lost unless the editor chooses Replace.
  const [mode, setMode] = React.useState<'replace' | 'add'>('add');
  const [confirmClear, setConfirmClear] = React.useState(false);
  const [audience, setAudience] = React.useState<Audience | 'keep'>('keep');
  const [result, setResult] = React.useState<BulkResult | null>(null);
  const [bulkSetTags, { isLoading }] = useBulkSetTagsMutation();

  // Replace with no stage removes every stage: only after the editor ticks that it should
  // (until then, an audience alone changes just the audience).
  const clearing = mode === 'replace' && stages.length === 0;
  const nothingToDo = stages.length === 0 && audience === 'keep' && !(clearing && confirmClear);

  const submit = async () => {
    const res = await bulkSetTags({
      uid: model,
      documents: documents.map((d) => ({
        documentId: d.documentId,
        locale: localized ? (d.locale ?? undefined) : undefined,
      })),
      stages,
      audience: audience === 'keep' ? undefined : audience,
      // No stage picked and no removal confirmed: only the audience changes.
      mode: clearing && !confirmClear ? 'add' : mode,
    });
    if ('error' in res) {
      toggleNotification({
        type: 'danger',
        message: formatMessage({ id: getTrad('bulk.failed'), defaultMessage: 'Tagging failed' }),
      });
      return;
    }
    const { updated, failed } = res.data;
    if (failed.length === 0) {
      toggleNotification({
        type: 'success',
        message: formatMessage(
          {
            id: getTrad('bulk.done'),
            defaultMessage:
              '{count, plural, one {# draft} other {# drafts}} tagged. Publish {count, plural, one {it} other {them}} to make the tags live.',
          },
          { count: updated.length }
        ),
      });
      selectRow([]);
      onClose();
    } else {
      setResult(res.data);
    }
  };

  return (
    <>
      <Modal.Body>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="omega">
            {formatMessage(
              {
                id: getTrad('bulk.intro'),
                defaultMessage:
                  'Set the journey tags of {count, plural, one {# selected entry} other {# selected entries}} (their drafts, as a save would).',
              },
              { count: documents.length }
            )}
          </Typography>
          <Field.Root name="journey-bulk-mode">
            <Field.Label>
              {formatMessage({ id: getTrad('bulk.mode'), defaultMessage: 'Stages' })}
            </Field.Label>
            <Radio.Group
              value={mode}
              onValueChange={(v: string) => setMode(v as 'replace' | 'add')}
              aria-label={formatMessage({ id: getTrad('bulk.mode'), defaultMessage: 'Stages' })}
            >
              <Radio.Item value="replace">
                {formatMessage({
                  id: getTrad('bulk.mode.replace'),
                  defaultMessage: 'Replace their stages with these (first = primary)',
                })}
              </Radio.Item>
              <Radio.Item value="add">
                {formatMessage({
                  id: getTrad('bulk.mode.add'),
                  defaultMessage: 'Add these stages after their own (their primary stays)',
                })}
              </Radio.Item>
            </Radio.Group>
          </Field.Root>
          <StagePicker
            stages={taxonomy.active}
            byId={taxonomy.byId}
            value={stages}
            onChange={setStages}
            disabled={isLoading}
            showPrimary={mode === 'replace'}
            label={formatMessage({ id: getTrad('bulk.stages'), defaultMessage: 'Stages to set' })}
            hint={
              mode === 'replace' && stages.length > 0
                ? formatMessage({
                    id: getTrad('bulk.replaceHint'),
                    defaultMessage:
                      'Stages the entries carry that are not listed here are removed.',
                  })
                : undefined
            }
          />
          {clearing ? (
            <Checkbox
              checked={confirmClear}
              onCheckedChange={(checked: boolean | 'indeterminate') =>
                setConfirmClear(checked === true)
              }
              data-testid="journey-bulk-confirm-clear"
            >
              {formatMessage(
                {
                  id: getTrad('bulk.confirmClear'),
                  defaultMessage:
                    'Remove every stage from the {count, plural, one {selected entry} other {# selected entries}}',
                },
                { count: documents.length }
              )}
            </Checkbox>
          ) : null}
          <AudiencePicker
            value={audience}
            onChange={setAudience}
            disabled={isLoading}
            keepLabel={formatMessage({
              id: getTrad('bulk.keepAudience'),
              defaultMessage: 'Keep each entry’s audience',
            })}
          />
          {result ? (
            <Flex direction="column" alignItems="stretch" gap={1} role="alert">
              <Typography textColor="danger600" fontWeight="semiBold">
                {formatMessage(
                  {
                    id: getTrad('bulk.partial'),
                    defaultMessage: '{updated} tagged, {failed} failed:',
                  },
                  { updated: result.updated.length, failed: result.failed.length }
                )}
              </Typography>
              {result.failed.map((f) => (
                <Typography key={f.documentId} variant="pi" textColor="danger600">
                  {f.documentId}: {f.message}
                </Typography>
              ))}
            </Flex>
          ) : null}
        </Flex>
      </Modal.Body>
      <Modal.Footer>
        <Button variant="tertiary" onClick={onClose} disabled={isLoading}>
          {formatMessage({ id: 'app.components.Button.cancel', defaultMessage: 'Cancel' })}
        </Button>
        <Button onClick={submit} loading={isLoading} disabled={nothingToDo}>
          {formatMessage(
            {
              id: getTrad('bulk.submit'),
              defaultMessage: 'Tag {count, plural, one {# entry} other {# entries}}',
            },
            { count: documents.length }
          )}
        </Button>
      </Modal.Footer>
    </>
  );
};

/** List-view bulk action "Tag journey": sets stages and/or audience of the selected entries. */
export const BulkTagAction: BulkActionComponent = ({ documents, model, collectionType }) => {
  const { formatMessage } = useIntl();
  const { data: contentTypes } = useGetContentTypesQuery();
  const contentType = contentTypes?.find((ct) => ct.uid === model);
  const canUpdate = useDocumentRBAC('JourneyBulkTag', (s) => Boolean(s.canUpdate), false);
  if (collectionType !== 'collection-types' || !isJourneyType(contentType) || !canUpdate)
    return null;
  const localized = contentType?.pluginOptions?.i18n?.localized === true;
  return {
    label: formatMessage({ id: getTrad('bulk.action'), defaultMessage: 'Tag journey' }),
    icon: <PinMap />,
    variant: 'tertiary',
    dialog: {
      type: 'modal',
      title: formatMessage({
        id: getTrad('bulk.title'),
        defaultMessage: 'Tag journey stages and audience',
      }),
      content: ({ onClose }: { onClose: () => void }) => (
        <BulkTagForm
          model={model}
          documents={documents as Doc[]}
          localized={localized}
          onClose={onClose}
        />
      ),
    },
  };
};
