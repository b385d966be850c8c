import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useSuggestionQuery } from '../suggestApi';
import { useStages } from '../hooks';
import { getTrad } from '../utils/getTrad';
import { stageText } from '../utils/labels';

export interface SiteSuggestionProps {
  uid: string;
  documentId: string;
  locale?: string | null;
  /** Called with a stage id when the editor clicks it; the panel decides what to do (add it to the stages). */
  onPick: (stageId: string) => void;
  /** Stages the entry already has: not offered again. */
  exclude?: string[];
}

/**
 * "Suggested from this site": the stages the site's own tagged entries point to
 * for this entry's text, each with its confidence and reason. Nothing is applied
 * until the editor clicks a stage, and a click only hands the stage to `onPick`.
 */
export const SuggestionBox = ({
  uid,
  documentId,
  locale,
  onPick,
  exclude = [],
}: SiteSuggestionProps) => {
  const { formatMessage } = useIntl();
  const taxonomy = useStages();
  const { data, isLoading, error } = useSuggestionQuery(
    { uid, documentId, locale },
    { skip: !documentId }
  );
  if (isLoading || error || !data) return null;
  const offered = data.suggestions.filter(
    (s) => !exclude.includes(s.stage) && taxonomy.byId.has(s.stage)
  );
  if (offered.length === 0) return null;
  return (
    <Box
      background="neutral100"
      borderColor="neutral200"
      hasRadius
      padding={3}
      data-testid="journey-site-suggestion"
    >
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Typography variant="sigma" textColor="neutral600">
          {formatMessage({
            id: getTrad('suggest.title'),
            defaultMessage: 'Suggested from this site',
          })}
        </Typography>
        {offered.map((s) => {
          const stage = taxonomy.byId.get(s.stage)!;
          return (
            <Flex key={s.stage} direction="column" alignItems="flex-start" gap={1}>
              <Button
                size="S"
                variant="secondary"
                onClick={() => onPick(s.stage)}
                data-stage={s.stage}
              >
                {formatMessage(
                  { id: getTrad('suggest.pick'), defaultMessage: '{stage} · {confidence}%' },
                  { stage: stageText(stage), confidence: Math.round(s.confidence * 100) }
                )}
              </Button>
              <Typography variant="pi" textColor="neutral600">
                {s.reason}
              </Typography>
            </Flex>
          );
        })}
      </Flex>
    </Box>
  );
};

export default SuggestionBox;
