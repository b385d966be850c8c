import type { Core } from '@strapi/strapi';
import { AUDIENCE_ATTRIBUTE, STAGES_ATTRIBUTE, STAGE_UID } from '../constants';

/** Where a journey type keeps its tags, read from Strapi's own metadata. */
export interface TagStorage {
  table: string;
  audienceColumn: string;
  linkTable: string;
  /** Link column pointing at the entry row. */
  entryColumn: string;
  /** Link column pointing at the stage row. */
  stageColumn: string;
  /** Position of the stage within the entry's stages; the lowest is the primary stage. */
  orderColumn: string;
  stageTable: string;
}

export const tagStorage = (strapi: Core.Strapi, uid: string): TagStorage => {
  const meta: any = strapi.db.metadata.get(uid);
  const link = meta.attributes[STAGES_ATTRIBUTE].joinTable;
  return {
    table: meta.tableName,
    audienceColumn: meta.attributes[AUDIENCE_ATTRIBUTE].columnName ?? 'journey_audience',
    linkTable: link.name,
    entryColumn: link.joinColumn.name,
    stageColumn: link.inverseJoinColumn.name,
    orderColumn: link.orderColumnName,
    stageTable: (strapi.db.metadata.get(STAGE_UID) as any).tableName,
  };
};
