import * as React from 'react';
import { useGetPublicTaxonomyQuery, useGetSettingsQuery, type SettingsStage } from './api';
import { errorStatus } from './utils/errors';
import { stageText } from './utils/labels';

/**
 * Labels of the stages seen last, for code that runs outside React's data flow
 * (the list-view filter hook builds its chips synchronously).
 */
export const stageLabelCache = new Map<string, string>();

const isForbidden = (error: unknown) =>
  errorStatus(error) === 403 ||
  Boolean(
    error &&
    typeof error === 'object' &&
    'name' in error &&
    (error as { name?: string }).name === 'ForbiddenError'
  );

/**
 * The taxonomy for pickers and labels: GET /journey/settings (active and
 * retired stages, with the labels set on the settings page). That route needs
 * "Read journey coverage"; for a role without it (an editor), the taxonomy
 * comes from GET /journey/stages or the public GET /api/journey/stages (see api.ts).
 */
export const useStages = () => {
  const settings = useGetSettingsQuery();
  const forbidden = isForbidden(settings.error);
  const fallback = useGetPublicTaxonomyQuery(undefined, { skip: !forbidden });
  const { data, isLoading: loadingSettings, error } = settings;
  return React.useMemo(() => {
    const all: SettingsStage[] = (data?.stages ?? fallback.data?.stages ?? []).filter(
      (s) => typeof s?.id === 'string'
    );
    const byId = new Map(all.map((s) => [s.id, s]));
    for (const s of all) stageLabelCache.set(s.id, stageText(s));
    const active = all.filter((s) => !s.retired);
    return {
      all,
      active,
      byId,
      isLoading: loadingSettings || fallback.isLoading,
      error: all.length ? undefined : (fallback.error ?? error),
      forbidden,
      formatAffinity: data?.formatAffinity ?? fallback.data?.formatAffinity,
    };
  }, [data, fallback.data, fallback.isLoading, fallback.error, forbidden, loadingSettings, error]);
};
