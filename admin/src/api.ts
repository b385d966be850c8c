import { loadTags } from './utils/batchTags';
import { previewUrlOf } from './utils/previewUrl';
import { adminApi } from '@strapi/strapi/admin';
import type { CoverageMatrix } from '../../plugin/src/coverage';
import type { PhaseKey } from '../../plugin/src/phases';
import type { Audience } from '../../plugin/src/audience';
import type { Stage } from '../../plugin/src/taxonomy';
import type { Tags } from '../../plugin/src/tags';
import type { BulkTagsBody, TagMode } from '../../plugin/src/contracts/tags';
import type { RestoreBody, RetireBody, StageEdit } from '../../plugin/src/contracts/settings';
import type { TypeTarget } from '../../plugin/src/targets';
import type { PublicTaxonomyData } from '../../plugin/src/contracts/taxonomy';
import type { DemandPeriod } from '../../plugin/src/demand';
import type {
  DemandReport,
  DemandStage,
  DemandStatus,
  WriteNextItem,
} from '../../plugin/src/contracts/demand';

/**
 * The plugin's admin API as RTK Query endpoints on Strapi's own `adminApi`, so
 * a tag change invalidates the Content Manager's cached documents and lists
 * (tag type `Document`, ids `<uid>_<documentId>` and `<uid>_LIST`, the ids the
 * Content Manager itself provides) and its edit view, list and column refresh.
 */

export type AudienceScope = 'all' | 'b2b' | 'b2c';
export type CoverageStatus = 'published' | 'draft';

/** A stage as GET /journey/settings returns it: the model's stage plus how many entry versions it tags. */
export type SettingsStage = Omit<Stage, 'order'> & {
  /** Entries (documents) carrying the stage, any version or locale. */
  entries: number;
  /** Retired stages: entries its retire moved that Restore can move back. */
  movable?: number;
};

/** A journey type's targets as GET /journey/settings returns them (config's and the page's merged). */
export interface SettingsType {
  uid: string;
  displayName: string;
  targets: Record<string, TypeTarget>;
  /** Stage ids whose value the settings page set (the others come from config or the stage). */
  edited: string[];
}

/** PUT /journey/settings `targets`: null puts a cell back to the stage's target. */
export type TypeTargetEdits = Record<string, Record<string, TypeTarget | null>>;

export interface SettingsData {
  stages: SettingsStage[];
  types?: SettingsType[];
  /** The effective format → phases table, when the server sends it (config may override the default). */
  formatAffinity?: Record<string, string[]>;
}

export type { Tags };
export type { StageEdit };

export interface ContentTypeInfo {
  uid: string;
  kind: string;
  info: { displayName: string };
  pluginOptions?: {
    i18n?: { localized?: boolean };
    journey?: { format?: string; enabled?: boolean };
  };
  attributes: Record<string, unknown>;
}

export interface Locale {
  code: string;
  name: string;
  isDefault: boolean;
}

export interface TagsArgs {
  uid: string;
  documentId: string;
  locale?: string | null;
  status?: 'draft' | 'published';
}

export interface BulkSetTagsArgs {
  uid: string;
  documents: Array<{ documentId: string; locale?: string | null }>;
  stages: string[];
  /** Omitted: each entry keeps its audience. */
  audience?: Audience;
  /** `replace`: the entries get exactly these stages; `add`: appended after their own (their primary stays). */
  mode: TagMode;
  /** Instead of one `stages` list for all: each document its own stages (still one request, one transaction). */
  items?: BulkTagsBody['items'];
}

export interface BulkResult {
  updated: Tags[];
  failed: Array<{ documentId: string; message: string }>;
}

export interface PublicTaxonomy {
  stages: SettingsStage[];
  formatAffinity?: Record<string, string[]>;
}

/** `GET /journey/stages` (admin): the public taxonomy, and the format affinity beside it. */
interface TaxonomyBody {
  data?: Partial<PublicTaxonomyData> & { formatAffinity?: Record<string, string[]> };
}

const normalizeTaxonomy = (body: unknown): PublicTaxonomy => {
  const data = (body as TaxonomyBody)?.data ?? {};
  return {
    stages: (data.frameworks ?? []).flatMap((f) =>
      (f.stages ?? []).map((s) => ({
        id: s.id,
        framework: f.key,
        key: s.key,
        label: s.label,
        description: s.description ?? '',
        phase: s.phase,
        target: 0,
        retired: false,
        entries: 0,
      }))
    ),
    formatAffinity: data.formatAffinity,
  };
};

const errorMessage = (error: unknown): string =>
  error &&
  typeof error === 'object' &&
  'message' in error &&
  typeof (error as { message: unknown }).message === 'string'
    ? (error as { message: string }).message
    : 'Request failed';

/** `GET /journey/demand`: what visitors asked for, beside supply (see server/src/services/demand-report.ts). */
export type { DemandPeriod, DemandStage, WriteNextItem, DemandReport, DemandStatus };

const tagsId = ({ uid, documentId, locale, status }: TagsArgs) =>
  `${uid}|${documentId}|${locale ?? ''}|${status ?? 'draft'}`;

const journeyApi = adminApi
  .enhanceEndpoints({
    addTagTypes: ['JourneyCoverage', 'JourneySettings', 'JourneyTags', 'Document', 'Relations'],
  })
  .injectEndpoints({
    endpoints: (builder) => ({
      getJourneyCoverage: builder.query<
        {
          // `recounting`: last counts, served while the server rebuilds them (they may lag).
          data: CoverageMatrix & { rows: Array<{ recounting?: boolean }> };
          meta: {
            audience: AudienceScope;
            status: CoverageStatus;
            locale?: string;
            recounting?: boolean;
          };
        },
        { audience: AudienceScope; status: CoverageStatus; locale?: string }
      >({
        query: ({ audience, status, locale }) => ({
          url: '/journey/coverage',
          method: 'GET',
          config: { params: { audience, status, ...(locale ? { locale } : {}) } },
        }),
        providesTags: ['JourneyCoverage'],
      }),

      /** Rebuilds every type's counts from the tables, before answering (rows written around Strapi). */
      recountJourneyCoverage: builder.mutation<{ recounting: string[] }, void>({
        query: () => ({ url: '/journey/coverage/recount', method: 'POST' }),
        transformResponse: (res: { data: { recounting: string[] } }) => res.data,
        invalidatesTags: ['JourneyCoverage'],
      }),

      getJourneySettings: builder.query<SettingsData, void>({
        query: () => ({ url: '/journey/settings', method: 'GET' }),
        transformResponse: (res: { data: SettingsData }) => res.data,
        providesTags: ['JourneySettings'],
      }),

      updateJourneySettings: builder.mutation<
        { stages: SettingsStage[] },
        Record<string, StageEdit>
      >({
        query: (stages) => ({ url: '/journey/settings', method: 'PUT', data: { stages } }),
        transformResponse: (res: { data: { stages: SettingsStage[] } }) => res.data,
        invalidatesTags: ['JourneySettings', 'JourneyCoverage'],
      }),

      updateJourneyTypeTargets: builder.mutation<SettingsData, TypeTargetEdits>({
        query: (targets) => ({ url: '/journey/settings', method: 'PUT', data: { targets } }),
        transformResponse: (res: { data: SettingsData }) => res.data,
        invalidatesTags: ['JourneySettings', 'JourneyCoverage'],
      }),

      retireJourneyStage: builder.mutation<
        { retired: string; movedTo: string | null; moved: number },
        RetireBody
      >({
        query: (body) => ({ url: '/journey/settings/retire', method: 'POST', data: body }),
        transformResponse: (res: {
          data: { retired: string; movedTo: string | null; moved: number };
        }) => res.data,
        invalidatesTags: [
          'JourneySettings',
          'JourneyCoverage',
          'JourneyTags',
          'Document',
          'Relations',
        ],
      }),

      restoreJourneyStage: builder.mutation<
        { restored: string; movedBack: number; left: number },
        RestoreBody
      >({
        query: (body) => ({ url: '/journey/settings/restore', method: 'POST', data: body }),
        transformResponse: (res: { data: { restored: string; movedBack: number; left: number } }) =>
          res.data,
        invalidatesTags: [
          'JourneySettings',
          'JourneyCoverage',
          'JourneyTags',
          'Document',
          'Relations',
        ],
      }),

      // Batched: the rows of a list page share one GET /journey/tags/:uid?documentIds=….
      getJourneyTags: builder.query<Tags, TagsArgs>({
        queryFn: (args, _api, _extra, baseQuery) => loadTags(baseQuery as any, args) as any,
        // Also the Content Manager's own tag of the document: its Save, Publish and
        // Discard write the journey fields too, and the panel must show what they wrote.
        providesTags: (_r, _e, args) => [
          { type: 'JourneyTags', id: tagsId(args) },
          { type: 'JourneyTags', id: `${args.uid}|${args.documentId}` },
          { type: 'Document', id: `${args.uid}_${args.documentId}` },
        ],
      }),

      /**
       * Tags several documents with one PUT /journey/tags/:uid: the server checks
       * every document and permission first and writes them all in one
       * transaction, so the selection is tagged completely or not at all.
       */
      bulkSetJourneyTags: builder.mutation<BulkResult, BulkSetTagsArgs>({
        queryFn: async (
          { uid, documents, stages, audience, mode, items },
          _api,
          _extra,
          baseQuery
        ) => {
          const locale = documents.find((d) => d.locale)?.locale ?? undefined;
          const what = items
            ? { items }
            : { documentIds: documents.map((d) => d.documentId), stages };
          const res = await baseQuery({
            url: `/journey/tags/${uid}`,
            method: 'PUT',
            data: {
              ...what,
              mode,
              ...(audience ? { audience } : {}),
              ...(locale ? { locale } : {}),
            },
          });
          if (res.error) {
            return {
              data: {
                updated: [],
                failed: documents.map((d) => ({
                  documentId: d.documentId,
                  message: errorMessage(res.error),
                })),
              },
            };
          }
          return { data: { updated: (res.data as { data: Tags[] }).data, failed: [] } };
        },
        invalidatesTags: (_r, _e, { uid }) => [
          'JourneyTags',
          'JourneyCoverage',
          'JourneySettings',
          'Relations',
          { type: 'Document', id: `${uid}_LIST` },
          { type: 'Document', id: `${uid}_ALL_ITEMS` },
        ],
      }),

      /** Content-type schemas as the Content Manager serves them (`pluginOptions.i18n`, `pluginOptions.journey.format`). */
      getJourneyContentTypes: builder.query<ContentTypeInfo[], void>({
        query: () => ({ url: '/content-manager/content-types', method: 'GET' }),
        transformResponse: (res: { data: ContentTypeInfo[] }) => res.data,
      }),

      /** The taxonomy and format affinity for any admin (an editor may not read /journey/settings). */
      getJourneyPublicTaxonomy: builder.query<PublicTaxonomy, void>({
        query: () => ({ url: '/journey/stages', method: 'GET' }),
        transformResponse: (res: unknown) => normalizeTaxonomy(res),
      }),

      /** Stage id → the stage row's documentId, the key the Content Manager's relation payload (`journeyStages.set`) names a stage by. */
      getJourneyStageDocuments: builder.query<Record<string, string>, void>({
        query: () => ({ url: '/journey/stages', method: 'GET' }),
        transformResponse: (res: { data?: { documentIds?: Record<string, string> } }) =>
          res?.data?.documentIds ?? {},
      }),

      getJourneyDemand: builder.query<
        DemandReport,
        { days: DemandPeriod; audience: AudienceScope; locale?: string }
      >({
        query: ({ days, audience, locale }) => ({
          url: '/journey/demand',
          method: 'GET',
          config: { params: { days, audience, ...(locale ? { locale } : {}) } },
        }),
        transformResponse: (res: { data: DemandReport }) => res.data,
        providesTags: ['JourneyCoverage'],
      }),

      getJourneyDemandStatus: builder.query<DemandStatus, void>({
        query: () => ({ url: '/journey/demand/status', method: 'GET' }),
        transformResponse: (res: { data: DemandStatus }) => res.data,
      }),

      getJourneyLocales: builder.query<Locale[], void>({
        query: () => ({ url: '/i18n/locales', method: 'GET' }),
      }),
    }),
  });

// Endpoint names carry "Journey": adminApi is shared by every plugin, and a
// name another plugin already injected (i18n's getLocales, the Content
// Manager's getContentTypes…) would silently keep theirs.
export const {
  useGetJourneyCoverageQuery: useGetCoverageQuery,
  useRecountJourneyCoverageMutation: useRecountCoverageMutation,
  useGetJourneySettingsQuery: useGetSettingsQuery,
  useUpdateJourneySettingsMutation: useUpdateSettingsMutation,
  useUpdateJourneyTypeTargetsMutation: useUpdateTypeTargetsMutation,
  useRetireJourneyStageMutation: useRetireStageMutation,
  useRestoreJourneyStageMutation: useRestoreStageMutation,
  useGetJourneyTagsQuery: useGetTagsQuery,
  useBulkSetJourneyTagsMutation: useBulkSetTagsMutation,
  useGetJourneyContentTypesQuery: useGetContentTypesQuery,
  useGetJourneyPublicTaxonomyQuery: useGetPublicTaxonomyQuery,
  useGetJourneyLocalesQuery: useGetLocalesQuery,
  useGetJourneyStageDocumentsQuery: useGetStageDocumentsQuery,
  useGetJourneyDemandQuery: useGetDemandQuery,
  useGetJourneyDemandStatusQuery: useGetDemandStatusQuery,
} = journeyApi;

export { journeyApi };

/* "Preview as a visitor" (GET /journey/preview): the public endpoint's answer for a Users & Permissions role. */

export interface PreviewRole {
  id: number;
  name: string;
  type: string;
}

export interface PreviewEntry {
  documentId: string;
  contentType: string;
  title?: string;
  [field: string]: unknown;
  journey: {
    stages: string[];
    audience: Audience;
    match: 'exact' | 'phase' | 'adjacent';
    reason: string;
  };
}

export interface WhyNotEntry {
  documentId: string;
  contentType: string;
  title: string;
  reasons: Array<{ code: string; message: string }>;
}

export interface PreviewAnswer {
  data: PreviewEntry[];
  meta: {
    stage: string;
    phase: PhaseKey;
    audience: string | null;
    locale: string | null;
    fallback: boolean;
    count: number;
    preview: { role: PreviewRole; endpointStatus: number };
    whyNot: WhyNotEntry[];
  };
}

/** Any recommend parameter (stage, audience, locale, limit, types, exclude, visitor signals…) plus `role`. */
export type PreviewArgs = Record<string, string>;

const previewApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    getJourneyPreview: builder.query<PreviewAnswer, PreviewArgs>({
      query: (params) => ({ url: '/journey/preview', method: 'GET', config: { params } }),
      providesTags: ['JourneyCoverage'],
    }),
    getJourneyPreviewRoles: builder.query<PreviewRole[], void>({
      query: () => ({ url: '/journey/preview/roles', method: 'GET' }),
      transformResponse: (res: { data: PreviewRole[] }) => res.data,
    }),
  }),
});

export const {
  useGetJourneyPreviewQuery: usePreviewQuery,
  useGetJourneyPreviewRolesQuery: usePreviewRolesQuery,
} = previewApi;

/* "Preview as a visitor at…" on an entry: the app's own preview URL, as the Content Manager's Preview button gets it. */

export interface EntryPreviewArgs {
  uid: string;
  documentId: string;
  locale?: string | null;
  status?: string;
}

const entryPreviewApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    // 200 { data: { url } } with a preview handler; 204 when the handler has no URL for the
    // entry; 404 when the app configures no preview. The last two mean "no preview": null.
    getJourneyEntryPreviewUrl: builder.query<string | null, EntryPreviewArgs>({
      queryFn: async ({ uid, documentId, locale, status }, _api, _extra, baseQuery) => {
        const res = await baseQuery({
          url: `/content-manager/preview/url/${uid}`,
          method: 'GET',
          config: {
            params: { documentId, ...(locale ? { locale } : {}), ...(status ? { status } : {}) },
          },
        });
        return { data: res.error ? null : previewUrlOf(res.data) };
      },
    }),
  }),
});

export const { useGetJourneyEntryPreviewUrlQuery: useEntryPreviewUrlQuery } = entryPreviewApi;
