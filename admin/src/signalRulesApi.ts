import { adminApi } from '@strapi/strapi/admin';
import type { SignalRule } from '../../plugin/src/signals';
import type { VisitorWeights } from '../../plugin/src/visitor';

export type { SignalRule };

/** `GET /journey/signal-rules`. */
export interface SignalRulesData {
  configRules: SignalRule[];
  rules: SignalRule[];
  weights: VisitorWeights;
  defaultStage: string | null;
  signals: string[];
  stages: string[];
}

/** Visitor signal rules on the settings page (own file: api.ts stays as it is). */
const signalRulesApi = adminApi
  .enhanceEndpoints({ addTagTypes: ['JourneySignalRules'] })
  .injectEndpoints({
    endpoints: (builder) => ({
      getJourneySignalRules: builder.query<SignalRulesData, void>({
        query: () => ({ url: '/journey/signal-rules', method: 'GET' }),
        transformResponse: (res: { data: SignalRulesData }) => res.data,
        providesTags: ['JourneySignalRules'],
      }),
      updateJourneySignalRules: builder.mutation<SignalRulesData, SignalRule[]>({
        query: (rules) => ({ url: '/journey/signal-rules', method: 'PUT', data: { rules } }),
        transformResponse: (res: { data: SignalRulesData }) => res.data,
        invalidatesTags: ['JourneySignalRules'],
      }),
    }),
  });

export const {
  useGetJourneySignalRulesQuery: useGetSignalRulesQuery,
  useUpdateJourneySignalRulesMutation: useUpdateSignalRulesMutation,
} = signalRulesApi;
