#!/usr/bin/env node
'use strict';
/**
 * `npm run bench` — the journey plugin's benchmarks (see docs/benchmarks.md).
 *
 *   npm run bench                 full run: N = 1k, 10k, 100k on SQLite, PostgreSQL, MariaDB;
 *                                 writes docs/benchmarks.md, docs/bench-*.svg, bench/results/full.json
 *   npm run bench -- --quick      N = 1k, 10k on SQLite and PostgreSQL, short load runs (~2 min);
 *                                 writes bench/results/quick.{md,json} and bench/results/bench-*.svg
 *   options: --dbs=sqlite,postgres,mysql  --sizes=1000,10000  --duration=SEC  --out=DIR  --no-two-instances  --ports=1400-1499
 *   npm run bench -- --report=bench/results/full.json
 *                                 rewrites the report of a saved run (e.g. after editing bench/analysis.md)
 *
 * Every Strapi server is a child process (bench/lib/server.js, i.e. `strapi start`
 * plus an IPC channel for heap readings and seeding) on a throw-away database; the
 * HTTP load (autocannon) and the raw-SQL loops run in their own processes. Every
 * child is killed by its PID when the bench ends, fails or is interrupted.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { createDatabase, isAvailable, APP_DIR } = require('./lib/db');
const { startServer, runJson, killAll, LOG_DIR } = require('./lib/proc');
const { writeReport } = require('./lib/report');
const proposals = require('./lib/proposals');

const ROOT = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name) => {
  const hit = argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : undefined;
};

const QUICK = flag('quick');
const CONFIG = {
  mode: QUICK ? 'quick' : 'full',
  dbs: (option('dbs') ?? (QUICK ? 'sqlite,postgres' : 'sqlite,postgres,mysql')).split(','),
  sizes: (option('sizes') ?? (QUICK ? '1000,10000' : '1000,10000,100000')).split(',').map(Number),
  duration: Number(option('duration') ?? (QUICK ? 3 : 8)),
  warmup: QUICK ? 1 : 2,
  sqlDuration: QUICK ? 1 : 4,
  connections: 10,
  coverageRuns: QUICK ? 8 : 15,
  twoInstances: !flag('no-two-instances'),
  // The what-if step (other SQL shapes, the journey index, a prototype recommend) measured the
  // proposals that have since landed in the plugin (server/src/queries/candidates.ts, the
  // <table>_journey_idx index, plain-count coverage); it is off, since the plugin now creates
  // that index itself. --what-if is kept for the record and would fail on the existing index.
  whatIfAt: () => flag('what-if'),
  prototypeAt: () => flag('what-if'),
  out: path.resolve(ROOT, option('out') ?? (QUICK ? 'bench/results' : 'docs')),
  // Servers listen on a port of this range (several benches may share the machine).
  ports: option('ports') ?? '1400-1499',
  rounds: QUICK ? 2 : 6,
  // recommend and the floor, one request at a time, alternating (after the load rounds).
  sequentialPairs: QUICK ? 50 : 200,
  writeEveryMs: 100,
};
require('./lib/proc').setPortRange(...CONFIG.ports.split('-').map(Number));

const ADMIN = { email: 'bench@journey.local', password: 'BenchAdmin1' };
const PUBLIC_ACTIONS = [
  'api::blog-post.blog-post.find',
  'api::whitepaper.whitepaper.find',
  'api::case-study.case-study.find',
  'plugin::journey.stage.find',
  'plugin::journey.recommend.find',
  'plugin::journey.ping.find',
];
const URLS = require('./lib/urls');
// Strapi's own admin route with the same admin authentication as coverage (session, user, roles,
// permissions read and the ability built from them) and no work of the plugin: the admin floor.
const ADMIN_FLOOR = '/admin/users/me';

const log = (...a) =>
  console.log(`[bench ${((Date.now() - T0) / 1000).toFixed(0).padStart(4)}s]`, ...a);
const T0 = Date.now();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length
    ? s.length % 2
      ? s[(s.length - 1) / 2]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
    : null;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : null;
};
const MB = (b) => b / 1048576;
const openDbs = new Set();

// ---------------------------------------------------------------- preparation

/** Rebuilds the plugin's dist/ and compiles the example app when their sources are newer. */
function ensureBuilt() {
  const newest = (dirs, filter = () => true) => {
    let t = 0;
    const walk = (d) => {
      if (!fs.existsSync(d)) return;
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'node_modules' && e.name !== 'dist') walk(p);
        } else if (filter(p)) t = Math.max(t, fs.statSync(p).mtimeMs);
      }
    };
    dirs.forEach(walk);
    return t;
  };
  const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);
  const pluginSrc = newest(
    ['server/src', 'plugin/src', 'admin/src'].map((d) => path.join(ROOT, d))
  );
  if (mtime(path.join(ROOT, 'dist/server/index.js')) < pluginSrc) {
    log('plugin dist/ is older than its sources: strapi-plugin build');
    execFileSync('npx', ['--yes', 'strapi-plugin', 'build', '--silent'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  const appSrc = newest([path.join(APP_DIR, 'src'), path.join(APP_DIR, 'config')], (p) =>
    /\.(ts|js|json)$/.test(p)
  );
  if (mtime(path.join(APP_DIR, 'dist/src/index.js')) < appSrc) {
    log('example app dist/ is older than its sources: compiling (compileStrapi)');
    execFileSync(
      process.execPath,
      [
        '-e',
        "require('@strapi/strapi').compileStrapi({ appDir: process.cwd() }).then(() => process.exit(0))",
      ],
      {
        cwd: APP_DIR,
        stdio: 'inherit',
      }
    );
  }
}

/** Hash of the plugin build the servers load (same as bench/lib/server.js reports). */
function currentBuild() {
  return require('crypto')
    .createHash('sha1')
    .update(fs.readFileSync(path.join(ROOT, 'dist/server/index.js')))
    .digest('hex')
    .slice(0, 12);
}

function gitState() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })
      .toString()
      .trim();
    const dirty = execFileSync(
      'git',
      [
        'status',
        '--porcelain',
        '--',
        'server',
        'plugin',
        'examples/app/src',
        'examples/app/config',
      ],
      { cwd: ROOT }
    )
      .toString()
      .trim();
    return `${head}${dirty ? ' + uncommitted changes in server/, plugin/ or the example app' : ''}`;
  } catch {
    return 'unknown';
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    nproc: cpus.length,
    cpu: cpus[0]?.model?.trim(),
    memoryGB: Number((os.totalmem() / 1073741824).toFixed(1)),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    strapi: require('@strapi/strapi/package.json').version,
    autocannon: require('autocannon/package.json').version,
    loadavgStart: os.loadavg().map((x) => Number(x.toFixed(2))),
    git: gitState(),
    build: currentBuild(),
  };
}

// ---------------------------------------------------------------- measurements

async function http(base, url, headers = {}) {
  const t0 = process.hrtime.bigint();
  const res = await fetch(base + url, { headers });
  const body = await res.text();
  return {
    status: res.status,
    body,
    etag: res.headers.get('etag'),
    ms: Number(process.hrtime.bigint() - t0) / 1e6,
  };
}

/** The SQL knex sent while the server answered one request. */
async function captureSql(srv, url, headers) {
  await srv.call('captureStart');
  const res = await http(srv.base, url, headers);
  const statements = await srv.call('captureStop');
  if (res.status !== 200)
    throw new Error(`${url} answered ${res.status}: ${res.body.slice(0, 300)}`);
  return { statements, res };
}
const isRead = (st) => /^\s*select/i.test(st.sql);
const isTransaction = (st) => /^\s*(begin|commit|rollback|savepoint|release)/i.test(st.sql);

/** A type's row of the coverage answer: total, untagged and the sum of its stage counts. */
function findTypeCounts(data, uid) {
  const row = (data.rows ?? []).find((r) => r.uid === uid);
  if (!row) return null;
  return {
    total: row.total,
    untagged: row.untagged,
    tagSum: Object.values(row.cells).reduce((a, c) => a + c.count, 0),
  };
}

/** One figure from interleaved rounds: medians of rps and latencies, sums of counts. */
function mergeRounds(rs) {
  const sum = (f) => rs.reduce((a, r) => a + f(r), 0);
  const lat = Object.fromEntries(
    ['p50', 'p90', 'p99', 'max', 'mean'].map((k) => [k, median(rs.map((r) => r.latency[k]))])
  );
  return {
    rounds: rs.length,
    requests: sum((r) => r.requests),
    rps: median(rs.map((r) => r.rps)),
    latency: lat,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  };
}
const load = (url, connections, duration, headers) =>
  runJson('load.js', { url, connections, duration, headers });

async function measureAt(ctx, N) {
  const { srv, db, token } = ctx;
  const auth = { authorization: `Bearer ${token}` };
  const out = { N, heapPhases: {} };
  // The heap peak of the Strapi process per phase (a peak is live data plus garbage not yet collected).
  const phase = async (name, fn) => {
    await srv.call('heapReset');
    const r = await fn();
    out.heapPhases[name] = Math.max(
      out.heapPhases[name] ?? 0,
      MB((await srv.call('heap')).peakSinceReset)
    );
    return r;
  };
  const sqlLoop = (statements, duration = CONFIG.sqlDuration) =>
    runJson('sqlloop.js', {
      knex: db.knexConfig,
      statements,
      mode: 'loop',
      duration,
      concurrency: ctx.connections,
    });
  const sqlBatch = (statements) =>
    runJson('sqlloop.js', {
      knex: db.knexConfig,
      statements,
      mode: 'batch',
      iterations: CONFIG.coverageRuns,
    });
  const sqlRows = (statements) =>
    runJson('sqlloop.js', { knex: db.knexConfig, statements, mode: 'rows' });

  // SQL of one request of each kind (also: how many statements each one costs).
  // The first coverage request after the import rebuilds the maintained counts from grouped SQL.
  const rebuild = await phase('coverage rebuild', () => http(srv.base, URLS.coverage, auth));
  out.coverageRebuild = { ms: rebuild.ms, status: rebuild.status };
  log(
    `  N=${N} coverage after the import (counts rebuilt): ${rebuild.ms.toFixed(0)} ms, status ${rebuild.status}`
  );
  const rec = await captureSql(srv, URLS.recommend); // the first since seeding: computed
  const recCached = await captureSql(srv, URLS.recommend); // the same again: from the response cache
  const rest = await captureSql(srv, URLS.rest);
  const floorSql = await captureSql(srv, URLS.floor);
  let cov = null;
  try {
    await srv.call('write'); // record a request right after a write, not a cache hit
    cov = await captureSql(srv, URLS.coverage, auth);
  } catch (e) {
    out.coverageError = e.message.split('\n')[0].slice(0, 300);
    log(`  !!! N=${N} coverage FAILED: ${out.coverageError} (see ${srv.logFile})`);
  }
  out.recommendCount = JSON.parse(rec.res.body).data.length;
  out.restTotal = JSON.parse(rest.res.body).meta.pagination.total;
  const shape = (c) => ({
    total: c.statements.length,
    reads: c.statements.filter(isRead).length,
    transactions: c.statements.filter(isTransaction).length,
  });
  out.statements = {
    recommend: shape(rec),
    recommendCached: shape(recCached),
    floor: shape(floorSql),
    rest: shape(rest),
    ...(cov ? { coverage: shape(cov) } : {}),
  };
  out.sql = {
    recommendCached: recCached.statements.map((st) => st.sql),
    floor: floorSql.statements.map((st) => st.sql),
  };
  // One tier query: the whitepaper candidates of the exact tier (the type the core REST call reads).
  const tier = rec.statements.find(
    (st) =>
      isRead(st) &&
      /whitepapers/.test(st.sql) &&
      /stage_id["`]? in/i.test(st.sql) &&
      /limit/i.test(st.sql)
  );
  // The plugin's own statements of a coverage request after a write: the maintained counts of the
  // written type (base rows and pending deltas, services/coverage-counts.ts).
  const grouped = cov ? cov.statements.filter((st) => /journey_count/i.test(st.sql)) : [];
  Object.assign(out.sql, { tier: tier.sql, coverage: grouped.map((g) => g.sql) });

  // HTTP load: each kind warmed up, then measured in CONFIG.rounds interleaved rounds
  // (recommend, core REST, floor, recommend, …) so that the other work on a shared machine
  // weighs on all three alike; a figure is the median over the rounds, a ratio the median
  // of the rounds' ratios.
  const kinds = [
    ['recommend', URLS.recommend],
    ['rest', URLS.rest],
    ['floor', URLS.floor],
  ];
  for (const [, url] of kinds) await load(srv.base + url, ctx.connections, CONFIG.warmup);
  const rounds = Object.fromEntries(kinds.map(([key]) => [key, []]));
  for (let r = 0; r < CONFIG.rounds; r++) {
    for (const [key, url] of kinds)
      rounds[key].push(
        await phase(key, () =>
          load(srv.base + url, ctx.connections, CONFIG.duration / CONFIG.rounds)
        )
      );
  }
  for (const [key] of kinds) {
    out[key] = mergeRounds(rounds[key]);
    log(
      `  N=${N} ${key}: ${out[key].rps.toFixed(0)} req/s, p50 ${out[key].latency.p50} ms, p99 ${out[key].latency.p99} ms (medians of ${CONFIG.rounds} rounds), non-2xx ${out[key].non2xx}`
    );
  }
  const perRound = (f) =>
    median(rounds.recommend.map((rec, i) => f(rec, rounds.rest[i], rounds.floor[i])));
  out.ratios = {
    throughputVsRest: perRound((a, b) => a.rps / b.rps),
    p50VsFloor: perRound((a, _b, c) => a.latency.p50 / Math.max(1, c.latency.p50)),
    throughputVsFloor: perRound((a, _b, c) => a.rps / c.rps),
  };
  log(
    `  N=${N} ratios (median of rounds): recommend ÷ REST throughput ${out.ratios.throughputVsRest.toFixed(2)}×, recommend p50 ÷ floor p50 ${out.ratios.p50VsFloor.toFixed(2)}×`
  );
  // One request at a time, recommend and the floor alternating: the time of the path itself,
  // without the queue of ${CONFIG.connections} connections (whose p50 follows the machine's other load).
  const seq = { recommend: [], floor: [] };
  for (let k = 0; k < CONFIG.sequentialPairs; k++) {
    seq.recommend.push((await http(srv.base, URLS.recommend)).ms);
    seq.floor.push((await http(srv.base, URLS.floor)).ms);
  }
  out.sequential = {
    pairs: CONFIG.sequentialPairs,
    recommendP50: median(seq.recommend),
    floorP50: median(seq.floor),
  };
  out.sequential.ratio = out.sequential.recommendP50 / out.sequential.floorP50;
  log(
    `  N=${N} one at a time (${CONFIG.sequentialPairs} pairs): recommend p50 ${out.sequential.recommendP50.toFixed(2)} ms, floor ${out.sequential.floorP50.toFixed(2)} ms → ${out.sequential.ratio.toFixed(2)}×`
  );
  // The same recommend load with an editor saving a whitepaper every CONFIG.writeEveryMs:
  // each write moves a counter, so answers are recomputed after it (on every instance).
  const cacheBefore = await srv.call('cacheStats');
  await srv.call('writerStart', { everyMs: CONFIG.writeEveryMs });
  try {
    out.recommendWrites = await phase('recommend with a writer', () =>
      load(srv.base + URLS.recommend, ctx.connections, CONFIG.duration)
    );
  } finally {
    out.writer = await srv.call('writerStop');
  }
  const cacheAfter = await srv.call('cacheStats');
  // Answers computed (requests that missed together share one computation).
  if (cacheBefore && cacheAfter) {
    out.writer.cacheMisses = cacheAfter.misses - cacheBefore.misses;
    if (cacheAfter.computed !== undefined)
      out.writer.computed = cacheAfter.computed - cacheBefore.computed;
  }
  log(
    `  N=${N} recommend with a writer: ${out.recommendWrites.rps.toFixed(0)} req/s, p50 ${out.recommendWrites.latency.p50} ms, p99 ${out.recommendWrites.latency.p99} ms, ${out.writer.writes} writes (${out.writer.errors} failed), ${out.writer.cacheMisses ?? '?'} cache misses (${out.writer.computed ?? '?'} computations), non-2xx ${out.recommendWrites.non2xx}`
  );

  // The database's limit: the same SQL, straight through knex.
  out.sqlTier = await sqlLoop([tier]);
  out.sqlRecommendAll = await sqlLoop(rec.statements.filter(isRead));
  out.sqlRestAll = await sqlLoop(rest.statements.filter(isRead));
  log(
    `  N=${N} raw SQL: tier query ${out.sqlTier.perSecond.toFixed(0)}/s p50 ${out.sqlTier.p50.toFixed(2)} ms; ` +
      `all ${out.statements.recommend.reads} reads of a recommend ${out.sqlRecommendAll.perSecond.toFixed(0)}/s; ` +
      `all ${out.statements.rest.reads} reads of a REST find ${out.sqlRestAll.perSecond.toFixed(0)}/s`
  );

  // Coverage: sequential requests, heap of the Strapi process before / peak / after; each
  // followed by Strapi's own admin floor (ADMIN_FLOOR: the same admin JWT and session checks,
  // no plugin code), so that both see the same moment of the machine's load.
  const floor = [];
  if (!cov)
    for (let k = 0; k < CONFIG.coverageRuns; k++)
      floor.push((await http(srv.base, ADMIN_FLOOR, auth)).ms);
  if (cov) {
    for (let k = 0; k < 2; k++) await http(srv.base, URLS.coverage, auth);
    const before = await srv.call('heap', { gc: true });
    await srv.call('sampleStart', { everyMs: 5 });
    // Cold: the content version changes before each request (as after any write),
    // so every request counts; this is the cost the cache hides.
    const times = [];
    for (let k = 0; k < CONFIG.coverageRuns; k++) {
      await srv.call('write', { k });
      const r = await http(srv.base, URLS.coverage, auth);
      if (r.status !== 200) throw new Error(`coverage answered ${r.status}`);
      times.push(r.ms);
      const f = await http(srv.base, ADMIN_FLOOR, auth);
      if (f.status !== 200) throw new Error(`${ADMIN_FLOOR} answered ${f.status}`);
      floor.push(f.ms);
    }
    const sampled = await srv.call('sampleStop');
    const afterGc = await srv.call('heap', { gc: true });
    out.coverage = {
      runs: times.length,
      p50: median(times),
      p99: pct(times, 99),
      min: Math.min(...times),
      // Per pair (coverage, then the admin floor right after it): their ratio, median.
      vsAdminFloor: median(times.map((t, i) => t / floor[i])),
    };
    // Warm: nothing changed since the last request; the answer comes from the cache after one version read.
    const warm = [];
    for (let k = 0; k < CONFIG.coverageRuns; k++)
      warm.push((await http(srv.base, URLS.coverage, auth)).ms);
    out.coverageWarm = { runs: warm.length, p50: median(warm), p99: pct(warm, 99) };
    out.heap = {
      beforeMB: MB(before.heapUsed),
      peakMB: MB(sampled.peak),
      afterMB: MB(sampled.heapUsed),
      afterGcMB: MB(afterGc.heapUsed),
      peakAboveMB: MB(sampled.peak - before.heapUsed),
      retainedMB: MB(afterGc.heapUsed - before.heapUsed),
      samples: sampled.samples,
    };
    // Right after a write, with an editor saving every CONFIG.writeEveryMs meanwhile.
    await srv.call('writerStart', { everyMs: CONFIG.writeEveryMs });
    const busy = [];
    try {
      for (let k = 0; k < CONFIG.coverageRuns; k++)
        busy.push((await http(srv.base, URLS.coverage, auth)).ms);
    } finally {
      out.coverageWriter = await srv.call('writerStop');
    }
    out.coverageWrites = { runs: busy.length, p50: median(busy), p99: pct(busy, 99) };
    out.sqlCoverage = await sqlBatch(grouped);
  }
  out.adminFloor = { url: ADMIN_FLOOR, p50: median(floor) };
  if (cov) {
    log(
      `  N=${N} coverage right after a write: p50 ${out.coverage.p50.toFixed(1)} ms (with a writer running ${out.coverageWrites.p50.toFixed(1)} ms; its SQL alone ${out.sqlCoverage.p50.toFixed(1)} ms, Strapi's admin floor ${out.adminFloor.p50.toFixed(1)} ms, per pair ${out.coverage.vsAdminFloor.toFixed(2)}×); ` +
        `heap ${out.heap.beforeMB.toFixed(1)} → peak ${out.heap.peakMB.toFixed(1)} MB, after GC ${out.heap.afterGcMB.toFixed(1)} MB`
    );
  }

  // What-if (bench/lib/proposals.js): other query shapes and an index, on the same data.
  if (!CONFIG.whatIfAt(N)) return out;
  const candidate = proposals.candidateStatement({
    stageIds: ['b2b:research'],
    audiences: ['b2b', 'both'],
    limit: 3,
  });
  const coverageShape = proposals.coverageStatements(db.client);
  const w = {};
  w.candidate = await sqlLoop([candidate]);
  w.coverage = await sqlBatch(coverageShape);
  w.versionProbe = await sqlLoop(
    [proposals.versionProbeStatement()],
    Math.min(1, CONFIG.sqlDuration)
  );
  const indexes = proposals.candidateIndexes();
  await sqlRows(indexes.map((ix) => ({ sql: proposals.createIndexSql(ix), bindings: [] })));
  if (db.client === 'postgres')
    await sqlRows([
      { sql: `VACUUM ANALYZE ${indexes.map((ix) => ix.table).join(', ')}`, bindings: [] },
    ]);
  try {
    w.candidateIndexed = await sqlLoop([candidate]);
    w.tierIndexed = await sqlLoop([tier]);
    if (grouped.length) w.coverageTodayIndexed = await sqlBatch(grouped);
    w.coverageIndexed = await sqlBatch(coverageShape);
    if (CONFIG.prototypeAt(N)) {
      // The proposed recommend (bench/lib/prototype.js) over HTTP, beside core REST, both with the index.
      const checks = [
        URLS.recommend,
        '/api/journey/recommend?stage=b2c:purchase&limit=5',
        '/api/journey/recommend?stage=advocacy&audience=b2c&limit=3',
        '/api/journey/recommend?stage=consideration&limit=8',
      ];
      const originals = [];
      for (const url of checks) originals.push(await http(srv.base, url));
      await srv.call('prototype', { enable: true });
      try {
        const protos = [];
        for (const url of checks) protos.push(await http(srv.base, url));
        w.prototypeSameAnswers = protos.every(
          (p, i) => p.status === 200 && p.body === originals[i].body && p.etag === originals[i].etag
        );
        await load(srv.base + URLS.recommend, ctx.connections, CONFIG.warmup);
        w.prototype = await load(srv.base + URLS.recommend, ctx.connections, CONFIG.duration);
      } finally {
        await srv.call('prototype', { enable: false });
      }
      await load(srv.base + URLS.rest, ctx.connections, CONFIG.warmup);
      w.restIndexed = await load(srv.base + URLS.rest, ctx.connections, CONFIG.duration);
      log(
        `  N=${N} prototype recommend (with index): ${w.prototype.rps.toFixed(0)} req/s p50 ${w.prototype.latency.p50} p99 ${w.prototype.latency.p99} ms, same answers ${w.prototypeSameAnswers}; ` +
          `core REST with index ${w.restIndexed.rps.toFixed(0)} req/s p50 ${w.restIndexed.latency.p50} p99 ${w.restIndexed.latency.p99} ms`
      );
    }
    // Same answers? Strapi's whitepaper tier query vs the proposed statement's whitepaper
    // rows, and today's coverage counts vs the proposed ones (whitepapers).
    const [strapiRows, proposedRows, total, untagged, byStage] = (
      await sqlRows([tier, candidate, ...coverageShape.slice(3, 6)])
    ).rows;
    const proposedWp = proposedRows
      .filter((r) => r.content_type === 'api::whitepaper.whitepaper')
      .map((r) => Number(r.id));
    w.sameCandidates =
      JSON.stringify(strapiRows.map((r) => Number(r.id))) ===
      JSON.stringify(proposedWp.slice(0, strapiRows.length));
    w.candidateRows = proposedRows.length;
    if (cov) {
      const body = JSON.parse(cov.res.body).data;
      const wp = findTypeCounts(body, 'api::whitepaper.whitepaper');
      const n = (r) => Number(Object.values(r)[0]);
      w.sameCoverage = wp
        ? wp.total === n(total[0]) &&
          wp.untagged === n(untagged[0]) &&
          byStage.reduce((a, r) => a + Number(r.n), 0) === wp.tagSum
        : null;
    }
  } finally {
    await sqlRows(
      indexes.map((ix) => ({ sql: proposals.dropIndexSql(db.client, ix), bindings: [] }))
    );
  }
  out.whatIf = w;
  log(
    `  N=${N} what-if: one-statement candidates ${w.candidate.perSecond.toFixed(0)}/s → with index ${w.candidateIndexed.perSecond.toFixed(0)}/s ` +
      `(p50 ${w.candidateIndexed.p50.toFixed(2)} ms, same whitepaper candidates as Strapi's query: ${w.sameCandidates}); ` +
      `Strapi tier query with index ${w.tierIndexed.perSecond.toFixed(0)}/s; coverage SQL p50: today ${w.coverageTodayIndexed ? w.coverageTodayIndexed.p50.toFixed(1) : '–'} ms with index, ` +
      `plain counts ${w.coverage.p50.toFixed(1)} ms, with index ${w.coverageIndexed.p50.toFixed(1)} ms (same numbers: ${w.sameCoverage})`
  );
  return out;
}

/** Two Strapi processes on one PostgreSQL schema: same answers, load split across both. */
async function twoInstances(ctx, N) {
  const { db, token } = ctx;
  let a = ctx.srv;
  const b = await startServer(db.env, `${db.client}-b`);
  ctx.extra.push(b);
  let restartedA = false;
  if (b.build !== a.build) {
    // The plugin's dist/ was rebuilt (by someone else) since A booted: compare like with like.
    log(`  plugin build changed during the run (${a.build} → ${b.build}): restarting instance A`);
    await a.stop();
    a = ctx.srv = await startServer(db.env, db.client);
    restartedA = true;
  }
  try {
    const auth = { authorization: `Bearer ${token}` };
    const probes = [];
    const stageIds = JSON.parse(
      (await http(a.base, '/api/journey/stages')).body
    ).data.frameworks.flatMap((f) => f.stages.map((s) => ({ id: s.id, audience: f.audience })));
    for (const s of stageIds) {
      for (const audience of [s.audience, null]) {
        probes.push([
          `/api/journey/recommend?stage=${encodeURIComponent(s.id)}${audience && audience !== 'both' ? `&audience=${audience}` : ''}&limit=3`,
          {},
        ]);
      }
    }
    probes.push([
      '/api/journey/recommend?stage=consideration&audience=b2c&limit=10&types=whitepapers,case-studies',
      {},
    ]);
    probes.push([URLS.rest, {}], ['/api/journey/stages', {}]);
    for (const q of ['', '?audience=b2b', '?audience=b2c', '?status=draft', '?locale=en'])
      probes.push([URLS.coverage + q, auth]);
    const mismatches = [];
    let etags = 0;
    let ok = 0;
    for (const [url, headers] of probes) {
      const [ra, rb] = await Promise.all([http(a.base, url, headers), http(b.base, url, headers)]);
      if (ra.status !== 200 || rb.status !== 200 || ra.body !== rb.body || ra.etag !== rb.etag)
        mismatches.push({
          url,
          a: ra.status,
          b: rb.status,
          sameBody: ra.body === rb.body,
          etagA: ra.etag,
          etagB: rb.etag,
        });
      if (ra.etag && ra.etag === rb.etag) etags++;
      if (ra.status === 200 && rb.status === 200) ok++;
    }
    // A conditional request answered by the other instance: the ETag from A is current on B.
    const first = await http(a.base, URLS.recommend);
    const cross = await fetch(b.base + URLS.recommend, {
      headers: { 'if-none-match': first.etag },
    });
    log(
      `  two instances: ${probes.length - mismatches.length}/${probes.length} identical (status, body, ETag; ${ok} answered 200 on both), If-None-Match from A on B → ${cross.status}`
    );

    const half = Math.max(1, Math.floor(ctx.connections / 2));
    await Promise.all([
      load(a.base + URLS.recommend, half, CONFIG.warmup),
      load(b.base + URLS.recommend, half, CONFIG.warmup),
    ]);
    const [la, lb] = await Promise.all([
      load(a.base + URLS.recommend, half, CONFIG.duration),
      load(b.base + URLS.recommend, half, CONFIG.duration),
    ]);
    // And the same requests once more after the load: still identical.
    const after = await Promise.all(
      probes.slice(0, 6).map(async ([url, headers]) => {
        const [ra, rb] = await Promise.all([
          http(a.base, url, headers),
          http(b.base, url, headers),
        ]);
        return ra.body === rb.body && ra.etag === rb.etag;
      })
    );
    const result = {
      N,
      builds: [a.build, b.build],
      restartedA,
      probes: probes.length,
      identical: probes.length - mismatches.length,
      answered200: ok,
      etagsCompared: etags,
      mismatches,
      crossConditionalStatus: cross.status,
      identicalAfterLoad: after.every(Boolean),
      a: la,
      b: lb,
      rps: la.rps + lb.rps,
      non2xx: la.non2xx + lb.non2xx + la.errors + lb.errors + la.timeouts + lb.timeouts,
    };
    log(
      `  two instances under load: ${la.rps.toFixed(0)} + ${lb.rps.toFixed(0)} = ${result.rps.toFixed(0)} req/s (p99 ${la.latency.p99} / ${lb.latency.p99} ms), non-2xx ${result.non2xx}`
    );
    return result;
  } finally {
    await b.stop();
    ctx.extra.splice(ctx.extra.indexOf(b), 1);
  }
}

async function benchDatabase(client) {
  const db = await createDatabase(client);
  openDbs.add(db);
  const version = await db.version();
  log(`${client}: ${version}, database ${db.name}`);
  const ctx = { db, extra: [], connections: CONFIG.connections };
  const result = { client, version, points: [], seeding: [] };
  try {
    ctx.srv = await startServer(db.env, client);
    result.bootMs = ctx.srv.bootMs;
    result.build = ctx.srv.build;
    log(`  Strapi pid ${ctx.srv.pid} listening on ${ctx.srv.base} after ${ctx.srv.bootMs} ms`);
    await ctx.srv.call('setup', { ...ADMIN, publicActions: PUBLIC_ACTIONS });
    const login = await fetch(`${ctx.srv.base}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    ctx.token = (await login.json())?.data?.token;
    if (!ctx.token) throw new Error(`admin login failed: ${login.status}`);
    const heapStart = await ctx.srv.call('heap', { gc: true });

    let seeded = 0;
    for (const N of CONFIG.sizes) {
      const s = await ctx.srv.call('seed', { from: seeded, to: N });
      seeded = N;
      result.seeding.push({ N, ...s });
      log(
        `  seeded ${s.documents} documents (${s.rows} rows, ${s.links} link rows) in ${s.ms} ms → N = ${N}`
      );
      // The seeding runs inside the Strapi process (bench work, not the plugin's): the heap peak
      // is tracked from after it, through every measurement of this N.
      await ctx.srv.call('heap', { gc: true });
      await ctx.srv.call('heapReset');
      const point = await measureAt(ctx, N);
      point.heapPeakMB = Math.max(
        MB((await ctx.srv.call('heap')).peakSinceReset),
        ...Object.values(point.heapPhases)
      );
      log(
        `  N=${N} heap peak by phase (MB): ${Object.entries(point.heapPhases)
          .map(([k, v]) => `${k} ${v.toFixed(0)}`)
          .join(', ')}`
      );
      result.points.push(point);
    }
    result.counts = await ctx.srv.call('counts');
    const heapEnd = await ctx.srv.call('heap', { gc: true });
    const peakMB = Math.max(...result.points.map((p) => p.heapPeakMB));
    result.heapRun = {
      startMB: MB(heapStart.heapUsed),
      peakMB,
      endMB: MB(heapEnd.heapUsed),
      // Growth over the whole run: live heap (after a forced GC) at the end minus at the start.
      growthMB: MB(heapEnd.heapUsed - heapStart.heapUsed),
      // The highest heapUsed sampled during the measurements (live data plus garbage not yet collected).
      peakAboveStartMB: peakMB - MB(heapStart.heapUsed),
    };
    log(
      `  heap over the run: ${result.heapRun.startMB.toFixed(1)} MB after GC at the start → ${result.heapRun.endMB.toFixed(1)} MB after GC at the end (growth ${result.heapRun.growthMB.toFixed(1)} MB); peak during the measurements ${result.heapRun.peakMB.toFixed(1)} MB`
    );
    result.buildAtEnd = currentBuild();
    if (result.buildAtEnd !== result.build)
      log(
        `  !!! the plugin's dist/ was rebuilt during the ${client} measurements (${result.build} → ${result.buildAtEnd})`
      );
    if (client === 'postgres' && CONFIG.twoInstances)
      result.twoInstances = await twoInstances(ctx, seeded);
    return result;
  } finally {
    for (const s of ctx.extra) await s.stop();
    if (ctx.srv) await ctx.srv.stop();
    await db.drop();
    openDbs.delete(db);
  }
}

async function main() {
  const reportFrom = option('report');
  if (reportFrom) {
    // Regenerate the report (e.g. after editing bench/analysis.md) from a saved run; measures nothing.
    const results = JSON.parse(fs.readFileSync(path.resolve(reportFrom), 'utf8'));
    const out = option('out') ? CONFIG.out : path.resolve(ROOT, results.config.out);
    const files = writeReport(results, out, ROOT);
    log(
      `report of the ${results.config.mode} run of ${results.machine.date} regenerated: ${files.map((f) => path.relative(ROOT, f)).join(', ')}`
    );
    return;
  }
  ensureBuilt();
  const results = {
    config: { ...CONFIG, out: path.relative(ROOT, CONFIG.out) },
    machine: machine(),
    urls: URLS,
    databases: [],
    skipped: [],
  };
  log(
    `${CONFIG.mode} run: ${CONFIG.dbs.join(', ')}; N = ${CONFIG.sizes.join(', ')}; ${CONFIG.duration} s per load run; logs in ${LOG_DIR()}`
  );
  for (const client of CONFIG.dbs) {
    if (!(await isAvailable(client))) {
      console.log(`!!! SKIPPED: ${client} is not reachable — its benchmarks did NOT run`);
      results.skipped.push(client);
      continue;
    }
    results.databases.push(await benchDatabase(client));
  }
  results.machine.loadavgEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
  results.wallSeconds = (Date.now() - T0) / 1000;
  const files = writeReport(results, CONFIG.out, ROOT);
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const json = path.join(ROOT, 'bench/results', `${CONFIG.mode}.json`);
  fs.writeFileSync(json, JSON.stringify(results, null, 2));
  log(
    `done in ${results.wallSeconds.toFixed(0)} s; wrote ${[...files, json].map((f) => path.relative(ROOT, f)).join(', ')}`
  );
}

/** On Ctrl-C or a crash: kill every child by its PID, then drop the databases still open. */
async function abort(code) {
  killAll();
  await Promise.race([
    Promise.all([...openDbs].map((db) => db.drop().catch(() => {}))),
    new Promise((r) => setTimeout(r, 10000)),
  ]);
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => abort(130));
main().catch((e) => {
  console.error(e);
  abort(1);
});
