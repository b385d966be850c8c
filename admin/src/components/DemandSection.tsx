import * as React from 'react';
import {
  Box,
  Button,
  Flex,
  Loader,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { DemandPeriod, DemandReport } from '../api';
import { getTrad } from '../utils/getTrad';
import { demandCsv, downloadText } from '../utils/csv';
import { errorText } from '../utils/errors';
import { Notice } from './Notice';
import { DemandTable, share } from './DemandTable';
import { ProgressionTable } from './ProgressionTable';
import { WriteNext } from './WriteNext';

export const DEMAND_PERIODS: DemandPeriod[] = [7, 30, 90];

export interface DemandSectionProps {
  report?: DemandReport;
  isLoading: boolean;
  error?: unknown;
  days: DemandPeriod;
  onDays: (days: DemandPeriod) => void;
  locale?: string;
  /** File name of the demand CSV export. */
  csvName: string;
}

/** The coverage page's demand half: what visitors asked for, what to write next, trends, click-through, progression. */
export const DemandSection = ({
  report,
  isLoading,
  error,
  days,
  onDays,
  locale,
  csvName,
}: DemandSectionProps) => {
  const { formatMessage } = useIntl();
  const period = (
    <Box minWidth="14rem">
      <SingleSelect
        size="S"
        aria-label={formatMessage({ id: getTrad('demand.period'), defaultMessage: 'Period' })}
        value={String(days)}
        onChange={(v) => onDays(Number(v) as DemandPeriod)}
      >
        {DEMAND_PERIODS.map((d) => (
          <SingleSelectOption key={d} value={String(d)}>
            {formatMessage(
              { id: getTrad('demand.period.days'), defaultMessage: 'Last {days} days' },
              { days: d }
            )}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Box>
  );

  let body: React.ReactNode;
  if (isLoading) {
    body = (
      <Loader small>
        {formatMessage({ id: getTrad('demand.loading'), defaultMessage: 'Reading demand…' })}
      </Loader>
    );
  } else if (error || !report) {
    body = (
      <Notice
        variant="danger"
        title={formatMessage({
          id: getTrad('demand.error'),
          defaultMessage: 'Demand could not be loaded',
        })}
      >
        {errorText(error) ||
          formatMessage({
            id: getTrad('coverage.error.body'),
            defaultMessage: 'Try again, or check the server logs.',
          })}
      </Notice>
    );
  } else {
    const t = report.totals;
    const showEvents = report.stages.some((s) => s.views > 0 || s.clicks > 0);
    body = (
      <Flex direction="column" alignItems="stretch" gap={5}>
        {!report.counting.enabled ? (
          <Notice
            variant="default"
            title={formatMessage({
              id: getTrad('demand.off.title'),
              defaultMessage: 'Counting is off',
            })}
          >
            {formatMessage({
              id: getTrad('demand.off.body'),
              defaultMessage:
                'demand.enabled is false in the plugin config: new requests are not counted.',
            })}
          </Notice>
        ) : null}
        <Typography variant="omega" textColor="neutral700" data-testid="journey-demand-summary">
          {t.requests === 0
            ? formatMessage({
                id: getTrad('demand.summary.none'),
                defaultMessage:
                  'No recommendation was requested in this period. Demand appears here as soon as a frontend calls /api/journey/recommend.',
              })
            : formatMessage(
                {
                  id: getTrad('demand.summary'),
                  defaultMessage:
                    '{requests, plural, one {# recommendation} other {# recommendations}} requested in the last {days} days: {exact} answered exactly, {widened} widened to neighbouring stages, {empty} empty.',
                },
                {
                  requests: t.requests,
                  days,
                  exact: share(t.exact, t.requests),
                  widened: share(t.widened, t.requests),
                  empty: share(t.empty, t.requests),
                }
              )}
        </Typography>
        <WriteNext
          items={report.writeNext}
          stages={report.stages}
          locale={locale}
          notServed={report.notServed ?? []}
          requests={report.totals.requests}
        />
        <DemandTable stages={report.stages} days={days} showEvents={showEvents} />
        {showEvents || report.progression.from.length > 0 ? (
          <ProgressionTable progression={report.progression} stages={report.stages} />
        ) : null}
      </Flex>
    );
  }

  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={4}
      tag="section"
      aria-labelledby="journey-demand-title"
      data-testid="journey-demand"
    >
      <Flex justifyContent="space-between" alignItems="center" gap={2} wrap="wrap">
        <Typography
          variant="alpha"
          tag="h2"
          id="journey-demand-title"
          style={{ fontSize: '1.8rem' }}
        >
          {formatMessage({
            id: getTrad('demand.heading'),
            defaultMessage: 'Demand: what visitors asked for',
          })}
        </Typography>
        <Flex gap={2}>
          {period}
          <Button
            variant="secondary"
            size="S"
            startIcon={<Download />}
            disabled={!report}
            onClick={() => report && downloadText(csvName, demandCsv(report))}
          >
            {formatMessage({ id: getTrad('demand.export'), defaultMessage: 'Export demand CSV' })}
          </Button>
        </Flex>
      </Flex>
      {body}
    </Flex>
  );
};
