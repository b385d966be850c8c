import * as React from 'react';
import { Box, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { DemandReport, DemandStage } from '../api';
import { getTrad } from '../utils/getTrad';
import { frameworkTag } from '../utils/labels';

/** Stage-to-stage progression: clicks that took a visitor at one stage to content of a later stage. */
export const ProgressionTable = ({
  progression,
  stages,
}: {
  progression: DemandReport['progression'];
  stages: DemandStage[];
}) => {
  const { formatMessage } = useIntl();
  const byId = new Map(stages.map((s) => [s.id, s]));
  const name = (id: string) => {
    const s = byId.get(id);
    return s ? `${s.label} · ${frameworkTag(s.framework)}` : id;
  };
  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={4}
      tag="section"
      aria-labelledby="journey-progression-title"
      data-testid="journey-progression"
    >
      <Typography variant="delta" tag="h3" id="journey-progression-title">
        {formatMessage({
          id: getTrad('demand.progression.heading'),
          defaultMessage: 'Did content move visitors forward?',
        })}
      </Typography>
      <Typography variant="pi" textColor="neutral600" tag="p">
        {formatMessage({
          id: getTrad('demand.progression.help'),
          defaultMessage:
            'Clicks by visitors at one stage (row) on recommended content of a later stage (column).',
        })}
      </Typography>
      {progression.from.length === 0 ? (
        <Typography variant="omega" textColor="neutral700">
          {formatMessage({
            id: getTrad('demand.progression.none'),
            defaultMessage: 'No forward click recorded in this period.',
          })}
        </Typography>
      ) : (
        <table style={{ borderCollapse: 'collapse', marginTop: '0.5rem' }}>
          <thead>
            <tr>
              <th scope="col" style={{ textAlign: 'left', padding: '0.25rem 0.75rem' }}>
                {formatMessage({
                  id: getTrad('demand.progression.from'),
                  defaultMessage: 'From ↓ / to →',
                })}
              </th>
              {progression.to.map((to) => (
                <th key={to} scope="col" style={{ padding: '0.25rem 0.75rem' }}>
                  {name(to)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {progression.from.map((from) => (
              <tr key={from}>
                <th
                  scope="row"
                  style={{ textAlign: 'left', padding: '0.25rem 0.75rem', fontWeight: 400 }}
                >
                  {name(from)}
                </th>
                {progression.to.map((to) => (
                  <td key={to} style={{ textAlign: 'right', padding: '0.25rem 0.75rem' }}>
                    {progression.cells[from]?.[to] ?? '–'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Box>
  );
};
