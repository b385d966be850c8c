import * as React from 'react';
import { useForm } from '@strapi/strapi/admin';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Lightbulb, Plus } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { useTextSuggestionQuery } from '../suggestApi';
import type { SettingsStage } from '../api';
import { DEFAULT_FORMAT_AFFINITY, suggestedPhase } from '../../../plugin/src/affinity';
import type { Audience } from '../../../plugin/src/audience';
import { getTrad } from '../utils/getTrad';
import { phaseLabel, stageText } from '../utils/labels';

/** Fields that say nothing about what an entry is about. */
const SKIP = new Set(['id', 'documentId', 'locale', 'createdAt', 'updatedAt', 'publishedAt']);
const MAX_TEXT = 20000;

/**
 * The words of the edit form as it is now (saved or not): every string in its values,
 * blocks, components and dynamic zones included, capped at what the server takes.
 */
export const formText = (values: unknown): string => {
  const out: string[] = [];
  let length = 0;
  const walk = (v: unknown, key?: string) => {
    if (length > MAX_TEXT || (key && (SKIP.has(key) || key.startsWith('journey')))) return;
    if (typeof v === 'string') {
      out.push(v);
      length += v.length + 1;
    } else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, k);
  };
  walk(values);
  return out.join('\n').slice(0, MAX_TEXT);
};

/** The form's text, once the editor pauses typing. */
const useSettledText = (delayMs = 600) => {
  const values = useForm('JourneySuggestions', (s) => s.values);
  const text = React.useMemo(() => formText(values), [values]);
  const [settled, setSettled] = React.useState(text);
  React.useEffect(() => {
    const t = setTimeout(() => setSettled(text), delayMs);
    return () => clearTimeout(t);
  }, [text, delayMs]);
  return settled;
};

interface Offer {
  stage: SettingsStage;
  reason: string;
  confidence?: number;
}

/**
 * One list of stage suggestions in the edit view, from the first words typed (no Save
 * needed): what the site's tagged entries say about this text (services/suggest.ts),
 * then what the type's format usually serves, each with its reason. Stages the entry
 * has are not offered; the rest stay available after a pick. Nothing is set until a click.
 */
export const Suggestions = ({
  model,
  documentId,
  locale,
  format,
  audience,
  picked,
  stages,
  affinity,
  onAdd,
}: {
  model: string;
  documentId?: string;
  locale?: string | null;
  format?: string;
  audience: Audience;
  picked: string[];
  stages: SettingsStage[];
  affinity?: Record<string, string[]>;
  onAdd: (id: string) => void;
}) => {
  const { formatMessage } = useIntl();
  const text = useSettledText();
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  const { data } = useTextSuggestionQuery(
    { uid: model, text, audience, documentId, locale },
    { skip: words < 3 }
  );
  const byId = new Map(stages.map((s) => [s.id, s]));
  const offers: Offer[] = [];
  const seen = new Set(picked);
  for (const s of data?.suggestions ?? []) {
    const stage = byId.get(s.stage);
    if (!stage || seen.has(s.stage)) continue;
    seen.add(s.stage);
    offers.push({ stage, reason: s.reason, confidence: s.confidence });
  }
  const phase = suggestedPhase(
    (affinity as typeof DEFAULT_FORMAT_AFFINITY | undefined) ?? DEFAULT_FORMAT_AFFINITY,
    format
  );
  if (phase) {
    const inPhase = stages.filter((s) => s.phase === phase);
    const forAudience =
      audience === 'both' ? inPhase : inPhase.filter((s) => s.framework === audience);
    for (const stage of forAudience.length ? forAudience : inPhase) {
      if (seen.has(stage.id)) continue;
      seen.add(stage.id);
      offers.push({
        stage,
        reason: formatMessage(
          {
            id: getTrad('panel.suggestion.format'),
            defaultMessage: 'a {format} usually serves the {phase} phase',
          },
          { format, phase: phaseLabel(formatMessage, phase) }
        ),
      });
    }
  }
  if (offers.length === 0) return null;
  return (
    <Box
      background="primary100"
      borderColor="primary200"
      hasRadius
      padding={3}
      data-testid="journey-suggestions"
    >
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex gap={2} alignItems="flex-start">
          <Box color="primary600" paddingTop={1}>
            <Lightbulb aria-hidden />
          </Box>
          <Typography variant="pi" textColor="primary700">
            {formatMessage({
              id: getTrad('panel.suggestions'),
              defaultMessage: 'Suggested stages. Nothing is set until you choose.',
            })}
          </Typography>
        </Flex>
        {offers.map((o) => (
          <Flex
            key={o.stage.id}
            direction="column"
            alignItems="flex-start"
            gap={1}
            data-stage={o.stage.id}
          >
            <Button
              size="S"
              variant="secondary"
              startIcon={<Plus />}
              onClick={() => onAdd(o.stage.id)}
            >
              {o.confidence !== undefined
                ? formatMessage(
                    {
                      id: getTrad('suggest.pick'),
                      defaultMessage: '{stage} · {confidence}%',
                    },
                    { stage: stageText(o.stage), confidence: Math.round(o.confidence * 100) }
                  )
                : stageText(o.stage)}
            </Button>
            <Typography variant="pi" textColor="neutral700">
              {o.reason}
            </Typography>
          </Flex>
        ))}
      </Flex>
    </Box>
  );
};
