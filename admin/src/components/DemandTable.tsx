import * as React from 'react';
import { Box, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';
import type { DemandStage } from '../api';
import { getTrad } from '../utils/getTrad';
import { frameworkTag } from '../utils/labels';
import { OutcomeBar } from './OutcomeBar';
import { Sparkline } from './Sparkline';
import { NumbersTable } from './NumbersTable';

export const share = (n: number, total: number) =>
  total > 0 ? `${Math.round((n / total) * 100)}%` : '–';

const Table = styled(NumbersTable)`
  tr.journey-demand-gap td:nth-child(2) {
    color: ${({ theme }) => theme.colors.danger600};
    font-weight: 600;
  }
`;

/** Demand per stage beside supply: published entries vs target, requests and how they were answered, trend, click-through. */
export const DemandTable = ({
  stages,
  days,
  showEvents,
}: {
  stages: DemandStage[];
  days: number;
  showEvents: boolean;
}) => {
  const { formatMessage } = useIntl();
  const h = (id: string, defaultMessage: string) =>
    formatMessage({ id: getTrad(id), defaultMessage });
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" overflow="auto">
      <Table data-testid="journey-demand-table">
        <caption style={{ textAlign: 'left', padding: '0.75rem' }}>
          <Typography variant="sigma">
            {h('demand.table.caption', 'Demand per stage beside supply')}
          </Typography>
          {showEvents ? (
            <Typography variant="pi" textColor="neutral600" tag="p">
              {h(
                'demand.table.eventsScope',
                'Views, clicks and click-through count every audience and language: a view or click event says which entry, not who the visitor is.'
              )}
            </Typography>
          ) : null}
        </caption>
        <thead>
          <tr>
            <th scope="col">{h('demand.table.stage', 'Stage')}</th>
            <th scope="col">{h('demand.table.supply', 'Entries / target')}</th>
            <th scope="col">{h('demand.table.requests', 'Requests')}</th>
            <th scope="col">{h('demand.table.exact', 'Exact')}</th>
            <th scope="col">{h('demand.table.widened', 'Widened')}</th>
            <th scope="col">{h('demand.table.empty', 'Empty')}</th>
            <th scope="col">{h('demand.table.answers', 'Answers')}</th>
            <th scope="col">
              {formatMessage(
                { id: getTrad('demand.table.trend'), defaultMessage: 'Trend ({days} days)' },
                { days }
              )}
            </th>
            {showEvents ? <th scope="col">{h('demand.table.ctr', 'Click-through')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {stages.map((s) => {
            const name = `${s.label} · ${frameworkTag(s.framework)}`;
            const unmet = s.widened + s.empty;
            return (
              <tr
                key={s.id}
                data-stage={s.id}
                className={s.supply < s.target ? 'journey-demand-gap' : undefined}
              >
                <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>
                  <Typography variant="omega">{name}</Typography>
                </th>
                <td>{`${s.supply} / ${s.target}`}</td>
                <td>{s.requests}</td>
                <td>{share(s.exact, s.requests)}</td>
                <td>{share(s.widened, s.requests)}</td>
                <td>{share(s.empty, s.requests)}</td>
                <td>
                  <OutcomeBar
                    exact={s.exact}
                    widened={s.widened}
                    empty={s.empty}
                    label={formatMessage(
                      {
                        id: getTrad('demand.table.bar'),
                        defaultMessage: '{stage}: {exact} exact, {widened} widened, {empty} empty',
                      },
                      { stage: name, exact: s.exact, widened: s.widened, empty: s.empty }
                    )}
                  />
                </td>
                <td>
                  <Sparkline
                    values={s.series}
                    unmet={s.unmetSeries}
                    label={formatMessage(
                      {
                        id: getTrad('demand.table.sparkline'),
                        defaultMessage:
                          '{stage}, last {days} days: {requests, number} requests, {unmet, number} unmet; from {first, number} on the first day to {last, number} on the last (blue: requests, red: unmet).',
                      },
                      {
                        stage: name,
                        days,
                        requests: s.requests,
                        unmet,
                        first: s.series[0] ?? 0,
                        last: s.series[s.series.length - 1] ?? 0,
                      }
                    )}
                  />
                </td>
                {showEvents ? (
                  <td>
                    {s.views > 0
                      ? `${Math.round(s.clickThrough * 1000) / 10}% (${s.clicks}/${s.views})`
                      : '–'}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </Table>
    </Box>
  );
};
