/**
 * Test databases per engine (JOURNEY_TEST_DB: sqlite | postgres | mysql), shared by the jest
 * helpers (strapi.ts) and the global setup. Every test file gets its own database, copied
 * from a template that one Strapi boot synced (global-setup.js): a copy is a file copy on
 * SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL and a table-by-table copy on MariaDB,
 * where a boot on an empty database runs Strapi's whole schema sync and first-boot seeding.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const APP_DIR = path.resolve(__dirname, '../../../examples/app');
const DB = process.env.JOURNEY_TEST_DB || 'sqlite';

const pgAdmin = async (sql) => {
  const { Client } = require('pg');
  const c = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
};

const mysqlConnection = () =>
  require('mysql2/promise').createConnection({
    host: '127.0.0.1',
    port: 3306,
    user: 'root',
    password: '',
  });

const mysqlAdmin = async (sql) => {
  const c = await mysqlConnection();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
};

const sqliteFile = (name) => `.tmp/test-${name}.db`;

const envOf = (name) => {
  if (DB === 'sqlite') return { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: sqliteFile(name) };
  const common = { DATABASE_HOST: '127.0.0.1', DATABASE_PASSWORD: '', DATABASE_NAME: name };
  if (DB === 'postgres')
    return {
      ...common,
      DATABASE_CLIENT: 'postgres',
      DATABASE_PORT: '5432',
      DATABASE_USERNAME: 'postgres',
      DATABASE_SCHEMA: 'public',
    };
  return { ...common, DATABASE_CLIENT: 'mysql', DATABASE_PORT: '3306', DATABASE_USERNAME: 'root' };
};

const drop = async (name) => {
  if (DB === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      fs.rmSync(path.join(APP_DIR, sqliteFile(name) + suffix), { force: true });
  } else if (DB === 'postgres') await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  else {
    await mysqlAdmin(`DROP DATABASE IF EXISTS ${name}`);
    fs.rmSync(path.join(APP_DIR, '.tmp', `${name}.tables.json`), { force: true }); // a template's
  }
};

const createEmpty = async (name) => {
  if (DB === 'sqlite') fs.mkdirSync(path.join(APP_DIR, '.tmp'), { recursive: true });
  else if (DB === 'postgres') {
    await pgAdmin(`CREATE DATABASE ${name}`);
    // A test database is thrown away: a commit need not wait for the WAL's flush to disk
    // (about 3 ms here). Visibility and locking are unchanged; only a server crash loses it.
    await pgAdmin(`ALTER DATABASE ${name} SET synchronous_commit TO off`);
  } else
    await mysqlAdmin(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
};

/**
 * The template's tables as MariaDB would create them, and which hold rows: read once per run
 * (the file .tmp/<template>.tables.json; test files do not share modules) instead of once per copy.
 */
const mysqlTablesOf = async (c, template) => {
  const file = path.join(APP_DIR, '.tmp', `${template}.tables.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const [names] = await c.query(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'",
    [template]
  );
  const tables = [];
  for (const { t } of names) {
    const [[ddl]] = await c.query(`SHOW CREATE TABLE \`${template}\`.\`${t}\``);
    const [[{ n }]] = await c.query(`SELECT COUNT(*) AS n FROM \`${template}\`.\`${t}\``);
    tables.push({ t, create: ddl['Create Table'], rows: n > 0 });
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify(tables));
  fs.renameSync(`${file}.${process.pid}`, file); // whole or absent, for a reader in another lane
  return tables;
};

/**
 * MariaDB has no database templates: the template's tables (with their keys) and rows. Each
 * CREATE TABLE waits for the disk, so four connections create them side by side (keys are
 * not checked while copying), and only tables with rows are filled.
 */
const copyMysql = async (from, to) => {
  const admin = await mysqlConnection();
  let tables;
  try {
    await admin.query(`CREATE DATABASE ${to} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    tables = await mysqlTablesOf(admin, from);
  } finally {
    await admin.end();
  }
  const queue = [...tables];
  const worker = async () => {
    const c = await mysqlConnection();
    try {
      await c.query(`USE \`${to}\``);
      await c.query('SET FOREIGN_KEY_CHECKS = 0');
      for (let table = queue.shift(); table; table = queue.shift()) {
        await c.query(table.create);
        if (table.rows)
          await c.query(
            `INSERT INTO \`${to}\`.\`${table.t}\` SELECT * FROM \`${from}\`.\`${table.t}\``
          );
      }
    } finally {
      await c.end();
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
};

/** A new database for one test file: a copy of the template when the run has one, else empty. */
const createDatabase = async (name = `jt_${crypto.randomBytes(5).toString('hex')}`) => {
  const template = process.env.JOURNEY_TEST_TEMPLATE;
  if (!template) await createEmpty(name);
  else if (DB === 'sqlite') {
    fs.mkdirSync(path.join(APP_DIR, '.tmp'), { recursive: true });
    fs.copyFileSync(path.join(APP_DIR, sqliteFile(template)), path.join(APP_DIR, sqliteFile(name)));
  } else if (DB === 'postgres') {
    await pgAdmin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await pgAdmin(`ALTER DATABASE ${name} SET synchronous_commit TO off`); // not copied by TEMPLATE
  } else await copyMysql(template, name);
  return { name, env: envOf(name), drop: () => drop(name) };
};

/**
 * Call between strapi.register() and strapi.bootstrap(). A test database is thrown away, so
 * its commits need not wait for the disk: on SQLite each commit fsyncs the journal and the
 * file (11 ms per commit measured here, 0.15 ms without). The setting is per connection and
 * Strapi keeps its one SQLite connection open; locking and visibility are unchanged, and
 * only an OS crash could lose a commit. PostgreSQL gets the same per database (createEmpty).
 */
const skipDiskFlush = async (strapi) => {
  if (DB === 'sqlite') await strapi.db.connection.raw('PRAGMA synchronous = OFF');
};

/**
 * MariaDB's flush at commit is a server setting, not a database's: for the run's length it
 * writes the log at each commit and flushes it once a second (2), as a test server may
 * (9 ms per commit measured here, 2 ms without). Returns the value to restore at teardown:
 * the configured one, or the compiled default when the value now was set at runtime, which
 * may be another test run's that is still going (restoring its 2 would keep it for good).
 */
const relaxMysqlFlush = async () => {
  if (DB !== 'mysql') return undefined;
  const [[row]] = await mysqlAdmin(
    "SELECT GLOBAL_VALUE AS v, GLOBAL_VALUE_ORIGIN AS origin, DEFAULT_VALUE AS d FROM information_schema.SYSTEM_VARIABLES WHERE VARIABLE_NAME = 'INNODB_FLUSH_LOG_AT_TRX_COMMIT'"
  );
  await mysqlAdmin('SET GLOBAL innodb_flush_log_at_trx_commit = 2');
  return String(row.origin === 'SQL' ? row.d : row.v);
};

const restoreMysqlFlush = async (value) => {
  if (DB === 'mysql' && /^[0-3]$/.test(value ?? ''))
    await mysqlAdmin(`SET GLOBAL innodb_flush_log_at_trx_commit = ${value}`);
};

module.exports = {
  APP_DIR,
  DB,
  envOf,
  createDatabase,
  createEmpty,
  drop,
  skipDiskFlush,
  relaxMysqlFlush,
  restoreMysqlFlush,
};
