import * as React from 'react';
import * as StrapiAdmin from '@strapi/strapi/admin';
import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useGetCoverageQuery, useGetDemandQuery, type WriteNextItem } from '../api';
import { JOURNEY_PERMISSIONS } from '../../../plugin/src/rbac';
import { getTrad } from '../utils/getTrad';
import { frameworkTag, phaseLabel } from '../utils/labels';
import { coverageByPhase } from '../utils/phaseCoverage';
import { articleOf, audienceText } from './WriteNext';

type StateProps = { children?: string };
interface WidgetStates {
  Loading: React.ComponentType<StateProps>;
  Error: React.ComponentType<StateProps>;
  NoData: React.ComponentType<StateProps>;
  NoPermissions: React.ComponentType<StateProps>;
}

/**
 * Strapi's widget states (`Widget.Loading`…), read off the namespace rather than imported by
 * name: 5.13 exports them, but a named import of an export a Strapi lacks fails the app's admin
 * build, while a missing namespace member is only a bundler warning. The widget is registered
 * only where the widgets API exists (see ../widget.ts), and there `Widget` exists too.
 */
const Widget = (StrapiAdmin as unknown as { Widget: WidgetStates }).Widget;

const pct = (share: number) => Math.round(share * 100);

const GapLine = ({ item }: { item: WriteNextItem }) => {
  const { formatMessage } = useIntl();
  const stage = `${item.stageLabel} · ${frameworkTag(item.stage.split(':')[0])}`;
  return (
    <Flex tag="li" gap={2} alignItems="flex-start" data-testid="journey-widget-gap">
      <Badge active>{`#${item.rank}`}</Badge>
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography variant="omega" fontWeight="semiBold">
          {formatMessage(
            {
              id: getTrad('demand.writeNext.title'),
              defaultMessage: '{article, select, an {An} other {A}} {type} for {stage}',
            },
            { type: item.displayName, stage, article: articleOf(item.displayName) }
          )}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {formatMessage(
            {
              id: getTrad('widget.gap'),
              defaultMessage:
                '{unmet, plural, one {# request} other {# requests}} of {requests, number} ({share}%) from {audience} found no exact match.',
            },
            {
              unmet: item.unmet,
              requests: item.requests,
              share: pct(item.unmetShare),
              audience: audienceText(formatMessage, item.audience),
            }
          )}
        </Typography>
      </Flex>
    </Flex>
  );
};

/**
 * The homepage's "Journey coverage" widget: the three gaps that cost visitors most (the coverage
 * page's Write next, same numbers and words) and, per phase, how many content type × stage
 * slots reach their target. The widget's frame (title, icon, link to the coverage page) is
 * Strapi's; this is its body.
 */
const CoverageWidget = () => {
  const { formatMessage } = useIntl();
  const { allowedActions, isLoading: checking } = StrapiAdmin.useRBAC({
    read: JOURNEY_PERMISSIONS.coverage,
  });
  const skip = !allowedActions.canRead;
  const demand = useGetDemandQuery({ days: 30, audience: 'all' }, { skip });
  const coverage = useGetCoverageQuery({ audience: 'all', status: 'published' }, { skip });

  if (checking || demand.isLoading || coverage.isLoading)
    return (
      <Widget.Loading>
        {formatMessage({
          id: getTrad('coverage.loading'),
          defaultMessage: 'Counting entries per stage…',
        })}
      </Widget.Loading>
    );
  if (!allowedActions.canRead)
    return (
      <Widget.NoPermissions>
        {formatMessage({
          id: getTrad('widget.noPermissions'),
          defaultMessage: 'Your role may not read journey coverage.',
        })}
      </Widget.NoPermissions>
    );
  const matrix = coverage.data?.data;
  if (coverage.error || demand.error || !matrix || !demand.data)
    return (
      <Widget.Error>
        {formatMessage({
          id: getTrad('coverage.error.title'),
          defaultMessage: 'Coverage could not be loaded',
        })}
      </Widget.Error>
    );
  if (matrix.rows.length === 0)
    return (
      <Widget.NoData>
        {formatMessage({
          id: getTrad('widget.noTypes'),
          defaultMessage: 'No content type takes journey tags yet.',
        })}
      </Widget.NoData>
    );

  const gaps = demand.data.writeNext.slice(0, 3);
  const phases = coverageByPhase(matrix);
  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="journey-widget">
      <Box>
        <Typography variant="sigma" tag="h3" textColor="neutral600">
          {formatMessage({ id: getTrad('demand.writeNext.heading'), defaultMessage: 'Write next' })}
        </Typography>
        {gaps.length === 0 ? (
          <Typography variant="pi" textColor="neutral600" tag="p">
            {demand.data.totals.requests === 0
              ? formatMessage({
                  id: getTrad('widget.noDemand'),
                  defaultMessage:
                    'No recommendation was requested in the last 30 days, so no gap has cost a visitor yet.',
                })
              : formatMessage({
                  id: getTrad('demand.writeNext.none'),
                  defaultMessage:
                    'No gap cost a visitor in this period: every request with a gap below target was answered exactly.',
                })}
          </Typography>
        ) : (
          <Flex tag="ol" direction="column" alignItems="stretch" gap={2} paddingTop={2}>
            {gaps.map((item) => (
              <GapLine key={`${item.stage}|${item.audience}|${item.uid}`} item={item} />
            ))}
          </Flex>
        )}
      </Box>
      <Box>
        <Typography variant="sigma" tag="h3" textColor="neutral600">
          {formatMessage({ id: getTrad('widget.phases'), defaultMessage: 'Coverage per phase' })}
        </Typography>
        <Flex
          tag="ul"
          direction="column"
          alignItems="stretch"
          gap={1}
          paddingTop={2}
          paddingBottom={2}
        >
          {phases.map((p) => (
            <Flex
              tag="li"
              key={p.phase}
              gap={3}
              alignItems="center"
              data-testid="journey-widget-phase"
            >
              <Box width="11rem" shrink={0}>
                <Typography variant="omega">{phaseLabel(formatMessage, p.phase)}</Typography>
              </Box>
              {/* The bar is the glance; the words beside it carry the same figure for everyone. */}
              <Box
                width="8rem"
                height="0.8rem"
                shrink={0}
                background="neutral150"
                hasRadius
                overflow="hidden"
                aria-hidden
              >
                <Box
                  height="100%"
                  background={p.gaps === 0 ? 'success500' : 'primary600'}
                  style={{ width: `${p.cells ? Math.round((p.atTarget / p.cells) * 100) : 0}%` }}
                />
              </Box>
              <Typography variant="pi" textColor="neutral600">
                {formatMessage(
                  {
                    id: getTrad('widget.phase'),
                    defaultMessage:
                      '{atTarget, number} of {cells, number} at target ({gaps, plural, =0 {no gap} one {# gap} other {# gaps}})',
                  },
                  { atTarget: p.atTarget, cells: p.cells, gaps: p.gaps }
                )}
              </Typography>
            </Flex>
          ))}
        </Flex>
        <Typography variant="pi" textColor="neutral500" tag="p">
          {formatMessage({
            id: getTrad('widget.phases.help'),
            defaultMessage:
              'Counted per content type and stage: one reaches its target when enough published entries are tagged with the stage.',
          })}
        </Typography>
      </Box>
    </Flex>
  );
};

export default CoverageWidget;
