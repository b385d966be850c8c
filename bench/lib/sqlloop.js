'use strict';
/**
 * The database's own limit, run by the bench as its own process: the SQL that
 * Strapi sent for one request (recorded from knex's `query` events in the server
 * process), replayed through a fresh knex on the same database.
 *   node bench/lib/sqlloop.js '<json>'   (json: { knex, statements, mode, duration | iterations, concurrency })
 *   mode 'loop':  each worker runs `statements` one after another, again and again,
 *                 for `duration` s; reports statements/s and p50/p99 per statement set.
 *   mode 'rows':  runs each statement once and prints its rows.
 *   mode 'batch': runs all `statements` concurrently (as Promise.all in the service),
 *                 `iterations` times in sequence; reports p50/p99 of one batch.
 * Prints one JSON line.
 */
const knexFactory = require('knex');

const opts = JSON.parse(process.argv[2]);

const revive = (b) =>
  b && typeof b === 'object' && b.$date
    ? new Date(b.$date)
    : b && typeof b === 'object' && b.$buffer
      ? Buffer.from(b.$buffer, 'base64')
      : b;

/** knex's `query` event gives PostgreSQL SQL with $n placeholders; knex.raw wants `?`. */
const toRaw = (st) => {
  const bindings = (st.bindings ?? []).map(revive);
  if (!/\$\d+/.test(st.sql)) return { sql: st.sql, bindings };
  const ordered = [];
  const sql = st.sql.replace(/\$(\d+)/g, (_m, n) => {
    ordered.push(bindings[Number(n) - 1]);
    return '?';
  });
  return { sql, bindings: ordered };
};

/** knex.raw's result differs per driver: pg { rows }, mysql2 [rows, fields], better-sqlite3 rows. */
const rowsOf = (r) =>
  Array.isArray(r) ? (Array.isArray(r[0]) ? r[0] : r) : r && Array.isArray(r.rows) ? r.rows : r;

const pct = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null;
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

(async () => {
  const knex = knexFactory(opts.knex);
  const statements = opts.statements.map(toRaw);
  const run = (st) => knex.raw(st.sql, st.bindings);
  const lat = [];
  let rows = 0;
  try {
    if (opts.mode === 'rows') {
      // One execution of each statement; its rows (for checking two query shapes agree).
      const res = [];
      for (const st of statements) res.push(rowsOf(await run(st)));
      process.stdout.write(JSON.stringify({ mode: 'rows', rows: res }) + '\n');
      return;
    }
    // Warm-up: connections opened, statements prepared / cached by the server.
    for (let k = 0; k < 5; k++) for (const st of statements) await run(st);
    const started = process.hrtime.bigint();
    if (opts.mode === 'batch') {
      for (let k = 0; k < opts.iterations; k++) {
        const t0 = process.hrtime.bigint();
        const res = await Promise.all(statements.map(run));
        lat.push(ms(t0));
        if (k === 0) rows = res.length;
      }
    } else {
      const end = Date.now() + opts.duration * 1000;
      const worker = async () => {
        while (Date.now() < end) {
          const t0 = process.hrtime.bigint();
          for (const st of statements) await run(st);
          lat.push(ms(t0));
        }
      };
      await Promise.all(Array.from({ length: opts.concurrency ?? 1 }, worker));
    }
    const elapsed = ms(started) / 1000;
    lat.sort((a, b) => a - b);
    process.stdout.write(
      JSON.stringify({
        mode: opts.mode,
        statements: statements.length,
        count: lat.length,
        perSecond: lat.length / elapsed,
        p50: pct(lat, 50),
        p99: pct(lat, 99),
        mean: lat.reduce((a, b) => a + b, 0) / (lat.length || 1),
        rows,
      }) + '\n'
    );
  } finally {
    await knex.destroy();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
