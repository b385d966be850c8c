import * as React from 'react';
import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { type ExperimentDraft } from '../../utils/experiments';
import { useT } from './settingsText';

export const DeleteDialog = ({
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
