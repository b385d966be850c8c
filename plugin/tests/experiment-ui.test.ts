import {
  answersStillNeeded,
  errorTarget,
  experimentState,
  idFromLabel,
  liftText,
  newExperimentDraft,
  pValueText,
  rateText,
  toExperiment,
  toExperimentDraft,
  uniqueId,
  verdictOf,
  withArmKind,
} from '../../admin/src/utils/experiments';
import { experimentCsv } from '../../admin/src/utils/csv';
import { validateExperiments, type Experiment } from '../src/experiments';
import { experimentResult } from '../src/experiment-stats';

const EXPERIMENT: Experiment = {
  id: 'homepage',
  label: 'Homepage, B2B',
  status: 'running',
  startAt: '2025-03-01',
  audience: 'b2b',
  locale: '*',
  arms: [
    { id: 'journey', label: 'Journey ranking', kind: 'journey', percent: 50 },
    { id: 'fixed', label: 'Editors’ picks', kind: 'fixed', percent: 50, documentIds: ['a1', 'b2'] },
  ],
  control: 'fixed',
  minimumLift: 0.07,
};

describe('experiments admin: words for numbers', () => {
  test('lift with its interval, signed, with a real minus', () => {
    expect(liftText({ lift: 0.18, low: -0.03, high: 0.44 })).toBe('+18 % (−3 % to +44 %)');
    expect(liftText({ lift: null, low: null, high: null })).toBe('–');
    expect(liftText(undefined)).toBe('–');
  });

  test('rates with their interval, p-values', () => {
    expect(rateText(0.0412, { low: 0.032, high: 0.053 })).toBe('4.1 % (3.2–5.3 %)');
    expect(rateText(null, null)).toBe('–');
    expect(pValueText(0.0004)).toBe('< 0.001');
    expect(pValueText(0.0321)).toBe('0.032');
    expect(pValueText(null)).toBe('–');
  });

  test('the answers still needed per arm: sample size minus the smallest arm; null until the baseline has clicks', () => {
    const result = { ...experimentResult(EXPERIMENT, []), days: 0, outside: null };
    expect(answersStillNeeded(result)).toBeNull();
    const counts = [
      { arm: 'journey', answers: 120, views: 0, clicks: 9, progressions: 0 },
      { arm: 'fixed', answers: 100, views: 0, clicks: 5, progressions: 0 },
    ];
    const r = { ...experimentResult(EXPERIMENT, counts), days: 2, outside: null };
    expect(answersStillNeeded(r)).toBe(r.neededPerArm! - 100);
    expect(verdictOf('journey', 'fixed', r)).toBe('notEnough');
    expect(verdictOf('fixed', 'fixed', r)).toBe('control');
  });

  test('a running experiment is "scheduled" before its start and "ended" after its stop', () => {
    const now = Date.parse('2025-03-10T00:00:00Z');
    expect(experimentState({ status: 'running', startAt: '2025-03-11' }, now)).toEqual({
      status: 'running',
      timing: 'scheduled',
    });
    expect(experimentState({ status: 'running', stopAt: '2025-03-10T00:00:00Z' }, now)).toEqual({
      status: 'running',
      timing: 'ended',
    });
    expect(experimentState({ status: 'stopped', stopAt: '2025-03-01' }, now).timing).toBeNull();
  });
});

describe('experiments admin: the form', () => {
  test('an experiment read into the form and back is the same body (an untouched form is unchanged)', () => {
    expect(toExperiment(toExperimentDraft(EXPERIMENT))).toEqual(EXPERIMENT);
    expect(JSON.stringify(toExperiment(toExperimentDraft(EXPERIMENT)))).toBe(
      JSON.stringify(EXPERIMENT)
    );
  });

  test('"New experiment" is a valid draft: journey ranking against the newest, half and half', () => {
    const d = newExperimentDraft(['new-experiment'], 'New experiment');
    expect(d.id).toBe('new-experiment-2');
    const [valid] = validateExperiments([toExperiment(d)], { key: 'experiments', stageIds: [] });
    expect(valid).toMatchObject({
      status: 'draft',
      audience: 'any',
      locale: '*',
      control: 'newest',
      minimumLift: 0.2,
    });
    expect(valid.arms.map((a) => [a.kind, a.percent])).toEqual([
      ['journey', 50],
      ['newest', 50],
    ]);
  });

  test('ids from labels, unique, and following an arm’s kind only while they are the defaults', () => {
    expect(idFromLabel('Homepage, B2B — été!')).toBe('homepage-b2b-ete');
    expect(idFromLabel('2025 test')).toBe('test');
    expect(idFromLabel('!!!')).toBe('experiment');
    expect(uniqueId('newest', ['newest', 'newest-2'])).toBe('newest-3');
    const d = newExperimentDraft([], 'X');
    const variant = withArmKind(d, 1, 'variant');
    expect(variant.arms[1]).toMatchObject({
      id: 'variant',
      label: 'Journey with another default stage',
    });
    expect(variant.control).toBe('variant');
    const named = withArmKind(
      { ...d, arms: d.arms.map((a, i) => (i === 1 ? { ...a, id: 'picks', label: 'Picks' } : a)) },
      1,
      'fixed'
    );
    expect(named.arms[1]).toMatchObject({ id: 'picks', label: 'Picks', kind: 'fixed' });
  });

  test('fixed documentIds typed with commas or spaces; the server’s param path to a field', () => {
    const d = toExperimentDraft(EXPERIMENT);
    d.arms[1].documentIds = 'a1, b2  c3;d4';
    expect(toExperiment(d).arms[1].documentIds).toEqual(['a1', 'b2', 'c3', 'd4']);
    expect(errorTarget('experiments[2].arms[1].percent')).toEqual({
      index: 2,
      field: 'arms[1].percent',
    });
    expect(errorTarget('experiments[0]')).toEqual({ index: 0, field: '' });
    expect(errorTarget('experiments')).toBeNull();
  });
});

describe('experiments admin: the CSV', () => {
  test('labels first, ids last, negative numbers kept as numbers, a byte order mark', () => {
    const counts = [
      { arm: 'journey', answers: 10, views: 4, clicks: 1, progressions: 0 },
      { arm: 'fixed', answers: 10, views: 4, clicks: 3, progressions: 1 },
    ];
    const row = {
      ...EXPERIMENT,
      live: true,
      source: 'settings' as const,
      result: {
        ...experimentResult(EXPERIMENT, counts),
        days: 1,
        outside: { arm: '', answers: 2, views: 0, clicks: 0, progressions: 0 },
      },
    };
    const csv = experimentCsv(row, {
      heading: ['Experiment', row.label],
      columns: Object.fromEntries(
        [
          'arm',
          'kind',
          'configured',
          'share',
          'answers',
          'views',
          'clicks',
          'progressions',
          'clickRate',
          'clickLow',
          'clickHigh',
          'progressionRate',
          'progressionLow',
          'progressionHigh',
          'lift',
          'liftLow',
          'liftHigh',
          'pValue',
          'verdict',
          'progressionLift',
          'progressionLiftLow',
          'progressionLiftHigh',
          'progressionPValue',
          'armId',
          'experimentId',
        ].map((k) => [k, k])
      ) as any,
      kindName: (k) => `kind ${k}`,
      verdict: () => 'v',
      outside: 'Not in the experiment',
      notes: ['Not enough data yet'],
    });
    expect(csv.startsWith('\uFEFFExperiment,"Homepage, B2B"\r\n')).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n');
    const header = lines[1].split(',');
    expect(header).toHaveLength(25);
    const journey = lines[2].split(',');
    expect(journey.slice(0, 5)).toEqual(['Journey ranking', 'kind journey', '0.5', '0.5000', '10']);
    expect(journey.slice(-2)).toEqual(['journey', 'homepage']);
    // Journey has a third of the baseline's clicks: a negative lift stays a number.
    expect(journey[header.indexOf('lift')]).toBe('-0.6667');
    expect(lines[3].split(',')[0]).toBe('Editors’ picks');
    expect(lines[4].split(',')).toHaveLength(25);
    expect(lines[4].split(',')[4]).toBe('2');
    expect(lines[lines.length - 1]).toBe('Not enough data yet');
  });
});
