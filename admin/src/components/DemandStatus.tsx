import * as React from 'react';
import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useGetDemandStatusQuery } from '../api';
import { getTrad } from '../utils/getTrad';

/** Settings page: whether demand counting and view / click events are on (plugin config), and who may send events. */
export const DemandStatus = () => {
  const { formatMessage } = useIntl();
  const { data } = useGetDemandStatusQuery();
  if (!data) return null;
  const on = formatMessage({ id: getTrad('demand.status.on'), defaultMessage: 'on' });
  const off = formatMessage({ id: getTrad('demand.status.off'), defaultMessage: 'off' });
  const eventsOn = data.events && data.eventsGrantedTo.length > 0;
  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="filterShadow"
      padding={6}
      data-testid="journey-demand-status"
    >
      <Typography variant="delta" tag="h2">
        {formatMessage({ id: getTrad('demand.status.heading'), defaultMessage: 'Demand counting' })}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={2} paddingTop={4}>
        <Flex gap={2}>
          <Badge active={data.enabled} data-testid="journey-demand-counting">
            {data.enabled ? on : off}
          </Badge>
          <Typography>
            {formatMessage(
              {
                id: getTrad('demand.status.counting'),
                defaultMessage:
                  'Counting recommend answers per day, stage, audience, locale and outcome: written every {seconds} s, kept {days} days (demand.enabled, demand.flushSeconds, demand.retentionDays in the plugin config).',
              },
              { seconds: data.flushSeconds, days: data.retentionDays }
            )}
          </Typography>
        </Flex>
        <Flex gap={2}>
          <Badge active={eventsOn} data-testid="journey-demand-events">
            {eventsOn ? on : off}
          </Badge>
          <Typography>
            {!data.events
              ? formatMessage({
                  id: getTrad('demand.status.events.config'),
                  defaultMessage:
                    'View and click events are turned off in the plugin config (demand.events: false).',
                })
              : data.eventsGrantedTo.length === 0
                ? formatMessage({
                    id: getTrad('demand.status.events.none'),
                    defaultMessage:
                      'View and click events: no role may send them yet. Grant Journey › events › create to a role in Users & Permissions to turn them on.',
                  })
                : formatMessage(
                    {
                      id: getTrad('demand.status.events.roles'),
                      defaultMessage: 'View and click events accepted from: {roles}.',
                    },
                    { roles: data.eventsGrantedTo.join(', ') }
                  )}
          </Typography>
        </Flex>
      </Flex>
    </Box>
  );
};
