import type { Core } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import { AUDIENCES, DEFAULT_AUDIENCE } from '../../plugin/src';
import { AUDIENCE_ATTRIBUTE, STAGES_ATTRIBUTE, STAGE_UID } from './constants';
import { pluginConfig } from './utils/plugin-config';
import { isLocalizedSchema } from './utils/i18n';
import { archiveDroppedTags, restoreArchivedTags } from './tag-archive';
import {
  allScopes,
  addVersionScopes,
  EXPERIMENTS_SCOPE,
  RULES_SCOPE,
} from './utils/content-version';
import { journeyTypeUids, wantsJourney } from './utils/journey-types';
import { registerWritePath } from './write-path';
import { registerGraphql } from './graphql';
import { registerMigrations } from './migrations';

/**
 * Adds the journey attributes to every enabled type, as review-workflows adds its
 * stage relation: one ordered many-to-many relation to the stage table (the first
 * stage is the primary one) and an audience enumeration. Both are ordinary fields
 * of the document, so draft & publish, i18n, REST filters and webhooks see them.
 */
const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // The plugin's own tables (journey_versions, the coverage counts, the tag archive).
  registerMigrations(strapi);
  const { exclude } = pluginConfig(strapi);

  for (const [uid, schema] of Object.entries(strapi.contentTypes)) {
    if (!wantsJourney(uid, schema as any, exclude)) continue;
    strapi.get('content-types').extend(uid, (contentType: any) => {
      // Tags follow the entry's locale: a translation may serve another stage.
      const i18n = isLocalizedSchema(strapi, contentType)
        ? { pluginOptions: { i18n: { localized: true } } }
        : {};
      contentType.attributes[STAGES_ATTRIBUTE] = {
        type: 'relation',
        relation: 'manyToMany',
        target: STAGE_UID,
        configurable: false,
        writable: true,
        private: false,
        ...i18n,
      };
      contentType.attributes[AUDIENCE_ATTRIBUTE] = {
        type: 'enumeration',
        enum: [...AUDIENCES],
        default: DEFAULT_AUDIENCE,
        required: true,
        configurable: false,
        private: false,
        ...i18n,
      };
      // Lets recommend walk one audience's published entries newest first and stop
      // after `limit` hits, and coverage count rows in scope without reading them.
      const indexName = `${contentType.collectionName}_journey_idx`;
      contentType.indexes = [
        ...(contentType.indexes ?? []).filter((ix: any) => ix.name !== indexName),
        { name: indexName, columns: ['journey_audience', 'published_at', 'document_id', 'id'] },
      ];
    });
  }

  // Single types have one entry, not a journey of content: say which ones stay untagged.
  const singleTypes = Object.entries(strapi.contentTypes)
    .filter(([uid, s]) => uid.startsWith('api::') && contentTypes.isSingleType(s))
    .map(([uid]) => uid);
  if (singleTypes.length)
    strapi.log.info(
      `[journey] single types are not tagged (only collection types take journey tags): ${singleTypes.join(', ')}`
    );

  // Schema sync drops the columns and join tables of attributes a type loses
  // (opt-out, exclude list). Archive those tags before it runs, restore them when
  // the type takes tags again, so an opt-out never loses content.
  strapi
    .hook('strapi::content-types.beforeSync')
    .register((ctx: any) => archiveDroppedTags(strapi, ctx));
  // Every write to a journey type, on any path: lock, guard, count, repair (write-path/).
  registerWritePath(strapi);

  strapi.hook('strapi::content-types.afterSync').register(async () => {
    await addVersionScopes(strapi, [
      ...allScopes(journeyTypeUids(strapi)),
      RULES_SCOPE,
      EXPERIMENTS_SCOPE,
    ]);
    await restoreArchivedTags(strapi);
  });

  registerGraphql(strapi); // journeyStages, journeyRecommend; a no-op without @strapi/plugin-graphql
};

export default register;
