#!/usr/bin/env node
'use strict';
/**
 * `node bench/visitor.js` — the cost of visitor signals, and what edge mode does for a CDN.
 *
 * 1. Throughput (per database, same run, same server): recommend with `seen` = 20 ids
 *    and UTM parameters (the stage inferred) against the same request with the stage
 *    it infers given explicitly (also: explicit stage + the 20 ids as `exclude`).
 *    Runs alternate A, B, C, then B, C, A, … and the medians of per-round ratios are compared.
 * 2. Simulation (pure, no server): 100,000 visitors walk the demo library forward
 *    through the journey; every page view asks for recommendations as the typed
 *    client would, in server mode and in edge mode. Distinct request URLs = what a
 *    CDN must fetch at least once: best possible hit ratio = 1 − distinct / requests.
 *
 *    Then the same three requests paired one by one (--paired times each): the
 *    ratio of median server times, which the machine's other load skews far less.
 * Options: --dbs=sqlite,postgres,mysql --n=10000 --duration=3 --rounds=9 --paired=200 --visitors=100000
 *          --out=bench/results (writes visitor.json there; the report section goes to bench/visitor.md)
 * Servers start at JOURNEY_BENCH_PORT (default 1460) within 1400-1499.
 */
process.env.JOURNEY_BENCH_PORT ??= '1460';
const fs = require('fs');
const path = require('path');
const { createDatabase, isAvailable, APP_DIR } = require('./lib/db');
const { startServer, runJson, killAll } = require('./lib/proc');

const ROOT = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const option = (name, fallback) =>
  argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const CONFIG = {
  dbs: option('dbs', 'sqlite,postgres,mysql').split(','),
  n: Number(option('n', 10000)),
  duration: Number(option('duration', 3)),
  rounds: Number(option('rounds', 9)),
  visitors: Number(option('visitors', 100000)),
  paired: Number(option('paired', 200)),
  out: path.resolve(ROOT, option('out', 'bench/results')),
  connections: 10,
};
const RULES = [
  { signal: 'utm_campaign', pattern: 'pricing-*', phase: 'decision', weight: 1 },
  { signal: 'utm_source', pattern: 'linkedin', audience: 'b2b', weight: 1 },
  { signal: 'utm_medium', pattern: 'email', phase: 'retention', weight: 0.5 },
  { signal: 'referrer', pattern: '*google.*', phase: 'awareness', weight: 0.5 },
];
const PUBLIC_ACTIONS = [
  'api::blog-post.blog-post.find',
  'api::whitepaper.whitepaper.find',
  'api::case-study.case-study.find',
  'plugin::journey.stage.find',
  'plugin::journey.recommend.find',
  'plugin::journey.visitor.find',
  'plugin::journey.visitor.model',
];
const client = require(path.join(ROOT, 'dist/client/index.js'));
const log = (...a) =>
  console.log(`[visitor bench ${((Date.now() - T0) / 1000).toFixed(0).padStart(4)}s]`, ...a);
const T0 = Date.now();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const getJson = async (base, url) => {
  const res = await fetch(base + url);
  const body = await res.json();
  if (res.status !== 200)
    throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
};

// ------------------------------------------------------------------ throughput

async function throughput(dbClient) {
  const db = await createDatabase(dbClient);
  let srv;
  try {
    srv = await startServer(
      { ...db.env, JOURNEY_TEST_CONFIG: JSON.stringify({ visitor: { rules: RULES } }) },
      `visitor-${dbClient}`
    );
    await srv.call('setup', {
      email: 'bench@journey.local',
      password: 'BenchAdmin1',
      publicActions: PUBLIC_ACTIONS,
    });
    const seeded = await srv.call('seed', { from: 0, to: CONFIG.n });
    log(`${dbClient}: seeded ${seeded.documents} documents in ${seeded.ms} ms`);

    // 20 read entries across the journey, oldest (awareness) first, as a real history would be.
    const seen = [];
    for (const stage of [
      'b2b:problem-recognition',
      'b2b:research',
      'b2b:consideration',
      'b2b:selection',
    ]) {
      const { data } = await getJson(
        srv.base,
        `/api/journey/recommend?stage=${stage}&audience=b2b&limit=5`
      );
      seen.push(...data.map((d) => d.documentId));
    }
    if (seen.length !== 20) throw new Error(`expected 20 seen ids, got ${seen.length}`);
    const signals = `seen=${seen.join(',')}&utm_source=linkedin&utm_medium=social&utm_campaign=pricing-q4`;
    const inferredUrl = `/api/journey/recommend?limit=3&${signals}`;
    // The first signals request reads the seen entries' tags (nothing remembered yet): its SQL.
    await srv.call('captureStart');
    const inferred = await getJson(srv.base, inferredUrl);
    const firstSelects = (await srv.call('captureStop')).filter((st) =>
      /^\s*select/i.test(st.sql)
    ).length;
    const { stage, audience } = inferred.meta;
    const explicitUrl = `/api/journey/recommend?stage=${stage}&audience=${audience}&limit=3`;
    const excludeUrl = `${explicitUrl}&exclude=${seen.join(',')}`;
    const same = await getJson(srv.base, excludeUrl);
    const sameEntries =
      JSON.stringify(same.data.map((d) => d.documentId)) ===
      JSON.stringify(inferred.data.map((d) => d.documentId));

    const urls = { explicit: explicitUrl, explicitExclude: excludeUrl, signals: inferredUrl };
    // Two modes: "cached" = the same URL repeated (the response cache answers after the first
    // request); "computed" = every request a cache miss (bench/lib/server.js `responseCache`),
    // as when every visitor's history, and so every URL, is distinct.
    const modes = {};
    for (const mode of ['computed', 'cached']) {
      await srv.call('responseCache', { reuse: mode === 'cached' });
      modes[mode] = await measureKinds(srv, urls);
      const m = modes[mode];
      log(
        `${dbClient} ${mode}: per-round signals ÷ explicit ${m.ratio.toFixed(2)}, paired ${m.pairedRatio.toFixed(2)}, CPU ${m.cpuRatio.toFixed(2)}; ` +
          `rounds ${m.runs.signals.map((x) => x.toFixed(0)).join('/')} vs ${m.runs.explicit.map((x) => x.toFixed(0)).join('/')} req/s`
      );
    }
    await srv.call('responseCache', { reuse: true });
    // The statements each kind costs (from knex's query event in the server): a computed request.
    const statements = {};
    await srv.call('responseCache', { reuse: false });
    for (const [key, url] of Object.entries(urls)) {
      await srv.call('captureStart');
      await fetch(srv.base + url).then((r) => r.arrayBuffer());
      statements[key] = (await srv.call('captureStop')).filter((st) =>
        /^\s*select/i.test(st.sql)
      ).length;
    }
    await srv.call('responseCache', { reuse: true });
    return {
      db: dbClient,
      n: CONFIG.n,
      stage,
      audience,
      visitor: {
        phase: inferred.meta.visitor.phase,
        confidence: inferred.meta.visitor.confidence,
        reason: inferred.meta.visitor.reason,
      },
      sameEntriesAsExplicitExclude: sameEntries,
      modes,
      selects: statements,
      firstSignalsSelects: firstSelects,
    };
  } finally {
    await srv?.stop();
    await db.drop();
  }
}

/**
 * The three kinds under load in interleaved rounds (ratios per round, then the median),
 * with the server's CPU time per request; then paired one request at a time.
 */
async function measureKinds(srv, urls) {
  const runs = { explicit: [], explicitExclude: [], signals: [] };
  const cpu = { explicit: [], explicitExclude: [], signals: [] };
  for (const url of Object.values(urls))
    await runJson('load.js', { url: srv.base + url, connections: CONFIG.connections, duration: 1 });
  const kinds = Object.entries(urls);
  for (let r = 0; r < CONFIG.rounds; r++) {
    // Each round starts with another kind (A B C, B C A, C A B, …): a kind that always ran
    // right after the same other one would carry its after-effects (GC debt, caches) every time.
    const order = kinds.map((_, i) => kinds[(i + r) % kinds.length]);
    for (const [key, url] of order) {
      const c0 = await srv.call('cpu');
      const res = await runJson('load.js', {
        url: srv.base + url,
        connections: CONFIG.connections,
        duration: CONFIG.duration,
      });
      const c1 = await srv.call('cpu');
      if (res.non2xx) throw new Error(`${key}: ${res.non2xx} non-2xx answers`);
      runs[key].push(res.rps);
      cpu[key].push((c1 - c0) / 1000 / res.requests);
    }
  }
  const perRound = (a, b) => median(runs[a].map((x, i) => x / runs[b][i]));
  // Paired, request by request: A, B, C, A, B, C … one at a time, so the machine's other
  // load hits the three kinds alike; per-request server time ratio ≈ throughput ratio.
  const ms = { explicit: [], explicitExclude: [], signals: [] };
  for (let k = 0; k < CONFIG.paired; k++) {
    for (const [key, url] of Object.entries(urls)) {
      const t0 = process.hrtime.bigint();
      const res = await fetch(srv.base + url);
      await res.arrayBuffer();
      ms[key].push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const p50 = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, median(v)]));
  const cpuMs = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v)]));
  return {
    runs,
    rps: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)])),
    ratio: perRound('signals', 'explicit'),
    ratioVsExclude: perRound('signals', 'explicitExclude'),
    pairedP50: p50,
    pairedRatio: p50.explicit / p50.signals,
    pairedRatioVsExclude: p50.explicitExclude / p50.signals,
    cpuMs,
    cpuRatio: cpuMs.explicit / cpuMs.signals,
  };
}

// ------------------------------------------------------------------ simulation

/** mulberry32 */
const prng = (seed) => () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

function simulate(model) {
  const { DEMO_ENTRIES } = require(path.join(APP_DIR, 'dist/src/demo/content.js'));
  const phaseOf = new Map(
    model.taxonomy.frameworks.flatMap((f) => f.stages.map((s) => [s.id, s.phase]))
  );
  const phases = model.taxonomy.phases.map((p) => p.key);
  const library = DEMO_ENTRIES.filter((e) => !e.draft && e.stages.length).map((e, i) => ({
    documentId: `demo${String(i).padStart(3, '0')}aaaaaaaaaaaaaaaa`,
    stages: e.stages,
    audience: e.audience,
    phase: phases.indexOf(phaseOf.get(e.stages[0])),
  }));
  const campaigns = [
    {},
    {},
    {},
    { utm_source: 'linkedin', utm_medium: 'social', utm_campaign: 'pricing-q4' },
    { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'brand' },
    { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'customers-nov' },
    { referrer: 'https://www.google.com/' },
    { referrer: 'https://news.ycombinator.com/' },
  ];
  const base = { limit: 3, fields: ['title', 'summary'] };
  const modes = { server: new Map(), edge: new Map() };
  let requests = 0;
  const hit = (mode, url) => modes[mode].set(url, (modes[mode].get(url) ?? 0) + 1);
  const random = prng(20261201);
  const opts = { rules: model.rules, weights: model.weights, defaultStage: model.defaultStage };

  for (let v = 0; v < CONFIG.visitors; v++) {
    const audience = random() < 0.5 ? 'b2b' : 'b2c';
    const signals = campaigns[Math.floor(random() * campaigns.length)];
    const reads = 1 + Math.floor(random() * 6);
    const seen = [];
    let phase = 0;
    // Edge mode fetches the model once per visit (one URL for everyone).
    hit('edge', '/api/journey/visitor/model');
    for (let step = 0; step <= reads; step++) {
      // Page view: the landing page (no read yet), then after each read, the next step after it.
      const from = seen[seen.length - 1];
      requests++;
      const serverQuery = [
        client.recommendQuery({ ...base, stage: 'auto' }),
        client.signalsQuery({ seen, signals }),
        from ? `from=${from.documentId}` : '',
      ]
        .filter(Boolean)
        .join('&');
      hit('server', `/api/journey/recommend?${serverQuery}`);
      const inference = client.inferVisitorStage(model.taxonomy, { seen, signals }, opts);
      const next = from ? client.nextStage(model.taxonomy, from.stages[0]) : null;
      const edgeQuery = client.recommendQuery({
        ...base,
        stage: next ?? inference.stage,
        audience: inference.audience ?? undefined,
        limit: base.limit + client.EDGE_EXTRA,
      });
      hit('edge', `/api/journey/recommend?${edgeQuery}`);
      if (step === reads) break;
      // Read one more entry: same phase or one forward (sometimes back), of the visitor's audience.
      const r = random();
      phase = Math.max(0, Math.min(phases.length - 1, phase + (r < 0.45 ? 1 : r < 0.9 ? 0 : -1)));
      const pool = library.filter(
        (e) =>
          e.phase === phase &&
          (e.audience === audience || e.audience === 'both') &&
          !seen.includes(e)
      );
      const fallback = library.filter(
        (e) => (e.audience === audience || e.audience === 'both') && !seen.includes(e)
      );
      const pick = (pool.length ? pool : fallback)[
        Math.floor(random() * (pool.length || fallback.length))
      ];
      if (pick) seen.push(pick);
    }
  }
  const summary = (mode, extra = 0) => {
    const total = requests + extra;
    const distinct = modes[mode].size;
    return { requests: total, distinctUrls: distinct, bestHitRatio: 1 - distinct / total };
  };
  return {
    visitors: CONFIG.visitors,
    library: library.length,
    server: summary('server'),
    edge: summary('edge', CONFIG.visitors),
  };
}

// ------------------------------------------------------------------ main

async function main() {
  fs.mkdirSync(CONFIG.out, { recursive: true });
  const os = require('os');
  const results = {
    date: new Date().toISOString(),
    config: CONFIG,
    loadStart: os.loadavg().map((x) => Number(x.toFixed(1))),
    throughput: [],
    simulation: null,
  };
  for (const db of CONFIG.dbs) {
    if (!(await isAvailable(db))) {
      log(`!!! SKIPPED ${db}: not reachable`);
      continue;
    }
    const r = await throughput(db);
    results.throughput.push(r);
    for (const [mode, m] of Object.entries(r.modes))
      log(
        `${db} ${mode}: signals ÷ explicit ${m.ratio.toFixed(2)} per round (vs explicit + exclude ${m.ratioVsExclude.toFixed(2)}); paired ${m.pairedRatio.toFixed(2)} (${m.pairedRatioVsExclude.toFixed(2)}); CPU ${m.cpuRatio.toFixed(2)}`
      );
  }

  // The model the simulation infers with: the example app's taxonomy and the same rules (pure, no server).
  const { buildTaxonomy, publicTaxonomy, DEFAULT_VISITOR_WEIGHTS } = loadModel();
  const model = {
    taxonomy: publicTaxonomy(buildTaxonomy()),
    rules: RULES,
    weights: DEFAULT_VISITOR_WEIGHTS,
    defaultStage: null,
  };
  results.simulation = simulate(model);
  const s = results.simulation;
  log(
    `simulation: ${s.visitors} visitors, ${s.server.requests} page views; server mode ${s.server.distinctUrls} distinct URLs (best hit ratio ${(100 * s.server.bestHitRatio).toFixed(1)} %), edge mode ${s.edge.distinctUrls} (${(100 * s.edge.bestHitRatio).toFixed(2)} %)`
  );
  results.loadEnd = require('os')
    .loadavg()
    .map((x) => Number(x.toFixed(1)));
  fs.writeFileSync(path.join(CONFIG.out, 'visitor.json'), JSON.stringify(results, null, 2) + '\n');
  // The section docs/benchmarks.md includes (bench/lib/report.js), committed like bench/contention.md.
  fs.writeFileSync(path.join(ROOT, 'bench/visitor.md'), markdown(results));
  log(
    `wrote ${path.relative(ROOT, path.join(CONFIG.out, 'visitor.json'))} and bench/visitor.md (its section of docs/benchmarks.md; npm run bench -- --report=bench/results/full.json puts it in)`
  );
}

const NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL', mysql: 'MariaDB' };
const int = (n) => Math.round(n).toLocaleString('en-US');

/** The "Visitor signals" section of docs/benchmarks.md. */
function markdown(r) {
  const c = r.config;
  const s = r.simulation;
  const x = (v) => `${v.toFixed(2)}×`;
  const GOAL = 0.9;
  const modeRows = (mode) =>
    r.throughput.map((t) => {
      const m = t.modes[mode];
      return (
        `| ${NAMES[t.db]} | ${mode} | ${int(m.rps.signals)} / ${int(m.rps.explicit)} / ${int(m.rps.explicitExclude)} | ` +
        `**${x(m.ratio)}** | ${x(m.ratioVsExclude)} | ` +
        `${m.pairedP50.signals.toFixed(1)} / ${m.pairedP50.explicit.toFixed(1)} / ${m.pairedP50.explicitExclude.toFixed(1)} | **${x(m.pairedRatio)}** | ` +
        `${m.cpuMs.signals.toFixed(2)} / ${m.cpuMs.explicit.toFixed(2)} | ${x(m.cpuRatio)} |`
      );
    });
  const verdict = (mode, key) => {
    const values = r.throughput.map((t) => t.modes[mode][key]);
    return `${values.every((v) => v >= GOAL) ? '**met**' : '**missed**'} (${r.throughput.map((t) => `${NAMES[t.db]} ${x(t.modes[mode][key])}`).join(', ')})`;
  };
  const lines = [
    '## Visitor signals (`node bench/visitor.js`)',
    '',
    `Generated by \`node bench/visitor.js\` on ${r.date.slice(0, 10)} (its own run, not part of \`npm run bench\`): N = ${int(c.n)} seeded documents per database (the seed above), one Strapi process per database. ` +
      `Load: autocannon, ${c.connections} connections, ${c.rounds} rounds of ${c.duration} s, the three kinds alternating within each round, each round starting with the next kind (A B C, B C A, C A B, …); a throughput ratio is the median of the rounds' ratios. ` +
      `Paired: ${c.paired} × the three kinds one request at a time (A, B, C, A, …), median wall time per kind. CPU: the Strapi process's CPU time (user + system) per request during the rounds, median of the rounds. ` +
      'Config rules: `utm_campaign` `pricing-*` → decision, `utm_source` `linkedin` → b2b, `utm_medium` `email` → retention (0.5), `referrer` `*google.*` → awareness (0.5).',
    '',
    '- **signals**: `recommend?limit=3&seen=<20 ids>&utm_source=linkedin&utm_medium=social&utm_campaign=pricing-q4` — 20 entries read along the B2B journey (5 each from problem-recognition, research, consideration, selection), the stage inferred;',
    '- **explicit**: the same request as a frontend that knows the stage sends it: `stage=<the inferred stage>&audience=<the inferred audience>&limit=3`;',
    '- **explicit + exclude**: the same with the 20 ids as `exclude` (the same entries come back as with signals: ' +
      `${
        r.throughput.every((t) => t.sameEntriesAsExplicitExclude)
          ? 'checked, yes on every database'
          : '**not** on ' +
            r.throughput
              .filter((t) => !t.sameEntriesAsExplicitExclude)
              .map((t) => NAMES[t.db])
              .join(', ')
      }).`,
    '',
    "Two modes, each on the same server in the same run: **computed** — every request is a response-cache miss (the bench gives each request a cache key no other has; the change counters are still read and the answer computed), as when every visitor's history and so every URL is distinct; **cached** — the same URL repeated, answered from the response cache after the first request. " +
      "In both, the seen entries' tags and the stored rules are read once per change counter value (`server/src/services/visitor.ts`): the first signals request read them " +
      `(${r.throughput.map((t) => `${NAMES[t.db]}: ${t.firstSignalsSelects} SELECTs`).join(', ')}), later computations of the same history do not ` +
      `(computed SELECTs signals / explicit / + exclude: ${r.throughput.map((t) => `${NAMES[t.db]} ${t.selects.signals} / ${t.selects.explicit} / ${t.selects.explicitExclude}`).join(', ')}).`,
    '',
    '| database | mode | req/s signals / explicit / + exclude (medians) | **throughput signals ÷ explicit** | ÷ explicit + exclude | paired p50 ms signals / explicit / + exclude | **paired (explicit p50 ÷ signals p50)** | CPU ms per request signals / explicit | CPU explicit ÷ signals |',
    '|---|---|---|---|---|---|---|---|---|',
    ...modeRows('computed'),
    ...modeRows('cached'),
    '',
    `Inferred on every database: ${[...new Set(r.throughput.map((t) => `${t.stage}, ${t.audience} (confidence ${t.visitor.confidence})`))].join('; ')}. ` +
      `Load average at the start and end of the run: ${r.loadStart.join(' / ')} → ${r.loadEnd.join(' / ')} (2 CPUs shared with other sessions: single rounds swing; the per-round ratios, the paired medians and CPU per request are the steadier figures).`,
    '',
    `Rounds (req/s, signals vs explicit): ${r.throughput.map((t) => `${NAMES[t.db]} computed ${t.modes.computed.runs.signals.map(int).join('/')} vs ${t.modes.computed.runs.explicit.map(int).join('/')}, cached ${t.modes.cached.runs.signals.map(int).join('/')} vs ${t.modes.cached.runs.explicit.map(int).join('/')}`).join('; ')}.`,
    '',
    `Target (issue #12): signals ≥ ${GOAL}× the explicit-stage request, all three databases, same run — computed, by throughput: ${verdict('computed', 'ratio')}; paired: ${verdict('computed', 'pairedRatio')}; cached, by throughput: ${verdict('cached', 'ratio')}; paired: ${verdict('cached', 'pairedRatio')}.`,
    '',
    `**CDN simulation** (pure, \`plugin/src\` code, no server): ${int(s.visitors)} visitors walk the demo library (${s.library} published, tagged entries): ` +
      'each picks an audience, arrives with one of eight campaign/referrer mixes (three of them none), reads 1–6 entries moving forward through the phases ' +
      '(45 % next phase, 45 % same, 10 % back), and on every page view (landing, then after each read, asking for the step after the entry just read) the typed client ' +
      'requests recommendations. Server mode sends `seen`, the UTM/referrer signals and `from`; edge mode infers locally and requests `stage`, `audience`, `limit` (+ ' +
      "fields) only, plus one `/visitor/model` per visit. A URL's first request is a miss, every later one can be a hit: best hit ratio = 1 − distinct URLs ÷ requests.",
    '',
    '| mode | requests | distinct URLs | best possible CDN hit ratio |',
    '|---|---|---|---|',
    `| server | ${int(s.server.requests)} | ${int(s.server.distinctUrls)} | ${(100 * s.server.bestHitRatio).toFixed(1)} % |`,
    `| edge | ${int(s.edge.requests)} | ${int(s.edge.distinctUrls)} | ${(100 * s.edge.bestHitRatio).toFixed(3)} % |`,
    '',
  ];
  return lines.join('\n');
}

/** The pure model (plugin/src), bundled with esbuild: the same code the server and the client run. */
function loadModel() {
  const esbuild = require('esbuild');
  const out = esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'plugin/src/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
  });
  const m = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(m, m.exports, require);
  return m.exports;
}

process.on('SIGINT', () => {
  killAll();
  process.exit(130);
});
main().catch((e) => {
  console.error(e);
  killAll();
  process.exit(1);
});
