import { adminApi } from '@strapi/strapi/admin';
import type { Suggestion } from '../../plugin/src/suggest';

/**
 * Stage suggestions learned from the site's own tags (GET/POST /journey/suggest).
 * They provide the `JourneyTags` tag: any tag write in the admin refetches them,
 * since a new tag is new training data.
 */
export type { Suggestion };

export interface Proposal {
  uid?: string;
  documentId: string;
  locale: string | null;
  title: string;
  stages: string[];
  suggestions: Suggestion[];
}

const suggestApi = adminApi.enhanceEndpoints({ addTagTypes: ['JourneyTags'] }).injectEndpoints({
  endpoints: (builder) => ({
    getJourneySuggestion: builder.query<
      Proposal,
      { uid: string; documentId: string; locale?: string | null }
    >({
      query: ({ uid, documentId, locale }) => ({
        url: `/journey/suggest/${uid}/${documentId}`,
        method: 'GET',
        config: { params: locale ? { locale } : {} },
      }),
      transformResponse: (res: { data: Proposal }) => res.data,
      providesTags: ['JourneyTags'],
    }),
    getJourneyTextSuggestion: builder.query<
      { uid: string; suggestions: Suggestion[] },
      {
        uid: string;
        text: string;
        audience?: string;
        documentId?: string;
        locale?: string | null;
      }
    >({
      query: ({ uid, text, audience, documentId, locale }) => ({
        url: `/journey/suggest/${uid}/text`,
        method: 'POST',
        data: {
          text,
          ...(audience ? { audience } : {}),
          ...(documentId ? { documentId } : {}),
          ...(locale ? { locale } : {}),
        },
      }),
      transformResponse: (res: { data: { uid: string; suggestions: Suggestion[] } }) => res.data,
      providesTags: ['JourneyTags'],
    }),
    getJourneyProposals: builder.query<
      { data: Proposal[]; meta: { skipped: string[] } },
      { uid: string; documentIds: string[]; locale?: string | null }
    >({
      query: ({ uid, documentIds, locale }) => ({
        url: `/journey/suggest/${uid}`,
        method: 'POST',
        data: { documentIds, ...(locale ? { locale } : {}) },
      }),
      providesTags: ['JourneyTags'],
    }),
  }),
  overrideExisting: false,
});

export const {
  useGetJourneySuggestionQuery: useSuggestionQuery,
  useGetJourneyProposalsQuery: useProposalsQuery,
  useGetJourneyTextSuggestionQuery: useTextSuggestionQuery,
} = suggestApi;
