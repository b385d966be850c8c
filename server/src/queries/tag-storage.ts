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

/**
 * The rows of `uid` with these documentIds, each joined to its stage links: one row per
 * (row, stage) with `l.*` and `st.*` columns, or one with nulls there for a row without
 * stages. Callers pick the columns and add their filters (published, locale …).
 * Inside a transaction pass its `trx`: on SQLite a read outside it waits for the
 * connection the transaction holds.
 */
export const rowsWithStages = (
  strapi: Core.Strapi,
  uid: string,
  documentIds: string[],
  trx?: any
) => {
  const s = tagStorage(strapi, uid);
  const table = `${s.table} as t`;
  // Joins inherit the builder's schema (PostgreSQL): no manual qualification here.
  const query = (
    trx ? trx(table).withSchema(strapi.db.getSchemaName() as any) : strapi.db.getConnection(table)
  )
    .leftJoin(`${s.linkTable} as l`, `l.${s.entryColumn}`, 't.id')
    .leftJoin(`${s.stageTable} as st`, 'st.id', `l.${s.stageColumn}`)
    .whereIn('t.document_id', documentIds);
  return { storage: s, query };
};

/**
 * One statement of several per-type selects: each becomes a derived table, so it keeps
 * its own ORDER BY and LIMIT (a bare UNION ALL would apply them to the whole).
 */
export const unionAllOf = (strapi: Core.Strapi, selects: any[], alias = 'u'): any => {
  const knex = strapi.db.connection;
  let union: any = knex.select('*').from(selects[0].as(`${alias}0`));
  selects.slice(1).forEach((sel, i) => {
    union = union.unionAll(knex.select('*').from(sel.as(`${alias}${i + 1}`)));
  });
  return union;
};

/**
 * Inside `trx`: moves the links of `uid` from stage row `from` to stage row `to`, for
 * every entry row or only `entryIds`. An entry that already carries `to` just loses
 * `from`; positions are kept, so a primary stays primary. Returns the links moved.
 * The derived table (AS carrying) is what lets MySQL 8 read the table it deletes from
 * (error 1093 otherwise).
 */
export const moveStageLinks = async (
  strapi: Core.Strapi,
  trx: any,
  uid: string,
  from: number,
  to: number,
  entryIds?: number[]
): Promise<number> => {
  const s = tagStorage(strapi, uid);
  const schema = strapi.db.getSchemaName() as any;
  const link = () => {
    const qb = trx(s.linkTable).withSchema(schema);
    return entryIds ? qb.whereIn(s.entryColumn, entryIds) : qb;
  };
  const carrying = trx
    .select('carrying.entry')
    .from(link().where(s.stageColumn, to).select(`${s.entryColumn} as entry`).as('carrying'));
  await link().where(s.stageColumn, from).whereIn(s.entryColumn, carrying).delete();
  return Number(
    await link()
      .where(s.stageColumn, from)
      .update({ [s.stageColumn]: to })
  );
};
