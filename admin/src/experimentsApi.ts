import { adminApi } from '@strapi/strapi/admin';
import type { Experiment } from '../../plugin/src/experiments';
import type { ArmCounts, ArmResult, Comparison } from '../../plugin/src/experiment-stats';

export type { Experiment, ArmCounts, ArmResult, Comparison };

/** An experiment's result so far, as GET /journey/experiments computes it (plugin/src/experiment-stats.ts). */
export interface ExperimentResultData {
  /** Days with at least one count. */
  days: number;
  /** Answers and events that named no arm while the experiment ran ("not in the experiment"). */
  outside: ArmCounts | null;
  arms: ArmResult[];
  comparisons: Comparison[];
  neededPerArm: number | null;
  enoughData: boolean;
  srm: { chiSquare: number; degreesOfFreedom: number; pValue: number; mismatch: boolean } | null;
}

/** One experiment as GET / PUT /journey/experiments return it. */
export type ExperimentRow = Experiment & {
  /** Serving now: running, and now within its dates. */
  live: boolean;
  /** `config`: config/plugins.ts (read only); `settings`: stored by the settings page. */
  source: 'config' | 'settings';
  result: ExperimentResultData;
};

/** A/B experiments on the recommend answer (own file: api.ts stays as it is). */
const experimentsApi = adminApi
  .enhanceEndpoints({ addTagTypes: ['JourneyExperiments'] })
  .injectEndpoints({
    endpoints: (builder) => ({
      getJourneyExperiments: builder.query<ExperimentRow[], void>({
        query: () => ({ url: '/journey/experiments', method: 'GET' }),
        transformResponse: (res: { data: ExperimentRow[] }) => res.data,
        providesTags: ['JourneyExperiments'],
      }),
      /** The settings page's whole list; config experiments are not sent (they are read only). */
      updateJourneyExperiments: builder.mutation<ExperimentRow[], Experiment[]>({
        query: (experiments) => ({
          url: '/journey/experiments',
          method: 'PUT',
          data: { experiments },
        }),
        transformResponse: (res: { data: ExperimentRow[] }) => res.data,
        invalidatesTags: ['JourneyExperiments'],
      }),
    }),
  });

export const {
  useGetJourneyExperimentsQuery: useGetExperimentsQuery,
  useUpdateJourneyExperimentsMutation: useUpdateExperimentsMutation,
} = experimentsApi;
