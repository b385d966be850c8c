import { addColumn, createTable, dropTables, type Migration } from './ddl';

/**
 * Audiences kept through boots that drop the journey attributes (tag-archive/). It
 * stays outside Strapi's schema on purpose: a boot with the plugin disabled must
 * not drop it.
 */
export const ARCHIVE_TABLE = 'journey_tag_archive';

export const createTagArchiveTable: Migration = {
  name: 'journey::03-create-journey-tag-archive',
  async up(trx, db) {
    await createTable(trx, db, ARCHIVE_TABLE, (t) => {
      t.increments('id');
      t.string('uid', 255).notNullable().index();
      t.integer('entry_id');
      t.string('document_id', 255).notNullable();
      t.string('locale', 32);
      t.boolean('published').notNullable();
      t.string('audience', 8);
      t.string('kind', 8); // 'sync' (exact, before a sync) or 'ledger' (at shutdown)
      t.bigInteger('taken_at');
      t.text('stages'); // legacy (before link tables were persisted): JSON stage ids
      t.string('archived_at', 32);
    });
    // Archives made by hand before this migration existed may lack the newer columns.
    await addColumn(trx, db, ARCHIVE_TABLE, 'entry_id', (t) => t.integer('entry_id'));
    await addColumn(trx, db, ARCHIVE_TABLE, 'kind', (t) => t.string('kind', 8));
    await addColumn(trx, db, ARCHIVE_TABLE, 'taken_at', (t) => t.bigInteger('taken_at'));
  },
  down: dropTables(ARCHIVE_TABLE),
};
