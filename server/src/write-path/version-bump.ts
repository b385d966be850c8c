import type { Core } from '@strapi/strapi';
import { bumpVersions, typeScope } from '../utils/content-version';
import { journeyTypeUids } from '../utils/journey-types';

/**
 * Lifecycle subscriber: every write to a journey type (create, update incl. tags,
 * publish, unpublish, discard, delete) marks its type changed, so caches keyed on the
 * change counters miss. The counter moves after the write's transaction commits
 * (utils/content-version.ts), never inside it: no hot row in an entry's transaction.
 */
export const versionBump = (strapi: Core.Strapi) => {
  const changed = (event: { model: { uid: string } }) =>
    bumpVersions(strapi, [typeScope(event.model.uid)]);
  return {
    models: journeyTypeUids(strapi),
    afterCreate: changed,
    afterCreateMany: changed,
    afterUpdate: changed,
    afterUpdateMany: changed,
    afterDelete: changed,
    afterDeleteMany: changed,
  };
};
