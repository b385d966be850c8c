import * as React from 'react';
import { useNotification } from '@strapi/strapi/admin';
import {
  Box,
  Button,
  Field,
  Flex,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { PHASE_KEYS } from '../../../plugin/src/phases';
import {
  useGetSignalRulesQuery,
  useUpdateSignalRulesMutation,
  type SignalRule,
} from '../signalRulesApi';
import { getTrad } from '../utils/getTrad';
import { errorText } from '../utils/errors';
import { audienceLabel, phaseLabel, stageText } from '../utils/labels';
import { useStages } from '../hooks';

/** A rule row as edited: the target is one value, `stage:<id>`, `phase:<key>` or empty (audience only). */
interface RuleDraft {
  signal: string;
  pattern: string;
  target: string;
  audience: string;
  weight: number | undefined;
}

const toDraft = (r: SignalRule): RuleDraft => ({
  signal: r.signal,
  pattern: r.pattern,
  target: r.stage ? `stage:${r.stage}` : r.phase ? `phase:${r.phase}` : '',
  audience: r.audience ?? '',
  weight: r.weight,
});

/** The body of PUT /journey/signal-rules; the server validates it again (and names the field that is wrong). */
export const toRules = (drafts: RuleDraft[]): SignalRule[] =>
  drafts.map((d) => ({
    signal: d.signal as SignalRule['signal'],
    pattern: d.pattern.trim(),
    ...(d.target.startsWith('stage:') ? { stage: d.target.slice(6) } : {}),
    ...(d.target.startsWith('phase:') ? { phase: d.target.slice(6) as SignalRule['phase'] } : {}),
    ...(d.audience ? { audience: d.audience as SignalRule['audience'] } : {}),
    weight: d.weight ?? 1,
  }));

const describe = (r: SignalRule) =>
  `${r.signal} ~ "${r.pattern}" → ${[r.stage ?? r.phase, r.audience].filter(Boolean).join(', ')} (weight ${r.weight})`;

/**
 * Settings page section: the visitor signal rules ("utm_campaign pricing-* → decision").
 * Config rules are shown read-only; the rules here are stored in the database and
 * saved whole. Reading needs coverage.read, saving settings.manage (as the rest of the page).
 */
export const SignalRules = ({ canManage }: { canManage: boolean }) => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const { data, isLoading } = useGetSignalRulesQuery();
  const [save, { isLoading: isSaving }] = useUpdateSignalRulesMutation();
  const [drafts, setDrafts] = React.useState<RuleDraft[]>([]);
  const { byId } = useStages();
  React.useEffect(() => {
    if (data) setDrafts(data.rules.map(toDraft));
  }, [data]);
  if (isLoading || !data) return null;

  const t = (id: string, defaultMessage: string) =>
    formatMessage({ id: getTrad(`signals.${id}`), defaultMessage });
  const set = (i: number, patch: Partial<RuleDraft>) =>
    setDrafts((prev) => prev.map((d, k) => (k === i ? { ...d, ...patch } : d)));
  const invalid = drafts.some(
    (d) =>
      !d.pattern.trim() ||
      (!d.target && !d.audience) ||
      !(d.weight !== undefined && d.weight > 0 && d.weight <= 10)
  );
  const changed = JSON.stringify(toRules(drafts)) !== JSON.stringify(data.rules);

  const onSave = async () => {
    try {
      await save(toRules(drafts)).unwrap();
      toggleNotification({ type: 'success', message: t('saved', 'Signal rules saved') });
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorText(e, 'Error') });
    }
  };

  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="filterShadow"
      padding={6}
      data-testid="journey-signal-rules"
    >
      <Flex justifyContent="space-between" alignItems="center">
        <Typography variant="delta" tag="h2">
          {t('title', 'Visitor signal rules')}
        </Typography>
        {canManage ? (
          <Button onClick={onSave} loading={isSaving} disabled={!changed || invalid}>
            {t('save', 'Update rules')}
          </Button>
        ) : null}
      </Flex>
      <Typography variant="pi" textColor="neutral600" tag="p">
        {t(
          'help',
          'A visit whose signal matches the pattern (* any characters, ? one) counts as evidence for a stage or phase, and/or an audience. One entry read weighs 1.'
        )}
      </Typography>
      {data.configRules.length > 0 ? (
        <Box paddingTop={4}>
          <Typography variant="sigma" textColor="neutral600">
            {t('fromConfig', 'From config/plugins.ts (read only)')}
          </Typography>
          {data.configRules.map((r, i) => (
            <Typography key={i} tag="p" variant="pi">
              <code>{describe(r)}</code>
            </Typography>
          ))}
        </Box>
      ) : null}
      {drafts.map((d, i) => (
        <Flex key={i} gap={2} paddingTop={4} alignItems="flex-end" data-rule={i}>
          <Field.Root name={`rules[${i}].signal`}>
            <Field.Label>{t('signal', 'Signal')}</Field.Label>
            <SingleSelect
              value={d.signal}
              disabled={!canManage}
              onChange={(v) => set(i, { signal: String(v) })}
            >
              {data.signals.map((s) => (
                <SingleSelectOption key={s} value={s}>
                  {s}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
          <Field.Root
            name={`rules[${i}].pattern`}
            error={d.pattern.trim() ? undefined : t('patternRequired', 'A pattern is required')}
          >
            <Field.Label>{t('pattern', 'Pattern')}</Field.Label>
            <TextInput
              value={d.pattern}
              disabled={!canManage}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                set(i, { pattern: e.target.value })
              }
            />
          </Field.Root>
          <Field.Root name={`rules[${i}].target`}>
            <Field.Label>{t('target', 'Stage or phase')}</Field.Label>
            <SingleSelect
              value={d.target}
              disabled={!canManage}
              onChange={(v) => set(i, { target: String(v) })}
            >
              <SingleSelectOption value="">
                {t('noTarget', 'None (the rule tells the audience only)')}
              </SingleSelectOption>
              {PHASE_KEYS.map((p) => (
                <SingleSelectOption key={p} value={`phase:${p}`}>
                  {formatMessage(
                    {
                      id: getTrad('signals.phaseOption'),
                      defaultMessage: '{phase}, any stage of it',
                    },
                    { phase: phaseLabel(formatMessage, p) }
                  )}
                </SingleSelectOption>
              ))}
              {data.stages.map((s) => (
                <SingleSelectOption key={s} value={`stage:${s}`}>
                  {byId.get(s) ? stageText(byId.get(s)!) : s}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            {!d.target && !d.audience ? (
              <Typography variant="pi" textColor="danger600" role="alert">
                {t('targetRequired', 'Choose a stage, a phase or an audience')}
              </Typography>
            ) : null}
          </Field.Root>
          <Field.Root name={`rules[${i}].audience`}>
            <Field.Label>{t('audience', 'Audience')}</Field.Label>
            <SingleSelect
              value={d.audience}
              disabled={!canManage}
              onChange={(v) => set(i, { audience: String(v) })}
            >
              <SingleSelectOption value="">
                {t('noAudience', 'None (the rule tells the stage only)')}
              </SingleSelectOption>
              <SingleSelectOption value="b2b">
                {audienceLabel(formatMessage, 'b2b')}
              </SingleSelectOption>
              <SingleSelectOption value="b2c">
                {audienceLabel(formatMessage, 'b2c')}
              </SingleSelectOption>
            </SingleSelect>
          </Field.Root>
          <Field.Root name={`rules[${i}].weight`}>
            <Field.Label>{t('weight', 'Weight')}</Field.Label>
            <NumberInput
              value={d.weight}
              step={0.1}
              disabled={!canManage}
              onValueChange={(v) => set(i, { weight: v })}
            />
          </Field.Root>
          {canManage ? (
            <Button
              variant="danger-light"
              startIcon={<Trash />}
              onClick={() => setDrafts((prev) => prev.filter((_, k) => k !== i))}
            >
              {t('remove', 'Remove')}
            </Button>
          ) : null}
        </Flex>
      ))}
      {canManage ? (
        <Box paddingTop={4}>
          <Button
            variant="secondary"
            startIcon={<Plus />}
            onClick={() =>
              setDrafts((prev) => [
                ...prev,
                {
                  signal: 'utm_campaign',
                  pattern: '',
                  // No stage or phase until the editor picks one: an audience-only rule
                  // must not also push its visitors to a phase.
                  target: '',
                  audience: '',
                  weight: 1,
                },
              ])
            }
          >
            {t('add', 'Add a rule')}
          </Button>
        </Box>
      ) : null}
    </Box>
  );
};
