import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  EmptyStateLayout,
  Flex,
  LinkButton,
  Loader,
  Typography,
} from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { styled } from 'styled-components';
import { useGetLocalesQuery } from '../../api';
import { useGetExperimentsQuery, type ExperimentRow } from '../../experimentsApi';
import { downloadText, experimentCsv } from '../../utils/csv';
import { errorText } from '../../utils/errors';
import {
  answerShare,
  answersStillNeeded,
  liftText,
  percentText,
  pValueText,
  rateText,
  verdictOf,
  type Verdict,
} from '../../utils/experiments';
import { kindLabel, scopeText, statusText, statusTone } from '../../utils/experimentWords';
import { getTrad } from '../../utils/getTrad';
import { Notice } from '../Notice';
import { NumbersTable } from '../NumbersTable';

const Table = styled(NumbersTable)`
  td:last-child,
  th:last-child {
    text-align: left;
    white-space: normal;
  }
  tr.journey-experiment-outside td,
  tr.journey-experiment-outside th {
    color: ${({ theme }) => theme.colors.neutral600};
  }
`;

const VERDICT_TONE: Record<Verdict, string> = {
  better: 'success600',
  worse: 'danger600',
  noDifference: 'neutral800',
  notEnough: 'neutral600',
  control: 'neutral600',
};

/** The words of every message the section shows (and its CSV), in the admin's language. */
const useWords = () => {
  const intl = useIntl();
  const { formatMessage } = intl;
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTrad(`experiments.${id}`), defaultMessage }, values);

  const verdict = (v: Verdict, control: string) =>
    ({
      better: t('verdict.better', 'Better than {control}', { control }),
      worse: t('verdict.worse', 'Worse than {control}', { control }),
      noDifference: t('verdict.noDifference', 'No clear difference from {control}', { control }),
      notEnough: t('verdict.notEnough', 'Not enough data yet'),
      control: t('verdict.control', 'Baseline: the others are compared with it'),
    })[v];

  /** "Not enough data yet: about N more answers per arm…", or what the data is enough for. */
  const dataNote = (e: ExperimentRow, controlLabel: string) => {
    const lift = Math.round(e.minimumLift * 100);
    if (e.result.enoughData)
      return t(
        'enoughData',
        'Enough data: every arm has the {needed, number} answers needed to detect a {lift} % lift.',
        { needed: e.result.neededPerArm ?? 0, lift }
      );
    const more = answersStillNeeded(e.result);
    if (more === null)
      return t(
        'needsClicks',
        'Not enough data yet: the baseline ({control}) needs clicks first; then this page says how many answers each arm needs to detect a {lift} % lift.',
        { control: controlLabel, lift }
      );
    return t(
      'notEnough',
      'Not enough data yet: about {more, number} more answers per arm are needed to detect a {lift} % lift.',
      { more, lift }
    );
  };

  const srmNote = (pValue: number) =>
    t(
      'srm',
      'The split drifts from the configured one (sample-ratio mismatch, p = {p}): check that every page picks the arm the same way before trusting the result.',
      { p: pValueText(pValue) }
    );

  return { intl, t, verdict, dataNote, srmNote };
};

const ExperimentCard = ({
  experiment: e,
  locales,
}: {
  experiment: ExperimentRow;
  locales: Parameters<typeof scopeText>[2];
}) => {
  const { intl, t, verdict, dataNote, srmNote } = useWords();
  const { formatMessage } = intl;
  const r = e.result;
  const armLabel = (id: string) => e.arms.find((a) => a.id === id)?.label ?? id;
  const control = armLabel(e.control);
  const status = statusText(intl, e);
  const scope = scopeText(formatMessage, e, locales);
  const days = t(
    'days',
    '{days, plural, =0 {nothing counted yet} one {# day counted} other {# days counted}}',
    { days: r.days }
  );
  const note = dataNote(e, control);
  const srm = r.srm?.mismatch ? srmNote(r.srm.pValue) : null;

  const exportCsv = () => {
    const csv = experimentCsv(e, {
      heading: [t('csv.title', 'Experiment'), e.label, status, scope, days],
      columns: {
        arm: t('column.arm', 'Arm'),
        kind: t('csv.kind', 'What it serves'),
        configured: t('csv.configured', 'Configured share'),
        share: t('csv.share', 'Share of answers'),
        answers: t('column.answers', 'Answers'),
        views: t('csv.views', 'Views'),
        clicks: t('column.clicks', 'Clicks'),
        progressions: t('csv.progressions', 'Progressions'),
        clickRate: t('csv.clickRate', 'Click-through'),
        clickLow: t('csv.clickLow', 'Click-through, 95 % interval low'),
        clickHigh: t('csv.clickHigh', 'Click-through, 95 % interval high'),
        progressionRate: t('csv.progressionRate', 'Progression rate'),
        progressionLow: t('csv.progressionLow', 'Progression rate, 95 % interval low'),
        progressionHigh: t('csv.progressionHigh', 'Progression rate, 95 % interval high'),
        lift: t('csv.lift', 'Click-through lift vs baseline'),
        liftLow: t('csv.liftLow', 'Click-through lift, 95 % interval low'),
        liftHigh: t('csv.liftHigh', 'Click-through lift, 95 % interval high'),
        pValue: t('csv.pValue', 'Click-through p-value'),
        verdict: t('column.verdict', 'Verdict'),
        progressionLift: t('csv.progressionLift', 'Progression lift vs baseline'),
        progressionLiftLow: t('csv.progressionLiftLow', 'Progression lift, 95 % interval low'),
        progressionLiftHigh: t('csv.progressionLiftHigh', 'Progression lift, 95 % interval high'),
        progressionPValue: t('csv.progressionPValue', 'Progression p-value'),
        armId: t('csv.armId', 'Arm id'),
        experimentId: t('csv.experimentId', 'Experiment id'),
      },
      kindName: (k) => kindLabel(formatMessage, k),
      verdict: (arm) => verdict(verdictOf(arm, e.control, r), control),
      outside: t('outside.label', 'Not in the experiment'),
      notes: [note, ...(srm ? [srm] : [])],
    });
    downloadText(`journey-experiment-${e.id}.csv`, csv);
  };

  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="filterShadow"
      padding={5}
      data-testid="journey-experiment"
      data-experiment={e.id}
    >
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={2} wrap="wrap">
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Flex gap={2} wrap="wrap">
              <Typography variant="delta" tag="h3">
                {e.label}
              </Typography>
              <Badge variant={statusTone(e)} data-testid="journey-experiment-status">
                {status}
              </Badge>
            </Flex>
            <Typography variant="pi" textColor="neutral600" data-testid="journey-experiment-scope">
              {`${scope} · ${days}`}
              {e.source === 'config'
                ? ` · ${t('fromConfig.short', 'set in config/plugins.ts')}`
                : ''}
            </Typography>
          </Flex>
          <Button variant="secondary" size="S" startIcon={<Download />} onClick={exportCsv}>
            {t('export', 'Download CSV')}
          </Button>
        </Flex>
        {srm ? (
          <Notice
            variant="warning"
            title={t('srm.title', 'Check the split')}
            data-testid="journey-experiment-srm"
          >
            {srm}
          </Notice>
        ) : null}
        <Box overflow="auto" hasRadius borderColor="neutral150">
          <Table data-testid="journey-experiment-arms">
            <caption style={{ textAlign: 'left', padding: '0.75rem' }}>
              <Typography variant="pi" textColor="neutral600">
                {t(
                  'table.caption',
                  'Per answer served. Click-through and progression with their 95 % interval; lift, p-value and verdict compare click-through with the baseline ({control}).',
                  { control }
                )}
              </Typography>
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('column.arm', 'Arm')}</th>
                <th scope="col">{t('column.share', 'Share of answers (configured)')}</th>
                <th scope="col">{t('column.answers', 'Answers')}</th>
                <th scope="col">{t('column.clicks', 'Clicks')}</th>
                <th scope="col">{t('column.clickRate', 'Click-through')}</th>
                <th scope="col">{t('column.progression', 'Progression')}</th>
                <th scope="col">{t('column.lift', 'Lift vs baseline')}</th>
                <th scope="col">{t('column.pValue', 'p-value')}</th>
                <th scope="col">{t('column.verdict', 'Verdict')}</th>
              </tr>
            </thead>
            <tbody>
              {e.arms.map((arm) => {
                const a = r.arms.find((x) => x.arm === arm.id);
                const click = r.comparisons.find((c) => c.arm === arm.id && c.metric === 'click');
                const v = verdictOf(arm.id, e.control, r);
                const isControl = arm.id === e.control;
                return (
                  <tr key={arm.id} data-arm={arm.id}>
                    <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>
                      <Typography variant="omega" fontWeight="semiBold">
                        {arm.label}
                      </Typography>
                      {arm.label.trim() !== kindLabel(formatMessage, arm.kind) ? (
                        <Typography variant="pi" textColor="neutral600" tag="p">
                          {kindLabel(formatMessage, arm.kind)}
                        </Typography>
                      ) : null}
                    </th>
                    <td>
                      {t('share', '{share} (configured {percent} %)', {
                        share: percentText(answerShare(r, arm.id)),
                        percent: arm.percent,
                      })}
                    </td>
                    <td data-cell="answers">{a?.answers ?? 0}</td>
                    <td data-cell="clicks">{a?.clicks ?? 0}</td>
                    <td>{rateText(a?.clickRate ?? null, a?.clickInterval ?? null)}</td>
                    <td>{rateText(a?.progressionRate ?? null, a?.progressionInterval ?? null)}</td>
                    <td>{isControl ? '' : liftText(click)}</td>
                    <td>{isControl ? '' : pValueText(click?.pValue)}</td>
                    <td data-cell="verdict">
                      <Typography variant="pi" fontWeight="semiBold" textColor={VERDICT_TONE[v]}>
                        {verdict(v, control)}
                      </Typography>
                    </td>
                  </tr>
                );
              })}
              {r.outside ? (
                <tr className="journey-experiment-outside" data-testid="journey-experiment-outside">
                  <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>
                    {t('outside.label', 'Not in the experiment')}
                  </th>
                  <td />
                  <td data-cell="answers">{r.outside.answers}</td>
                  <td data-cell="clicks">{r.outside.clicks}</td>
                  <td colSpan={5}>
                    {t(
                      'outside.help',
                      'Answers and events in the experiment’s scope that named no arm (a page without the arm picker): not compared.'
                    )}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </Table>
        </Box>
        <Typography
          variant="omega"
          textColor={r.enoughData ? 'success600' : 'neutral700'}
          data-testid="journey-experiment-data"
        >
          {note}
        </Typography>
      </Flex>
    </Box>
  );
};

/** The coverage page's experiments: each experiment's arms side by side, with a verdict once there is enough data. */
export const ExperimentsSection = () => {
  const { t } = useWords();
  const { data, isLoading, error } = useGetExperimentsQuery(undefined, {
    refetchOnMountOrArgChange: true,
  });
  const { data: locales } = useGetLocalesQuery();

  let body: React.ReactNode;
  if (isLoading) {
    body = <Loader small>{t('loading', 'Reading experiments…')}</Loader>;
  } else if (error || !data) {
    body = (
      <Notice variant="danger" title={t('error', 'Experiments could not be loaded')}>
        {errorText(error) || t('error.body', 'Try again, or check the server logs.')}
      </Notice>
    );
  } else if (data.length === 0) {
    body = (
      <Box background="neutral0" hasRadius shadow="filterShadow">
        <EmptyStateLayout
          icon={<EmptyDocuments width="10rem" />}
          content={t(
            'empty',
            'No experiment yet. An experiment shows part of your visitors the journey ranking and the others a baseline (the newest entries, a fixed list…), and tells here whether the journey ranking gets more clicks. Create one in Settings → Journey.'
          )}
          action={
            <LinkButton tag={Link} variant="secondary" to="/settings/journey#journey-experiments">
              {t('empty.action', 'Create an experiment in Settings')}
            </LinkButton>
          }
        />
      </Box>
    );
  } else {
    body = (
      <Flex direction="column" alignItems="stretch" gap={4}>
        {data.map((e) => (
          <ExperimentCard key={e.id} experiment={e} locales={locales} />
        ))}
      </Flex>
    );
  }

  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={4}
      tag="section"
      aria-labelledby="journey-experiments-title"
      data-testid="journey-experiments"
    >
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography
          variant="alpha"
          tag="h2"
          id="journey-experiments-title"
          style={{ fontSize: '1.8rem' }}
        >
          {t('heading', 'Experiments: does the journey ranking do better?')}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {t(
            'subheading',
            'Counts are written every few seconds; a click counts toward the arm the answer came from.'
          )}
        </Typography>
      </Flex>
      {body}
    </Flex>
  );
};
