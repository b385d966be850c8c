import * as React from 'react';
import {
  Button,
  Field,
  Flex,
  LinkButton,
  Modal,
  Radio,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { ExternalLink, Eye } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type {
  DocumentActionComponent,
  DocumentActionProps,
} from '@strapi/content-manager/strapi-admin';
import { useEntryPreviewUrlQuery, useGetPublicTaxonomyQuery, useGetTagsQuery } from '../api';
import { getTrad } from '../utils/getTrad';
import { stageText, type StageLike } from '../utils/labels';
import { visitorPreviewUrl } from '../utils/previewUrl';

type VisitorAudience = 'b2b' | 'b2c';
const AUDIENCES: VisitorAudience[] = ['b2b', 'b2c'];

/** Stages a visitor of this audience can be at: its own framework's, and those of frameworks for everyone. */
const stagesFor = (stages: StageLike[], audience: VisitorAudience) =>
  stages.filter((s) => s.framework === audience || !(AUDIENCES as string[]).includes(s.framework));

interface ChooserProps {
  previewUrl: string;
  stages: StageLike[];
  initial: { stage?: string; audience: VisitorAudience };
  onClose: () => void;
}

/** The modal's body: who the visitor is and where they are, then a link that opens the app's preview so. */
const VisitorChooser = ({ previewUrl, stages, initial, onClose }: ChooserProps) => {
  const { formatMessage } = useIntl();
  const [audience, setAudience] = React.useState<VisitorAudience>(initial.audience);
  const choices = stagesFor(stages, audience);
  const [stage, setStage] = React.useState<string | undefined>(initial.stage);
  const chosen = choices.some((s) => s.id === stage) ? stage : choices[0]?.id;
  const href = chosen
    ? visitorPreviewUrl(previewUrl, { stage: chosen, audience }, window.location.origin)
    : undefined;
  return (
    <>
      <Modal.Body>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="omega">
            {formatMessage({
              id: getTrad('visitorPreview.intro'),
              defaultMessage:
                'Opens your site’s preview of this entry as a visitor at the stage you choose: its recommendations are what that visitor would be served.',
            })}
          </Typography>
          <Field.Root name="journey-visitor-audience">
            <Field.Label>
              {formatMessage({ id: getTrad('visitorPreview.audience'), defaultMessage: 'Visitor' })}
            </Field.Label>
            <Radio.Group
              value={audience}
              onValueChange={(v: string) => setAudience(v as VisitorAudience)}
              aria-label={formatMessage({
                id: getTrad('visitorPreview.audience'),
                defaultMessage: 'Visitor',
              })}
            >
              <Radio.Item value="b2b">
                {formatMessage({
                  id: getTrad('visitorPreview.audience.b2b'),
                  defaultMessage: 'A business buyer (B2B)',
                })}
              </Radio.Item>
              <Radio.Item value="b2c">
                {formatMessage({
                  id: getTrad('visitorPreview.audience.b2c'),
                  defaultMessage: 'A consumer (B2C)',
                })}
              </Radio.Item>
            </Radio.Group>
          </Field.Root>
          <Field.Root name="journey-visitor-stage">
            <Field.Label>
              {formatMessage({ id: getTrad('visitorPreview.stage'), defaultMessage: 'Stage' })}
            </Field.Label>
            <SingleSelect value={chosen} onChange={(v: string | number) => setStage(String(v))}>
              {choices.map((s) => (
                <SingleSelectOption key={s.id} value={s.id}>
                  {stageText(s)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Flex>
      </Modal.Body>
      <Modal.Footer>
        <Button variant="tertiary" onClick={onClose}>
          {formatMessage({ id: 'app.components.Button.cancel', defaultMessage: 'Cancel' })}
        </Button>
        <LinkButton
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          endIcon={<ExternalLink />}
          disabled={!href}
          onClick={onClose}
          data-testid="journey-visitor-preview-open"
        >
          {formatMessage({
            id: getTrad('visitorPreview.open'),
            defaultMessage: 'Open the preview',
          })}
        </LinkButton>
      </Modal.Footer>
    </>
  );
};

/**
 * Document action "Preview as a visitor at…" (the edit view's More actions menu): the app's own
 * preview of the entry, opened with `journeyStage` and `journeyAudience` added. It exists only
 * where the app configures a preview for the type (`config/admin.ts` `preview.config.handler`),
 * asked the way the Content Manager's Preview button asks; otherwise it is absent.
 */
export const VisitorPreviewAction: DocumentActionComponent = ({
  model,
  document,
  documentId,
  activeTab,
}: DocumentActionProps) => {
  const { formatMessage } = useIntl();
  const id = document?.documentId ?? documentId;
  const locale = (document?.locale as string | undefined) ?? null;
  const { data: previewUrl } = useEntryPreviewUrlQuery(
    { uid: model, documentId: id ?? '', locale, status: activeTab ?? undefined },
    { skip: !id }
  );
  const { data: taxonomy } = useGetPublicTaxonomyQuery(undefined, { skip: !previewUrl });
  const { data: tags } = useGetTagsQuery(
    { uid: model, documentId: id ?? '', locale, status: activeTab ?? 'draft' },
    { skip: !previewUrl }
  );
  const stages = React.useMemo(() => (taxonomy?.stages ?? []).filter((s) => s.id), [taxonomy]);
  // The entry's own primary stage and audience as the starting choice: "who is this written for?"
  const primary = tags?.stages[0];
  const framework = primary?.split(':')[0];
  const audience: VisitorAudience =
    tags?.audience === 'b2c' || (tags?.audience !== 'b2b' && framework === 'b2c') ? 'b2c' : 'b2b';
  const Content = React.useCallback(
    ({ onClose }: { onClose: () => void }) => (
      <VisitorChooser
        previewUrl={previewUrl ?? ''}
        stages={stages}
        initial={{ stage: primary, audience }}
        onClose={onClose}
      />
    ),
    [previewUrl, stages, primary, audience]
  );
  if (!id || !previewUrl) return null;
  return {
    label: formatMessage({
      id: getTrad('visitorPreview.action'),
      defaultMessage: 'Preview as a visitor at…',
    }),
    icon: <Eye />,
    position: 'header',
    dialog: {
      type: 'modal',
      title: formatMessage({
        id: getTrad('visitorPreview.title'),
        defaultMessage: 'Preview as a visitor',
      }),
      content: Content,
    },
  };
};

// Static position: the Content Manager renders only the header's actions in the header, so the
// list view's row menus do not run this action (and ask a preview URL) once per row.
VisitorPreviewAction.position = 'header';
