#!/usr/bin/env node
'use strict';
/**
 * `node bench/suggest-server.js [--n=10000]` — the suggestion service inside a real
 * Strapi (examples/app, built; SQLite file under examples/app/.tmp, deleted after):
 * seeds N tagged documents with bench/lib/seed.js, then times
 *   first — the first suggestion (every journey type read from SQL, every entry tokenized),
 *   cold  — the first suggestion after a tag write on the asked type (that type read again,
 *           its changed rows tokenized again, the index rebuilt in memory from cached words),
 *   other — the first suggestion after a write to another journey type (only that one read again),
 *   warm  — one suggestion with the index in memory (median of 50 documents),
 *   bulk  — proposals for 100 documents in one call (what the list-view action asks).
 * Prints one JSON line. Needs `npm run build && npm run build --workspace examples/app`.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const APP_DIR = path.resolve(__dirname, '../examples/app');
const N = Number((process.argv.find((a) => a.startsWith('--n=')) ?? '--n=10000').slice(4));
const DB_FILE = `.tmp/bench-suggest-${crypto.randomBytes(4).toString('hex')}.db`;

Object.assign(process.env, {
  APP_KEYS: 'benchKeyA,benchKeyB',
  ADMIN_JWT_SECRET: 'bench-admin-jwt-secret',
  API_TOKEN_SALT: 'bench-api-token-salt',
  TRANSFER_TOKEN_SALT: 'bench-transfer-token-salt',
  JWT_SECRET: 'bench-jwt-secret',
  ENCRYPTION_KEY: 'bench-encryption-key-0123456789a',
  DATABASE_CLIENT: 'sqlite',
  DATABASE_FILENAME: DB_FILE,
  NODE_ENV: 'production',
  STRAPI_LOG_LEVEL: 'error',
  STRAPI_TELEMETRY_DISABLED: 'true',
});
delete process.env.JOURNEY_DEMO_SEED;

const ms = (t0) => Number((Number(process.hrtime.bigint() - t0) / 1e6).toFixed(2));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  process.chdir(APP_DIR);
  fs.mkdirSync(path.join(APP_DIR, '.tmp'), { recursive: true });
  const { createStrapi } = require('@strapi/strapi');
  const { seed } = require('./lib/seed');
  const strapi = createStrapi({
    appDir: APP_DIR,
    distDir: path.join(APP_DIR, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  });
  try {
    await strapi.load();
    const seeded = await seed(strapi, { from: 0, to: N });
    const uid = 'api::whitepaper.whitepaper';
    const ids = (
      await strapi.db
        .connection(strapi.db.metadata.get(uid).tableName)
        .whereNull('published_at')
        .select('document_id')
        .limit(200)
    ).map((r) => r.document_id);
    const suggest = strapi.plugin('journey').service('suggest');
    const tags = strapi.plugin('journey').service('tags');

    let t = process.hrtime.bigint();
    await suggest.propose(uid, [ids[0]]);
    const first = ms(t);
    // A tag write (through the tag service, as the admin's Apply does) makes the index stale.
    await tags.set(uid, ids[1], { stages: ['b2b:research'] });
    t = process.hrtime.bigint();
    await suggest.propose(uid, [ids[2]]);
    const cold = ms(t);
    // A write to another journey type: only that type is read again.
    const blog = await strapi.db
      .connection(strapi.db.metadata.get('api::blog-post.blog-post').tableName)
      .whereNull('published_at')
      .select('document_id')
      .first();
    await tags.set('api::blog-post.blog-post', blog.document_id, { stages: ['b2c:awareness'] });
    t = process.hrtime.bigint();
    await suggest.propose(uid, [ids[2]]);
    const otherType = ms(t);
    const warm = [];
    for (const id of ids.slice(3, 53)) {
      t = process.hrtime.bigint();
      await suggest.propose(uid, [id]);
      warm.push(ms(t));
    }
    t = process.hrtime.bigint();
    await suggest.propose(uid, ids.slice(53, 153));
    const bulk = ms(t);
    const learned = await suggest.indexSize();
    console.log(
      JSON.stringify({
        n: N,
        seeded,
        learned,
        firstMs: first,
        coldAfterWriteMs: cold,
        afterOtherTypeWriteMs: otherType,
        warmMedianMs: median(warm),
        bulk100Ms: bulk,
        heapMb: Math.round(process.memoryUsage().heapUsed / 1e6),
      })
    );
  } finally {
    await strapi.destroy().catch(() => {});
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      fs.rmSync(path.join(APP_DIR, DB_FILE + suffix), { force: true });
  }
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
