import type { AudienceScope, CoverageStatus } from '../api';

export interface ListLinkOptions {
  uid: string;
  /** A stage id, or `null` for entries with no stage at all (the "untagged" column). */
  stage?: string | null;
  audience: AudienceScope;
  status: CoverageStatus;
  locale?: string;
  /** Whether the type is localized: only then does the list take a locale. */
  localized?: boolean;
}

export interface CreateLinkOptions {
  locale?: string;
  /** Stage ids the new entry starts with (first = primary), filled into its Journey panel. */
  stages?: string[];
  /** `b2b` or `b2c`; anything else leaves the form's default (`both`). */
  audience?: string;
}

/**
 * The Content Manager's create view for a type, in the chosen locale, with the journey
 * tags a gap asked for: `plugins[journey][stages]` and `plugins[journey][audience]`, which
 * the Journey panel of a new entry puts into the form (unsaved, undoable; see JourneyPanel).
 */
export const createEntryLink = (
  uid: string,
  { locale, stages, audience }: CreateLinkOptions = {}
) => {
  const params: string[] = [];
  if (locale) params.push(`plugins[i18n][locale]=${encodeURIComponent(locale)}`);
  if (stages?.length)
    params.push(`plugins[journey][stages]=${encodeURIComponent(stages.join(','))}`);
  if (audience === 'b2b' || audience === 'b2c')
    params.push(`plugins[journey][audience]=${audience}`);
  return `/content-manager/collection-types/${uid}/create${params.length ? `?${params.join('&')}` : ''}`;
};

const OTHER_AUDIENCE: Record<'b2b' | 'b2c', 'b2c' | 'b2b'> = { b2b: 'b2c', b2c: 'b2b' };

/**
 * A Content Manager list URL showing the entries one coverage cell counts.
 * The filters are the ones the list view itself writes (`filters[$and][i]…`,
 * values URI-encoded once), so each shows as a removable chip there:
 * - stage: `journeyStages.stageId $eq <id>` (or `$null` for untagged entries);
 * - audience b2b: `journeyAudience $ne b2c`, i.e. b2b or both, as the coverage
 *   counts it (`$in [b2b, both]` filters the same but the list cannot show it as a chip);
 * - status published: the list's own `__status $eq published`;
 * - locale: `plugins[i18n][locale]`, for localized types.
 */
export const contentManagerListLink = ({
  uid,
  stage,
  audience,
  status,
  locale,
  localized,
}: ListLinkOptions): string => {
  const filters: string[] = [];
  const add = (path: string, value: string) =>
    filters.push(`filters[$and][${filters.length}]${path}=${encodeURIComponent(value)}`);
  if (stage === null) add('[journeyStages][stageId][$null]', 'true');
  else if (stage) add('[journeyStages][stageId][$eq]', stage);
  if (audience !== 'all') add('[journeyAudience][$ne]', OTHER_AUDIENCE[audience]);
  if (status === 'published') add('[__status][$eq]', 'published');
  const params = ['page=1', ...filters];
  if (localized && locale) params.push(`plugins[i18n][locale]=${encodeURIComponent(locale)}`);
  return `/content-manager/collection-types/${uid}?${params.join('&')}`;
};
