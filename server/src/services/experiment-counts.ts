import type { Core } from '@strapi/strapi';
import { experimentResult, utcDay, type ArmCounts, type Experiment } from '../../../plugin/src';
import { CounterBuffer } from '../utils/counter-buffer';
import { pluginConfig } from '../utils/plugin-config';

export const EXPERIMENT_TABLE = 'journey_experiment_days';

/** What is counted per day × experiment × arm. */
export const EXPERIMENT_METRICS = ['answer', 'view', 'click', 'progress'] as const;
export type ExperimentMetric = (typeof EXPERIMENT_METRICS)[number];

/** The arm column of answers and events that named no arm while the experiment ran. */
export const OUTSIDE_ARM = '';

const METRIC_FIELD: Record<ExperimentMetric, keyof Omit<ArmCounts, 'arm'>> = {
  answer: 'answers',
  view: 'views',
  click: 'clicks',
  progress: 'progressions',
};

/**
 * Experiment counters: the same buffered atomic increments as demand
 * (utils/counter-buffer.ts), so instances count into the same rows without losing one.
 * Only aggregates: no visitor id, no bucket, nothing per request is kept. The demand
 * service flushes this buffer with its own and prunes the table with its own.
 */
const experimentCountsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const buffer = new CounterBuffer(strapi, EXPERIMENT_TABLE, [
    'day',
    'experiment',
    'arm',
    'metric',
  ]);

  return {
    record(
      experiment: string,
      arm: string | null,
      metric: ExperimentMetric,
      n = 1,
      at: Date | number = Date.now()
    ) {
      if (!pluginConfig(strapi).demand.enabled) return;
      buffer.add({ day: utcDay(at), experiment, arm: arm ?? OUTSIDE_ARM, metric }, n);
    },

    pending: () => buffer.size,
    flush: () => buffer.flush(),

    /** Per arm (and the "not in the experiment" row, arm ''), summed over the experiment's days. */
    async counts(experimentId: string): Promise<{ arms: ArmCounts[]; days: number }> {
      const rows: any[] = await strapi.db
        .getConnection(EXPERIMENT_TABLE)
        .where({ experiment: experimentId })
        .groupBy('arm', 'metric')
        .select('arm', 'metric', strapi.db.connection.raw('SUM(n) as n'));
      const dayRows: any[] = await strapi.db
        .getConnection(EXPERIMENT_TABLE)
        .where({ experiment: experimentId })
        .countDistinct({ days: 'day' });
      const byArm = new Map<string, ArmCounts>();
      for (const r of rows) {
        const field = METRIC_FIELD[r.metric as ExperimentMetric];
        if (!field) continue;
        const arm = byArm.get(r.arm) ?? {
          arm: r.arm,
          answers: 0,
          views: 0,
          clicks: 0,
          progressions: 0,
        };
        arm[field] += Number(r.n);
        byArm.set(r.arm, arm);
      }
      return { arms: [...byArm.values()], days: Number(dayRows[0]?.days ?? 0) };
    },

    /** The statistics of one experiment (plugin/src/experiment-stats.ts) with its outside row apart. */
    async result(experiment: Experiment) {
      const { arms, days } = await this.counts(experiment.id);
      const inArms = arms.filter((a) => experiment.arms.some((x) => x.id === a.arm));
      const outside = arms.find((a) => a.arm === OUTSIDE_ARM) ?? null;
      return { days, outside, ...experimentResult(experiment, inArms) };
    },
  };
};

export default experimentCountsService;
