'use strict';
/**
 * One throw-away database per benchmarked client: a SQLite file under the app's
 * .tmp/, a PostgreSQL schema bench_<hex> in the `postgres` database, or a MariaDB
 * database bench_<hex>. `env` is what the Strapi processes get; `knexConfig` is
 * what the raw-SQL loop uses to reach the same data. Always drop() afterwards.
 */
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const path = require('path');

const APP_DIR = path.resolve(__dirname, '../../examples/app');

const reachable = (port) =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

const PORTS = { postgres: 5432, mysql: 3306 };

async function pgAdmin(sql) {
  const { Client } = require('pg');
  const c = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

async function myAdmin(sql) {
  const mysql = require('mysql2/promise');
  const c = await mysql.createConnection({
    host: '127.0.0.1',
    port: 3306,
    user: 'root',
    password: '',
  });
  try {
    const [rows] = await c.query(sql);
    return rows;
  } finally {
    await c.end();
  }
}

async function isAvailable(client) {
  if (client === 'sqlite') return true;
  return reachable(PORTS[client]);
}

async function createDatabase(client) {
  const name = `bench_${crypto.randomBytes(4).toString('hex')}`;
  if (client === 'sqlite') {
    const file = `.tmp/${name}.db`;
    fs.mkdirSync(path.join(APP_DIR, '.tmp'), { recursive: true });
    const abs = path.join(APP_DIR, file);
    return {
      client,
      name,
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
      knexConfig: {
        client: 'better-sqlite3',
        connection: { filename: abs },
        useNullAsDefault: true,
      },
      async version() {
        const Database = require('better-sqlite3');
        const db = new Database(':memory:');
        try {
          return `SQLite ${db.prepare('select sqlite_version() v').get().v} (better-sqlite3 ${require('better-sqlite3/package.json').version})`;
        } finally {
          db.close();
        }
      },
      async drop() {
        for (const suffix of ['', '-wal', '-shm', '-journal'])
          fs.rmSync(abs + suffix, { force: true });
      },
    };
  }
  if (client === 'postgres') {
    await pgAdmin(`CREATE SCHEMA ${name}`);
    return {
      client,
      name,
      env: {
        DATABASE_CLIENT: 'postgres',
        DATABASE_HOST: '127.0.0.1',
        DATABASE_PORT: '5432',
        DATABASE_NAME: 'postgres',
        DATABASE_USERNAME: 'postgres',
        DATABASE_PASSWORD: '',
        DATABASE_SCHEMA: name,
      },
      knexConfig: {
        client: 'pg',
        connection: {
          host: '127.0.0.1',
          port: 5432,
          user: 'postgres',
          password: '',
          database: 'postgres',
        },
        searchPath: [name],
        pool: { min: 0, max: 10 },
      },
      async version() {
        const r = await pgAdmin('SHOW server_version');
        return `PostgreSQL ${r.rows[0].server_version.split(' ')[0]} (pg ${require('pg/package.json').version})`;
      },
      drop: () => pgAdmin(`DROP SCHEMA IF EXISTS ${name} CASCADE`),
    };
  }
  if (client === 'mysql') {
    await myAdmin(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return {
      client,
      name,
      env: {
        DATABASE_CLIENT: 'mysql',
        DATABASE_HOST: '127.0.0.1',
        DATABASE_PORT: '3306',
        DATABASE_NAME: name,
        DATABASE_USERNAME: 'root',
        DATABASE_PASSWORD: '',
      },
      knexConfig: {
        client: 'mysql2',
        connection: { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: name },
        pool: { min: 0, max: 10 },
      },
      async version() {
        const rows = await myAdmin('SELECT VERSION() v');
        return `MariaDB ${String(rows[0].v).split('-')[0]} (mysql2 ${require('mysql2/package.json').version})`;
      },
      drop: () => myAdmin(`DROP DATABASE IF EXISTS ${name}`),
    };
  }
  throw new Error(`unknown database client ${client}`);
}

module.exports = { APP_DIR, createDatabase, isAvailable };
