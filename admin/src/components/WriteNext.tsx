import * as React from 'react';
import { Badge, Box, Flex, LinkButton, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import type { DemandStage, WriteNextItem } from '../api';
import { getTrad } from '../utils/getTrad';
import { frameworkTag } from '../utils/labels';
import { createEntryLink } from '../utils/links';

const pct = (share: number) => Math.round(share * 100);

/** "B2B visitors", "visitors of any audience": who a gap's requests came from. */
export const audienceText = (formatMessage: any, audience: string) =>
  audience === 'any'
    ? formatMessage({
        id: getTrad('demand.audience.any'),
        defaultMessage: 'visitors of any audience',
      })
    : formatMessage(
        { id: getTrad('demand.audience.one'), defaultMessage: '{audience} visitors' },
        { audience: audience.toUpperCase() }
      );

/** One gap, in words a marketing lead reads without the docs: what to write, for whom, and the numbers why. */
const WriteNextCard = ({
  item,
  stage,
  locale,
}: {
  item: WriteNextItem;
  stage?: DemandStage;
  locale?: string;
}) => {
  const { formatMessage } = useIntl();
  const stageName = `${item.stageLabel} · ${frameworkTag(stage?.framework ?? item.stage.split(':')[0])}`;
  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={4}
      borderColor="neutral150"
      data-testid="journey-write-next-item"
      style={{ flex: '1 1 28rem' }}
    >
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex gap={2} alignItems="center">
          <Badge active>{`#${item.rank}`}</Badge>
          <Typography variant="delta" tag="h3">
            {formatMessage(
              {
                id: getTrad('demand.writeNext.title'),
                defaultMessage: '{article, select, an {An} other {A}} {type} for {stage}',
              },
              { type: item.displayName, stage: stageName, article: articleOf(item.displayName) }
            )}
          </Typography>
        </Flex>
        <Typography variant="omega" textColor="neutral800">
          {formatMessage(
            {
              id: getTrad('demand.writeNext.why'),
              defaultMessage:
                '{unmet, plural, one {# request} other {# requests}} of {requests, number} ({share}%) from {audience} found no exact match: {empty, number} came back empty, {widened, number} were widened to neighbouring stages.',
            },
            {
              unmet: item.unmet,
              requests: item.requests,
              share: pct(item.unmetShare),
              audience: audienceText(formatMessage, item.audience),
              empty: item.empty,
              widened: item.widened,
            }
          )}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {formatMessage(
            {
              id: getTrad('demand.writeNext.supply'),
              defaultMessage:
                '{type}: {supply} of {target} published for this stage{suits, select, true {; the format suits this phase} other {}}.',
            },
            {
              type: item.displayName,
              supply: item.supply,
              target: item.target,
              suits: String(item.suits),
            }
          )}
        </Typography>
        <Box>
          <LinkButton
            tag={Link}
            to={createEntryLink(item.uid, {
              locale,
              stages: [item.stage],
              audience: item.audience,
            })}
            size="S"
            variant="secondary"
            startIcon={<Plus />}
          >
            {formatMessage(
              {
                id: getTrad('demand.writeNext.create'),
                defaultMessage: 'Create {article, select, an {an} other {a}} {type}',
              },
              { type: item.displayName, article: articleOf(item.displayName) }
            )}
          </LinkButton>
        </Box>
      </Flex>
    </Box>
  );
};

/** English's article before a type's name ("an Event", "a Whitepaper"), as a message select value. */
export const articleOf = (name: string): 'a' | 'an' => (/^[aeiou]/i.test(name) ? 'an' : 'a');

/** "Write next": the three biggest gaps as cards, the rest of the ranking as a short list. */
export const WriteNext = ({
  items,
  stages,
  locale,
  notServed = [],
  requests,
}: {
  items: WriteNextItem[];
  stages: DemandStage[];
  locale?: string;
  notServed?: Array<{ uid: string; displayName: string }>;
  /** Recommendation requests counted in the period: none means nothing to judge yet. */
  requests?: number;
}) => {
  const { formatMessage } = useIntl();
  const byId = new Map(stages.map((s) => [s.id, s]));
  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={3}
      tag="section"
      aria-labelledby="journey-write-next-title"
      data-testid="journey-write-next"
    >
      <Box>
        <Typography variant="beta" tag="h2" id="journey-write-next-title">
          {formatMessage({ id: getTrad('demand.writeNext.heading'), defaultMessage: 'Write next' })}
        </Typography>
        <Typography variant="pi" textColor="neutral600" tag="p">
          {formatMessage({
            id: getTrad('demand.writeNext.help'),
            defaultMessage:
              'Gaps ranked by the requests they cost: visitors asked for the stage, and the answer had to be widened or was empty. Each has a content type below its target.',
          })}
        </Typography>
        {notServed.length > 0 ? (
          <Typography
            variant="pi"
            textColor="neutral600"
            tag="p"
            data-testid="journey-write-next-not-served"
          >
            {formatMessage(
              {
                id: getTrad('demand.writeNext.notServed'),
                defaultMessage:
                  'Not proposed: {types}. Visitors cannot read {count, plural, one {this type} other {these types}} (the Public role may not find {count, plural, one {it} other {them}} in Users & Permissions), so new entries there would close no visitor’s gap.',
              },
              {
                types: notServed.map((t) => t.displayName).join(', '),
                count: notServed.length,
              }
            )}
          </Typography>
        ) : null}
      </Box>
      {items.length === 0 ? (
        <Typography variant="omega" textColor="neutral700" data-testid="journey-write-next-empty">
          {requests === 0
            ? formatMessage({
                id: getTrad('demand.writeNext.noRequests'),
                defaultMessage:
                  'No recommendation was requested in this period, so no gap has cost a visitor yet. The matrix above shows where entries are missing.',
              })
            : formatMessage({
                id: getTrad('demand.writeNext.none'),
                defaultMessage:
                  'No gap cost a visitor in this period: every request with a gap below target was answered exactly.',
              })}
        </Typography>
      ) : (
        <Flex gap={3} wrap="wrap" alignItems="stretch">
          {items.slice(0, 3).map((item) => (
            <WriteNextCard
              key={`${item.stage}|${item.audience}`}
              item={item}
              stage={byId.get(item.stage)}
              locale={locale}
            />
          ))}
        </Flex>
      )}
      {items.length > 3 ? (
        <ol
          start={4}
          style={{ paddingLeft: '2rem', listStyle: 'decimal' }}
          data-testid="journey-write-next-more"
        >
          {items.slice(3).map((item) => (
            <li key={`${item.stage}|${item.audience}`}>
              <Typography variant="pi">
                {formatMessage(
                  {
                    id: getTrad('demand.writeNext.row'),
                    defaultMessage:
                      '{type} for {stage} ({audience}): {unmet, number} of {requests, number} requests unmet',
                  },
                  {
                    type: item.displayName,
                    stage: item.stageLabel,
                    audience: item.audience.toUpperCase(),
                    unmet: item.unmet,
                    requests: item.requests,
                  }
                )}{' '}
                <Link
                  to={createEntryLink(item.uid, {
                    locale,
                    stages: [item.stage],
                    audience: item.audience,
                  })}
                >
                  {formatMessage({
                    id: getTrad('demand.writeNext.createShort'),
                    defaultMessage: 'create',
                  })}
                </Link>
              </Typography>
            </li>
          ))}
        </ol>
      ) : null}
    </Flex>
  );
};
