import * as React from 'react';
import {
  Badge,
  Box,
  Field,
  Flex,
  Loader,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';
import {
  useGetContentTypesQuery,
  useGetLocalesQuery,
  usePreviewQuery,
  usePreviewRolesQuery,
  type PreviewEntry,
} from '../api';
import { useStages } from '../hooks';
import { getTrad } from '../utils/getTrad';
import { errorText } from '../utils/errors';
import { stageText } from '../utils/labels';
import { Notice } from './Notice';

/** Short words for the why-not codes (the code stays in the API and in data-code). */
const WHY_NOT_WORDS: Record<string, string> = {
  'type-not-readable': 'type not served',
  'type-not-requested': 'type not asked for',
  'other-locale': 'other language',
  'draft-only': 'draft only',
  'unpublished-change': 'change not published',
  'other-audience': 'other audience',
  'retired-stage': 'retired stage',
  excluded: 'excluded by the request',
  'below-limit': 'below the limit',
};

const ANY = 'any';
const LIMITS = ['3', '5', '10', '20'];
const MATCH_COLORS: Record<string, { textColor: string; backgroundColor: string }> = {
  exact: { textColor: 'success700', backgroundColor: 'success100' },
  phase: { textColor: 'primary700', backgroundColor: 'primary100' },
  adjacent: { textColor: 'warning700', backgroundColor: 'warning100' },
};

/** The name a person knows an entry by: the usual main fields, else its documentId. */
const entryTitle = (e: PreviewEntry) => String(e.title ?? e.name ?? e.headline ?? e.documentId);

/**
 * "Preview as a visitor": what GET /api/journey/recommend serves a visitor with
 * this stage, audience, locale and Users & Permissions role (the server runs the
 * endpoint's own service), and why entries tagged for that stage are not shown.
 */
export const VisitorPreview = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, React.ReactNode>) =>
    formatMessage({ id: getTrad(`preview.${id}`), defaultMessage }, values as any);
  const { active } = useStages();
  const { data: locales, isError: noI18n } = useGetLocalesQuery();
  const { data: roles } = usePreviewRolesQuery();
  const { data: contentTypes } = useGetContentTypesQuery();
  const [stage, setStage] = React.useState<string>('');
  const [audience, setAudience] = React.useState<string>(ANY);
  const [locale, setLocale] = React.useState<string>('');
  const [role, setRole] = React.useState<string>('');
  const [limit, setLimit] = React.useState<string>('3');
  // Applied on Enter or leaving the field, not on every keystroke (a half-typed name is a 400).
  const [extraDraft, setExtraDraft] = React.useState<string>('');
  const [extra, setExtra] = React.useState<string>('');

  const params: Record<string, string> = { stage, limit };
  if (audience !== ANY) params.audience = audience;
  if (locale) params.locale = locale;
  if (role) params.role = role;
  // Any other recommend parameter (exclude, types, visitor signals…), as a query string; it wins over the pickers.
  for (const [key, value] of new URLSearchParams(extra.trim().replace(/^\?/, '')))
    if (key) params[key] = value;
  const { data, error, isFetching } = usePreviewQuery(params, { skip: !params.stage });
  const typeName = (uid: string) =>
    contentTypes?.find((ct) => ct.uid === uid)?.info.displayName ?? uid;
  const publicRole = roles?.find((r) => r.type === 'public');

  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="filterShadow"
      padding={6}
      data-testid="journey-preview"
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="delta" tag="h2">
            {t('title', 'Preview as a visitor')}
          </Typography>
          <Typography variant="omega" textColor="neutral600">
            {t(
              'subtitle',
              'What the recommend endpoint serves a visitor at this stage, and why entries tagged for it are not shown.'
            )}
          </Typography>
        </Flex>
        <Flex gap={2} wrap="wrap">
          <Box minWidth="20rem">
            <SingleSelect
              size="S"
              aria-label={t('stage', 'Visitor stage')}
              placeholder={t('stage.placeholder', 'Choose a stage')}
              value={stage}
              onChange={(v) => setStage(String(v))}
            >
              {active.map((s) => (
                <SingleSelectOption key={s.id} value={s.id}>
                  {stageText(s)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Box minWidth="14rem">
            <SingleSelect
              size="S"
              aria-label={t('audience', 'Visitor segment')}
              value={audience}
              onChange={(v) => setAudience(String(v))}
            >
              <SingleSelectOption value={ANY}>
                {t('audience.any', 'Any segment')}
              </SingleSelectOption>
              <SingleSelectOption value="b2b">B2B</SingleSelectOption>
              <SingleSelectOption value="b2c">B2C</SingleSelectOption>
            </SingleSelect>
          </Box>
          {!noI18n && locales && locales.length > 0 ? (
            <Box minWidth="14rem">
              <SingleSelect
                size="S"
                aria-label={t('locale', 'Visitor language')}
                value={locale || locales.find((l) => l.isDefault)?.code || ''}
                onChange={(v) => setLocale(String(v))}
              >
                {locales.map((l) => (
                  <SingleSelectOption key={l.code} value={l.code}>
                    {l.name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Box>
          ) : null}
          <Box minWidth="14rem">
            <SingleSelect
              size="S"
              aria-label={t('role', 'Visitor role')}
              value={role || (publicRole ? String(publicRole.id) : '')}
              onChange={(v) => setRole(String(v))}
            >
              {(roles ?? []).map((r) => (
                <SingleSelectOption key={r.id} value={String(r.id)}>
                  {r.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Box minWidth="10rem">
            <SingleSelect
              size="S"
              aria-label={t('limit', 'How many')}
              value={limit}
              onChange={(v) => setLimit(String(v))}
            >
              {LIMITS.map((n) => (
                <SingleSelectOption key={n} value={n}>
                  {t('limit.option', '{n} entries', { n })}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Box minWidth="28rem">
            <Field.Root>
              <TextInput
                size="S"
                aria-label={t('extra', 'More visitor parameters')}
                placeholder={t(
                  'extra.placeholder',
                  'More parameters, e.g. exclude=…&types=whitepapers'
                )}
                value={extraDraft}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setExtraDraft(e.target.value)}
                onBlur={() => setExtra(extraDraft)}
                onKeyDown={(e: React.KeyboardEvent<HTMLInputElement>) =>
                  e.key === 'Enter' && setExtra(extraDraft)
                }
              />
            </Field.Root>
          </Box>
          {isFetching ? <Loader small>{t('loading', 'Asking the endpoint')}</Loader> : null}
        </Flex>

        {!params.stage ? (
          <Typography variant="omega" textColor="neutral600">
            {t('empty', 'Choose a stage to see what a visitor at that stage gets.')}
          </Typography>
        ) : error ? (
          <Notice variant="danger" title={t('error', 'The preview could not be computed')}>
            {errorText(error)}
          </Notice>
        ) : data ? (
          <Flex direction="column" alignItems="stretch" gap={4}>
            {data.meta.preview.endpointStatus !== 200 ? (
              <Notice
                variant="warning"
                title={t('blocked.title', 'This visitor cannot call the endpoint')}
              >
                {t(
                  'blocked.body',
                  'GET /api/journey/recommend answers {status} for the {role} role: grant it "recommend" under Users & Permissions. Below is what it would serve once allowed.',
                  { status: data.meta.preview.endpointStatus, role: data.meta.preview.role.name }
                )}
              </Notice>
            ) : null}
            <Box>
              <Typography variant="sigma" textColor="neutral600" tag="h3">
                {t('served', 'Served, best first ({count})', { count: data.data.length })}
              </Typography>
              {data.data.length === 0 ? (
                <Typography variant="omega" textColor="neutral600" tag="p">
                  {t('served.none', 'Nothing: this visitor gets an empty list.')}
                </Typography>
              ) : (
                <Box tag="ol" paddingTop={2}>
                  {data.data.map((e, i) => (
                    <Box
                      tag="li"
                      key={`${e.contentType}|${e.documentId}`}
                      paddingBottom={2}
                      data-testid="journey-preview-item"
                    >
                      <Flex gap={2} alignItems="center" wrap="wrap">
                        <Typography fontWeight="bold">{`${i + 1}. ${entryTitle(e)}`}</Typography>
                        <Typography variant="pi" textColor="neutral600">
                          {typeName(e.contentType)}
                        </Typography>
                        <Badge size="S" {...(MATCH_COLORS[e.journey.match] as any)}>
                          {t(`match.${e.journey.match}`, e.journey.match)}
                        </Badge>
                      </Flex>
                      <Typography
                        variant="pi"
                        textColor="neutral700"
                        data-testid="journey-preview-reason"
                      >
                        {e.journey.reason}
                      </Typography>
                    </Box>
                  ))}
                </Box>
              )}
              {data.meta.fallback ? (
                <Typography variant="pi" textColor="neutral600" tag="p">
                  {t(
                    'fallback',
                    'Too few exact matches: the list was widened to the phase and its neighbours.'
                  )}
                </Typography>
              ) : null}
            </Box>
            <Box>
              <Typography variant="sigma" textColor="neutral600" tag="h3">
                {t('whyNot', 'Why not shown ({count})', { count: data.meta.whyNot.length })}
              </Typography>
              {data.meta.whyNot.length === 0 ? (
                <Typography variant="omega" textColor="neutral600" tag="p">
                  {t('whyNot.none', 'Every entry tagged for this stage or its phase is served.')}
                </Typography>
              ) : (
                <Box tag="ul" paddingTop={2}>
                  {data.meta.whyNot.map((w) => (
                    <Box
                      tag="li"
                      key={`${w.contentType}|${w.documentId}`}
                      paddingBottom={2}
                      data-testid="journey-preview-whynot"
                    >
                      <Flex gap={2} alignItems="center" wrap="wrap">
                        <Typography fontWeight="semiBold">{w.title}</Typography>
                        <Typography variant="pi" textColor="neutral600">
                          {typeName(w.contentType)}
                        </Typography>
                        {w.reasons.map((r) => (
                          <Badge key={r.code} size="S" data-code={r.code}>
                            {t(`whyNot.code.${r.code}`, WHY_NOT_WORDS[r.code] ?? r.code)}
                          </Badge>
                        ))}
                      </Flex>
                      <Typography variant="pi" textColor="neutral700">
                        {w.reasons.map((r) => r.message).join('; ')}
                      </Typography>
                    </Box>
                  ))}
                </Box>
              )}
            </Box>
          </Flex>
        ) : null}
      </Flex>
    </Box>
  );
};
