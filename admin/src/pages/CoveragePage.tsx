import * as React from 'react';
import { Page, Layouts, useRBAC } from '@strapi/strapi/admin';
import {
  Box,
  Button,
  EmptyStateLayout,
  Flex,
  LinkButton,
  Loader,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise, Download, Cog } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { useIntl } from 'react-intl';
import { Link, useSearchParams } from 'react-router-dom';
import {
  useGetContentTypesQuery,
  useGetCoverageQuery,
  useGetDemandQuery,
  useGetLocalesQuery,
  useRecountCoverageMutation,
  type AudienceScope,
  type CoverageStatus,
  type DemandPeriod,
} from '../api';
import { DemandSection } from '../components/DemandSection';
import { ExperimentsSection } from '../components/experiments/ExperimentsSection';
import { CoverageMatrix, Legend } from '../components/CoverageMatrix';
import { JOURNEY_PERMISSIONS } from '../../../plugin/src/rbac';
import { coverageCsv, downloadText } from '../utils/csv';
import { frameworkLabel, phaseLabel, stageText } from '../utils/labels';
import { getTrad } from '../utils/getTrad';
import { Notice } from '../components/Notice';
import { errorText } from '../utils/errors';
import { VisitorPreview } from '../components/VisitorPreview';

const AUDIENCES: AudienceScope[] = ['all', 'b2b', 'b2c'];
const STATUSES: CoverageStatus[] = ['published', 'draft'];
const ALL_LOCALES = '*';
const RECOUNT_POLL_MS = 3000;

const pick = <T extends string>(value: string | null, allowed: T[], fallback: T): T =>
  value && (allowed as string[]).includes(value) ? (value as T) : fallback;

/** The filters live in the URL (?audience=&status=&locale=), so a view can be bookmarked and shared. */
const useCoverageFilters = () => {
  const [params, setParams] = useSearchParams();
  const audience = pick(params.get('audience'), AUDIENCES, 'all');
  const status = pick(params.get('status'), STATUSES, 'published');
  const locale = params.get('locale') || undefined;
  const days = Number(pick(params.get('days'), ['7', '30', '90'], '30')) as DemandPeriod;
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return { audience, status, locale, days, set };
};

const CoveragePage = () => {
  const { formatMessage } = useIntl();
  const { audience, status, locale, days, set } = useCoverageFilters();
  // Fresh on every visit: an editor comes back here from publishing the entry a gap asked for.
  const demand = useGetDemandQuery({ days, audience, locale }, { refetchOnMountOrArgChange: true });
  const [pollMs, setPollMs] = React.useState(0);
  const { data, isLoading, isFetching, error } = useGetCoverageQuery(
    { audience, status, locale },
    // While the server recounts (its answer says `recounting`), ask again now and then, so
    // the note goes away and the figures settle without a reload.
    { refetchOnMountOrArgChange: true, pollingInterval: pollMs }
  );
  const isRecounting = Boolean(data?.meta?.recounting);
  React.useEffect(() => setPollMs(isRecounting ? RECOUNT_POLL_MS : 0), [isRecounting]);
  const [recount, { isLoading: recounting }] = useRecountCoverageMutation();
  const { allowedActions } = useRBAC(JOURNEY_PERMISSIONS.settings);
  const { data: locales, isError: noI18n } = useGetLocalesQuery();
  const { data: contentTypes } = useGetContentTypesQuery();

  const localizedTypes = React.useMemo(
    () =>
      new Set(
        (contentTypes ?? []).filter((ct) => ct.pluginOptions?.i18n?.localized).map((ct) => ct.uid)
      ),
    [contentTypes]
  );

  const matrix = data?.data;
  const hasTypes = Boolean(matrix && matrix.rows.length > 0);
  const entries = matrix ? matrix.rows.reduce((n, r) => n + r.total, 0) : 0;
  const untagged = matrix ? matrix.rows.reduce((n, r) => n + r.untagged, 0) : 0;
  const gaps = matrix
    ? matrix.rows.reduce((n, r) => n + Object.values(r.cells).filter((c) => c.gap).length, 0)
    : 0;

  const exportCsv = () => {
    if (!matrix) return;
    const m = (id: string, defaultMessage: string) =>
      formatMessage({ id: getTrad(id), defaultMessage });
    const audienceWords: Record<string, string> = {
      all: m('coverage.filter.audience.all', 'All audiences'),
      b2b: m('coverage.filter.audience.b2b', 'B2B (and both)'),
      b2c: m('coverage.filter.audience.b2c', 'B2C (and both)'),
    };
    const csv = coverageCsv(matrix, {
      title: m('coverage.title', 'Journey coverage'),
      filters: [
        `${m('coverage.filter.audience', 'Audience')}: ${audienceWords[audience] ?? audience}`,
        `${m('coverage.filter.status', 'Status')}: ${
          status === 'draft'
            ? m('coverage.filter.status.draft', 'Draft')
            : m('coverage.filter.status.published', 'Published')
        }`,
        `${m('coverage.filter.locale', 'Locale')}: ${
          locale
            ? (locales?.find((l) => l.code === locale)?.name ?? locale)
            : m('coverage.filter.locale.all', 'All locales')
        }`,
      ],
      columns: {
        type: m('coverage.column.type', 'Content type'),
        stage: m('coverage.csv.stage', 'Stage'),
        phase: m('coverage.csv.phase', 'Phase'),
        framework: m('coverage.csv.framework', 'Framework'),
        entries: m('coverage.csv.entries', 'Entries'),
        target: m('coverage.csv.target', 'Target'),
        state: m('coverage.csv.state', 'Gap'),
        typeId: m('coverage.csv.typeId', 'Content type id'),
        stageId: m('coverage.csv.stageId', 'Stage id'),
      },
      stageName: (s) => stageText(s),
      phaseName: (p) => phaseLabel(formatMessage, p),
      frameworkName: (f) => frameworkLabel(formatMessage, f),
      states: {
        gap: m('coverage.csv.gap', 'gap'),
        met: m('coverage.csv.met', 'target met'),
        notApplicable: m('coverage.cell.notApplicable', 'not applicable'),
      },
      untagged: m('coverage.column.untagged', 'Untagged'),
      total: m('coverage.column.total', 'Total'),
      allTypes: m('coverage.row.totals', 'All types'),
    });
    downloadText(`journey-coverage-${audience}-${status}${locale ? `-${locale}` : ''}.csv`, csv);
  };

  const title = formatMessage({
    id: getTrad('coverage.title'),
    defaultMessage: 'Journey coverage',
  });

  let content: React.ReactNode;
  if (isLoading) {
    content = (
      <Flex justifyContent="center" padding={10} aria-busy="true">
        <Loader>
          {formatMessage({
            id: getTrad('coverage.loading'),
            defaultMessage: 'Counting entries per stage…',
          })}
        </Loader>
      </Flex>
    );
  } else if (error || !matrix) {
    content = (
      <Notice
        variant="danger"
        title={formatMessage({
          id: getTrad('coverage.error.title'),
          defaultMessage: 'Coverage could not be loaded',
        })}
      >
        {errorText(error) ||
          formatMessage({
            id: getTrad('coverage.error.body'),
            defaultMessage: 'Try again, or check the server logs.',
          })}
      </Notice>
    );
  } else if (!hasTypes || entries === 0) {
    content = (
      <Box background="neutral0" hasRadius shadow="filterShadow">
        <EmptyStateLayout
          icon={<EmptyDocuments width="16rem" />}
          content={
            !hasTypes
              ? formatMessage({
                  id: getTrad('coverage.empty.noTypes'),
                  defaultMessage:
                    'No content type takes journey tags yet. Every collection type of your API gets them (unless it opts out): create one in the Content-Type Builder.',
                })
              : formatMessage(
                  {
                    id: getTrad('coverage.empty.noEntries'),
                    defaultMessage:
                      'No {status, select, published {published} other {draft}} entries match these filters yet. Write an entry in the Content Manager, choose its stages and audience in the Journey panel on the right of the edit view{status, select, published {, publish it} other {}} and it is counted here.',
                  },
                  { status }
                )
          }
          action={
            hasTypes ? (
              <LinkButton
                tag={Link}
                variant="secondary"
                to={`/content-manager/collection-types/${matrix.rows[0].uid}`}
              >
                {formatMessage({
                  id: getTrad('coverage.empty.action'),
                  defaultMessage: 'Open the Content Manager',
                })}
              </LinkButton>
            ) : (
              <LinkButton tag={Link} variant="secondary" to="/plugins/content-type-builder">
                {formatMessage({
                  id: getTrad('coverage.empty.actionCtb'),
                  defaultMessage: 'Open the Content-Type Builder',
                })}
              </LinkButton>
            )
          }
        />
      </Box>
    );
  } else {
    content = (
      <Flex direction="column" alignItems="stretch" gap={4} aria-busy={isFetching}>
        <Typography variant="omega" textColor="neutral700" data-testid="journey-coverage-summary">
          {formatMessage(
            {
              id: getTrad('coverage.summary'),
              defaultMessage:
                '{entries, plural, one {# entry} other {# entries}} in scope, {untagged, plural, =0 {all tagged} one {# without a stage} other {# without a stage}}; {gaps, plural, =0 {no gap} one {# gap} other {# gaps}} (content type × stage below its target).',
            },
            { entries, untagged, gaps }
          )}
        </Typography>
        {isRecounting ? (
          <Notice
            variant="default"
            title={formatMessage({
              id: getTrad('coverage.recounting.title'),
              defaultMessage: 'Counts are being refreshed',
            })}
          >
            {formatMessage({
              id: getTrad('coverage.recounting.body'),
              defaultMessage:
                'Figures may be a little behind (entries were changed outside the editor, imported, or stages changed). This page updates by itself when the recount is done.',
            })}
          </Notice>
        ) : null}
        {untagged > 0 && untagged === entries ? (
          <Notice
            variant="default"
            title={formatMessage({
              id: getTrad('coverage.allUntagged.title'),
              defaultMessage: 'Nothing is tagged yet',
            })}
          >
            {formatMessage({
              id: getTrad('coverage.allUntagged.body'),
              defaultMessage:
                'Open an entry and set its stages in the Journey panel, or select several entries in a list and use "Tag journey".',
            })}
          </Notice>
        ) : null}
        {/* The matrix first: it is what the page is for; demand and progression follow. */}
        <Typography variant="beta" tag="h2">
          {formatMessage({
            id: getTrad('coverage.matrix.heading'),
            defaultMessage: 'Supply: entries per content type and stage',
          })}
        </Typography>
        <Legend />
        <CoverageMatrix
          matrix={matrix}
          audience={audience}
          status={status}
          locale={locale}
          localizedTypes={localizedTypes}
        />
        <Box paddingTop={4}>
          <DemandSection
            report={demand.data}
            isLoading={demand.isLoading}
            error={demand.error}
            days={days}
            csvName={`journey-demand-${audience}${locale ? `-${locale}` : ''}-${days}d.csv`}
            onDays={(d) => set('days', d === 30 ? undefined : String(d))}
            locale={locale}
          />
        </Box>
      </Flex>
    );
  }

  return (
    <Page.Main aria-busy={isLoading}>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={formatMessage({
          id: getTrad('coverage.subtitle'),
          defaultMessage:
            'Entries per content type and journey stage. A cell below its stage’s target is a gap to fill.',
        })}
        primaryAction={
          <Button startIcon={<Download />} onClick={exportCsv} disabled={!matrix || !hasTypes}>
            {formatMessage({ id: getTrad('coverage.export'), defaultMessage: 'Export CSV' })}
          </Button>
        }
        secondaryAction={
          <Flex gap={2}>
            <LinkButton tag={Link} variant="tertiary" startIcon={<Cog />} to="/settings/journey">
              {formatMessage({
                id: getTrad('coverage.settings'),
                defaultMessage: 'Stages & targets',
              })}
            </LinkButton>
            {allowedActions.canManage ? (
              <Button
                variant="tertiary"
                startIcon={<ArrowClockwise />}
                loading={recounting}
                onClick={() => recount()}
                title={formatMessage({
                  id: getTrad('coverage.recount.hint'),
                  defaultMessage:
                    'Count every entry again from the database, e.g. after a script changed entries outside Strapi',
                })}
              >
                {formatMessage({ id: getTrad('coverage.recount'), defaultMessage: 'Recount' })}
              </Button>
            ) : null}
          </Flex>
        }
      />
      <Layouts.Action
        startActions={
          <Flex gap={2} wrap="wrap">
            <Box minWidth="18rem">
              <SingleSelect
                size="S"
                aria-label={formatMessage({
                  id: getTrad('coverage.filter.audience'),
                  defaultMessage: 'Audience',
                })}
                value={audience}
                onChange={(v) => set('audience', v === 'all' ? undefined : String(v))}
              >
                <SingleSelectOption value="all">
                  {formatMessage({
                    id: getTrad('coverage.filter.audience.all'),
                    defaultMessage: 'All audiences',
                  })}
                </SingleSelectOption>
                <SingleSelectOption value="b2b">
                  {formatMessage({
                    id: getTrad('coverage.filter.audience.b2b'),
                    defaultMessage: 'B2B (and both)',
                  })}
                </SingleSelectOption>
                <SingleSelectOption value="b2c">
                  {formatMessage({
                    id: getTrad('coverage.filter.audience.b2c'),
                    defaultMessage: 'B2C (and both)',
                  })}
                </SingleSelectOption>
              </SingleSelect>
            </Box>
            {!noI18n && locales && locales.length > 0 ? (
              <Box minWidth="18rem">
                <SingleSelect
                  size="S"
                  aria-label={formatMessage({
                    id: getTrad('coverage.filter.locale'),
                    defaultMessage: 'Locale',
                  })}
                  value={locale ?? ALL_LOCALES}
                  onChange={(v) => set('locale', v === ALL_LOCALES ? undefined : String(v))}
                >
                  <SingleSelectOption value={ALL_LOCALES}>
                    {formatMessage({
                      id: getTrad('coverage.filter.locale.all'),
                      defaultMessage: 'All locales',
                    })}
                  </SingleSelectOption>
                  {locales.map((l) => (
                    <SingleSelectOption key={l.code} value={l.code}>
                      {l.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Box>
            ) : null}
            <Box minWidth="16rem">
              <SingleSelect
                size="S"
                aria-label={formatMessage({
                  id: getTrad('coverage.filter.status'),
                  defaultMessage: 'Status',
                })}
                value={status}
                onChange={(v) => set('status', v === 'published' ? undefined : String(v))}
              >
                <SingleSelectOption value="published">
                  {formatMessage({
                    id: getTrad('coverage.filter.status.published'),
                    defaultMessage: 'Published',
                  })}
                </SingleSelectOption>
                <SingleSelectOption value="draft">
                  {formatMessage({
                    id: getTrad('coverage.filter.status.draft'),
                    defaultMessage: 'Draft',
                  })}
                </SingleSelectOption>
              </SingleSelect>
            </Box>
            {isFetching && !isLoading ? (
              <Loader small>
                {formatMessage({
                  id: getTrad('coverage.refreshing'),
                  defaultMessage: 'Refreshing',
                })}
              </Loader>
            ) : null}
          </Flex>
        }
      />
      <Layouts.Content>
        {content}
        <Box paddingTop={6}>
          <ExperimentsSection />
        </Box>
        <Box paddingTop={6}>
          <VisitorPreview />
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
};

const ProtectedCoveragePage = () => (
  <Page.Protect permissions={JOURNEY_PERMISSIONS.coverage}>
    <CoveragePage />
  </Page.Protect>
);

export { CoveragePage, ProtectedCoveragePage };
export default ProtectedCoveragePage;
