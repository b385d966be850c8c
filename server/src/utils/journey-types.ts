import type { Core } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import { STAGES_ATTRIBUTE } from '../constants';

type Schema = {
  uid?: string;
  kind?: string;
  modelType?: string;
  attributes?: Record<string, unknown>;
  pluginOptions?: Record<string, any>;
};

/**
 * Whether a content type takes journey tags: every `api::` collection type,
 * unless it opts out with `pluginOptions.journey.enabled: false` or is in the
 * config's `exclude` list (the same per-type opt-out strapi-webtools uses).
 */
export const wantsJourney = (uid: string, schema: Schema, exclude: string[]): boolean =>
  uid.startsWith('api::') &&
  contentTypes.isCollectionType(schema) &&
  schema.pluginOptions?.journey?.enabled !== false &&
  !exclude.includes(uid);

/** Whether a (possibly stored, older) schema carries the journey attributes. */
export const hasJourney = (schema: Schema | undefined): boolean =>
  Boolean(schema?.attributes && STAGES_ATTRIBUTE in schema.attributes);

/** Uids of the content types that carry journey tags in this Strapi instance. */
export const journeyTypeUids = (strapi: Core.Strapi): string[] =>
  Object.entries(strapi.contentTypes)
    .filter(([, schema]) => hasJourney(schema as Schema))
    .map(([uid]) => uid)
    .sort();

export const typeFormat = (strapi: Core.Strapi, uid: string): string | undefined =>
  (strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as Schema | undefined)
    ?.pluginOptions?.journey?.format;
