import * as React from 'react';
import { Box, Flex, Typography, VisuallyHidden } from '@strapi/design-system';
import { WarningCircle, CheckCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { styled } from 'styled-components';
import {
  gapRatio,
  type CoverageCell,
  type CoverageMatrix as Matrix,
} from '../../../plugin/src/coverage';
import type { AudienceScope, CoverageStatus } from '../api';
import { getTrad } from '../utils/getTrad';
import { frameworkLabel, phaseLabel } from '../utils/labels';
import { contentManagerListLink, createEntryLink } from '../utils/links';

type Tone = 'success' | 'warning' | 'danger';

/** How a cell is coloured: at or above target, partly covered, empty. */
export const cellTone = (cell: CoverageCell): Tone => {
  const ratio = gapRatio(cell);
  if (ratio <= 0) return 'success';
  return ratio >= 1 ? 'danger' : 'warning';
};

interface Group {
  key: string;
  label: string;
  span: number;
}

/** Consecutive runs of the same value, for the framework and phase header rows. */
const runs = <T,>(
  items: T[],
  keyOf: (item: T) => string,
  labelOf: (item: T) => string
): Group[] => {
  const out: Group[] = [];
  for (const item of items) {
    const key = keyOf(item);
    const last = out[out.length - 1];
    if (last && last.key === key) last.span += 1;
    else out.push({ key, label: labelOf(item), span: 1 });
  }
  return out;
};

const Table = styled.table`
  border-collapse: separate;
  border-spacing: 0;
  width: 100%;
  background: ${({ theme }) => theme.colors.neutral0};

  th,
  td {
    border-bottom: 1px solid ${({ theme }) => theme.colors.neutral150};
    border-right: 1px solid ${({ theme }) => theme.colors.neutral150};
    padding: 0;
    text-align: center;
    vertical-align: middle;
  }
  thead th {
    background: ${({ theme }) => theme.colors.neutral100};
    padding: ${({ theme }) => `${theme.spaces[2]} ${theme.spaces[2]}`};
  }
  th[scope='row'] {
    text-align: left;
    padding: ${({ theme }) => `${theme.spaces[2]} ${theme.spaces[4]}`};
    background: ${({ theme }) => theme.colors.neutral0};
    position: sticky;
    left: 0;
    z-index: 1;
  }
  tfoot th,
  tfoot td {
    background: ${({ theme }) => theme.colors.neutral100};
    font-weight: 600;
  }
  .journey-framework {
    border-bottom: 2px solid ${({ theme }) => theme.colors.primary600};
  }
`;

const CellLink = styled(Link)<{ $tone: Tone | 'neutral' }>`
  /* The positioned ancestor of the cell's visually hidden text: without it, that text is
     placed against the page and stretches the document below the table. */
  position: relative;
  display: flex;
  flex-direction: column;
  align-items: center;
  justify-content: center;
  gap: 2px;
  min-width: 7.2rem;
  min-height: 5.2rem;
  padding: ${({ theme }) => theme.spaces[2]};
  text-decoration: none;
  color: ${({ theme, $tone }) =>
    $tone === 'neutral' ? theme.colors.neutral800 : theme.colors[`${$tone}700`]};
  background: ${({ theme, $tone }) =>
    $tone === 'neutral' ? 'transparent' : theme.colors[`${$tone}100`]};

  &:hover,
  &:focus-visible {
    outline: 2px solid ${({ theme }) => theme.colors.primary600};
    outline-offset: -2px;
  }
  svg {
    width: 1.2rem;
    height: 1.2rem;
    fill: currentColor;
    path {
      fill: currentColor;
    }
  }
`;

/** Under a gap: the create form of the row's type with the cell's stage and audience filled in. */
const CreateLink = styled(Link)`
  display: block;
  text-align: center;
  font-size: 1.1rem;
  line-height: 1.2;
  padding: 0 ${({ theme }) => theme.spaces[1]} ${({ theme }) => theme.spaces[1]};
  color: ${({ theme }) => theme.colors.primary600};
  &:hover,
  &:focus-visible {
    text-decoration: underline;
  }
`;

const Count = styled.span`
  font-size: 1.6rem;
  font-weight: 600;
  line-height: 1.2;
`;

const Small = styled.span`
  display: inline-flex;
  align-items: center;
  gap: 2px;
  font-size: 1.1rem;
  line-height: 1.2;
`;

export interface CoverageMatrixProps {
  matrix: Matrix;
  audience: AudienceScope;
  status: CoverageStatus;
  locale?: string;
  localizedTypes: Set<string>;
}

export const CoverageMatrix = ({
  matrix,
  audience,
  status,
  locale,
  localizedTypes,
}: CoverageMatrixProps) => {
  const { formatMessage } = useIntl();
  const { stages, rows, totals } = matrix;
  const frameworks = runs(
    stages,
    (s) => s.framework,
    (s) => frameworkLabel(formatMessage, s.framework)
  );
  const phases = runs(
    stages,
    (s) => `${s.framework}/${s.phase}`,
    (s) => phaseLabel(formatMessage, s.phase)
  );
  const link = (uid: string, stage?: string | null) =>
    contentManagerListLink({
      uid,
      stage,
      audience,
      status,
      locale,
      localized: localizedTypes.has(uid),
    });
  const untaggedTotal = rows.reduce((n, r) => n + r.untagged, 0);
  const grandTotal = rows.reduce((n, r) => n + r.total, 0);
  const gapText = formatMessage({ id: getTrad('coverage.cell.gap'), defaultMessage: 'gap' });
  const notApplicableText = formatMessage({
    id: getTrad('coverage.cell.notApplicable'),
    defaultMessage: 'not applicable',
  });

  return (
    <Box overflow="auto" hasRadius shadow="tableShadow" background="neutral0">
      <Table
        aria-label={formatMessage({
          id: getTrad('coverage.table.label'),
          defaultMessage: 'Journey coverage: entries per content type and stage',
        })}
      >
        <thead>
          <tr>
            <th rowSpan={3} scope="col">
              <Typography variant="sigma" textColor="neutral600">
                {formatMessage({
                  id: getTrad('coverage.column.type'),
                  defaultMessage: 'Content type',
                })}
              </Typography>
            </th>
            {frameworks.map((f) => (
              <th key={f.key} colSpan={f.span} scope="colgroup" className="journey-framework">
                <Typography variant="delta" textColor="neutral800">
                  {f.label}
                </Typography>
              </th>
            ))}
            <th rowSpan={3} scope="col">
              <Typography variant="sigma" textColor="neutral600">
                {formatMessage({
                  id: getTrad('coverage.column.untagged'),
                  defaultMessage: 'Untagged',
                })}
              </Typography>
            </th>
            <th rowSpan={3} scope="col">
              <Typography variant="sigma" textColor="neutral600">
                {formatMessage({ id: getTrad('coverage.column.total'), defaultMessage: 'Total' })}
              </Typography>
            </th>
          </tr>
          <tr>
            {phases.map((p) => (
              <th key={p.key} colSpan={p.span} scope="colgroup">
                <Typography variant="sigma" textColor="neutral600">
                  {p.label}
                </Typography>
              </th>
            ))}
          </tr>
          <tr>
            {stages.map((s) => (
              <th key={s.id} scope="col" data-stage={s.id} title={s.id}>
                <Flex direction="column" gap={1}>
                  <Typography variant="omega" fontWeight="semiBold" textColor="neutral800">
                    {s.label}
                  </Typography>
                  <Typography variant="pi" textColor="neutral600">
                    {formatMessage(
                      {
                        id: getTrad('coverage.target'),
                        defaultMessage: 'target {target}',
                      },
                      { target: s.target }
                    )}
                  </Typography>
                </Flex>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.uid} data-uid={row.uid}>
              <th scope="row">
                <Typography fontWeight="semiBold" textColor="neutral800">
                  {row.displayName}
                </Typography>
              </th>
              {stages.map((s) => {
                const cell = row.cells[s.id] ?? {
                  count: 0,
                  target: s.target,
                  gap: s.target > 0,
                  applies: true,
                };
                const tone = cell.applies ? cellTone(cell) : 'neutral';
                const label = formatMessage(
                  {
                    id: getTrad('coverage.cell.label'),
                    defaultMessage:
                      '{type}, {stage} ({framework}): {applies, select, false {{count} entries, not applicable} other {{count} of target {target}{gap, select, true {, gap} other {}}}}. Open these entries in the Content Manager',
                  },
                  {
                    type: row.displayName,
                    stage: s.label,
                    framework: frameworkLabel(formatMessage, s.framework),
                    count: cell.count,
                    target: cell.target,
                    gap: String(cell.gap),
                    applies: String(cell.applies),
                  }
                );
                return (
                  <td
                    key={s.id}
                    data-stage={s.id}
                    data-count={cell.count}
                    data-gap={cell.gap ? 'true' : 'false'}
                    data-applies={cell.applies ? 'true' : 'false'}
                  >
                    <CellLink
                      to={link(row.uid, s.id)}
                      $tone={tone}
                      aria-label={label}
                      title={label}
                    >
                      <Count aria-hidden>{cell.count}</Count>
                      {!cell.applies ? (
                        <Small aria-hidden>{notApplicableText}</Small>
                      ) : cell.gap ? (
                        <Small aria-hidden>
                          <WarningCircle focusable={false} /> {gapText}
                        </Small>
                      ) : (
                        <Small aria-hidden>
                          <CheckCircle focusable={false} />
                          <VisuallyHidden>ok</VisuallyHidden>
                        </Small>
                      )}
                    </CellLink>
                    {cell.gap ? (
                      <CreateLink
                        to={createEntryLink(row.uid, {
                          locale: localizedTypes.has(row.uid) ? locale : undefined,
                          stages: [s.id],
                          audience: audience !== 'all' ? audience : s.framework,
                        })}
                        aria-label={formatMessage(
                          {
                            id: getTrad('coverage.cell.create'),
                            defaultMessage: 'Create {type} for {stage} ({framework})',
                          },
                          {
                            type: row.displayName,
                            stage: s.label,
                            framework: frameworkLabel(formatMessage, s.framework),
                          }
                        )}
                        data-testid="journey-gap-create"
                      >
                        {formatMessage({
                          id: getTrad('coverage.cell.createShort'),
                          defaultMessage: '+ create',
                        })}
                      </CreateLink>
                    ) : null}
                  </td>
                );
              })}
              <td data-stage="untagged" data-count={row.untagged}>
                <CellLink
                  to={link(row.uid, null)}
                  $tone="neutral"
                  aria-label={formatMessage(
                    {
                      id: getTrad('coverage.untagged.label'),
                      defaultMessage:
                        '{type}: {count} entries without a stage. Open them in the Content Manager',
                    },
                    { type: row.displayName, count: row.untagged }
                  )}
                >
                  <Count aria-hidden>{row.untagged}</Count>
                </CellLink>
              </td>
              <td data-stage="total" data-count={row.total}>
                <CellLink
                  to={link(row.uid)}
                  $tone="neutral"
                  aria-label={formatMessage(
                    {
                      id: getTrad('coverage.total.label'),
                      defaultMessage:
                        '{type}: {count} entries in scope. Open them in the Content Manager',
                    },
                    { type: row.displayName, count: row.total }
                  )}
                >
                  <Count aria-hidden>{row.total}</Count>
                </CellLink>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-uid="totals">
            <th scope="row">
              <Typography fontWeight="bold" textColor="neutral800">
                {formatMessage({ id: getTrad('coverage.row.totals'), defaultMessage: 'All types' })}
              </Typography>
            </th>
            {stages.map((s) => (
              <td key={s.id} data-stage={s.id} data-count={totals[s.id] ?? 0}>
                <Box padding={2}>
                  <Typography fontWeight="bold">{totals[s.id] ?? 0}</Typography>
                </Box>
              </td>
            ))}
            <td data-stage="untagged" data-count={untaggedTotal}>
              <Box padding={2}>
                <Typography fontWeight="bold">{untaggedTotal}</Typography>
              </Box>
            </td>
            <td data-stage="total" data-count={grandTotal}>
              <Box padding={2}>
                <Typography fontWeight="bold">{grandTotal}</Typography>
              </Box>
            </td>
          </tr>
        </tfoot>
      </Table>
    </Box>
  );
};

export const Legend = () => {
  const { formatMessage } = useIntl();
  const Swatch = ({ tone }: { tone: Tone }) => (
    <Box
      background={`${tone}100`}
      borderColor={`${tone}200`}
      width="1.6rem"
      height="1.6rem"
      hasRadius
    />
  );
  return (
    <Flex
      gap={4}
      wrap="wrap"
      aria-label={formatMessage({ id: getTrad('coverage.legend'), defaultMessage: 'Legend' })}
    >
      <Flex gap={2}>
        <Swatch tone="success" />
        <Typography variant="pi">
          {formatMessage({ id: getTrad('coverage.legend.met'), defaultMessage: 'target met' })}
        </Typography>
      </Flex>
      <Flex gap={2}>
        <Swatch tone="warning" />
        <Typography variant="pi">
          {formatMessage({
            id: getTrad('coverage.legend.partial'),
            defaultMessage: 'gap: below target',
          })}
        </Typography>
      </Flex>
      <Flex gap={2}>
        <Swatch tone="danger" />
        <Typography variant="pi">
          {formatMessage({
            id: getTrad('coverage.legend.empty'),
            defaultMessage: 'gap: no entry at all',
          })}
        </Typography>
      </Flex>
      <Flex gap={2}>
        <Box borderColor="neutral200" width="1.6rem" height="1.6rem" hasRadius />
        <Typography variant="pi">
          {formatMessage({
            id: getTrad('coverage.legend.notApplicable'),
            defaultMessage: 'not applicable (Settings › Targets per content type)',
          })}
        </Typography>
      </Flex>
      <Typography variant="pi" textColor="neutral600">
        {formatMessage({
          id: getTrad('coverage.legend.hint'),
          defaultMessage:
            'Every cell links to the Content Manager list of those entries. An entry with two stages counts in both cells.',
        })}
      </Typography>
    </Flex>
  );
};
