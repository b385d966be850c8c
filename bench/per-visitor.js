#!/usr/bin/env node
'use strict';
/**
 * `node bench/per-visitor.js` — every visitor's own request (issue #22): a cache miss each
 * time, against Strapi's core `find` with the same filters and exclusions, and against
 * the cached recommend answer, on the same server in the same run.
 *
 *   per-visitor  GET /api/journey/recommend?stage=auto&seen=<5 ids>&limit=3, a different 5
 *                published whitepapers per request (2,000 distinct paths, taken in turn),
 *                each a response-cache miss (as a visitor's own URL is)
 *   core find    GET /api/whitepapers with the stage (b2b:research) and audience filters,
 *                documentId $notIn the same 5 ids, newest first, 3 per page
 *   cached       GET /api/journey/recommend?stage=research&audience=b2b&limit=3, repeated
 *   per-visitor, no entry cache   the per-visitor requests with every served entry loaded and
 *                sanitized again (what recommend did before services/entry-cache.ts)
 *   per-visitor, no candidate cache   the per-visitor requests with every tier's candidates
 *                read by the SQL, NOT IN and all (before services/candidate-cache.ts): the
 *                baseline of the candidate cache, in the same run
 *
 * Rounds alternate the three (A B C, B C A, C A B, …); the report gives each round's
 * req/s and the medians of the per-round ratios, which the machine's other load skews
 * far less than absolute numbers.
 * Options: --dbs=sqlite,postgres,mysql --n=1800 --duration=3 --rounds=9 --connections=10
 *          --out=bench/results (writes per-visitor-<n>.json)
 * Servers start at JOURNEY_BENCH_PORT (default 1470) within 1400-1499.
 */
process.env.JOURNEY_BENCH_PORT ??= '1470';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createDatabase, isAvailable } = require('./lib/db');
const { startServer, runJson, killAll } = require('./lib/proc');
const URLS = require('./lib/urls');

const ROOT = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const option = (name, fallback) =>
  argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const CONFIG = {
  dbs: option('dbs', 'sqlite,postgres,mysql').split(','),
  n: Number(option('n', 1800)),
  duration: Number(option('duration', 3)),
  rounds: Number(option('rounds', 9)),
  connections: Number(option('connections', 10)),
  out: path.resolve(ROOT, option('out', 'bench/results')),
};
const PATHS = 2000;
const PUBLIC_ACTIONS = [
  'api::blog-post.blog-post.find',
  'api::whitepaper.whitepaper.find',
  'api::case-study.case-study.find',
  'plugin::journey.stage.find',
  'plugin::journey.recommend.find',
];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const log = (...a) => console.log('[per-visitor bench]', ...a);

const pathsFor = (ids) => {
  const visitor = [];
  const core = [];
  for (let i = 0; i < PATHS; i += 1) {
    const seen = ids.slice((i * 5) % (ids.length - 5), ((i * 5) % (ids.length - 5)) + 5);
    visitor.push(`/api/journey/recommend?stage=auto&seen=${seen.join(',')}&limit=3`);
    core.push(
      '/api/whitepapers?filters[journeyStages][stageId][$eq]=b2b:research' +
        '&filters[journeyAudience][$in][0]=b2b&filters[journeyAudience][$in][1]=both' +
        seen.map((id, k) => `&filters[documentId][$notIn][${k}]=${id}`).join('') +
        '&pagination[pageSize]=3&sort=publishedAt:desc'
    );
  }
  return { visitor, core };
};

async function measure(client) {
  const db = await createDatabase(client);
  const srv = await startServer(db.env, `per-visitor-${client}`);
  try {
    await srv.call('setup', {
      email: 'bench@journey.local',
      password: 'BenchAdmin1',
      publicActions: PUBLIC_ACTIONS,
    });
    const seeded = await srv.call('seed', { from: 0, to: CONFIG.n });
    log(`${client}: seeded ${seeded.documents} documents in ${seeded.ms} ms`);
    const ids = await srv.call('sampleIds', { uid: 'api::whitepaper.whitepaper', n: PATHS + 5 });
    const { visitor, core } = pathsFor(ids);
    const file = (name, paths) => {
      const f = path.join(os.tmpdir(), `journey-bench-${process.pid}-${client}-${name}.json`);
      fs.writeFileSync(f, JSON.stringify(paths));
      return f;
    };
    const visitorFile = file('visitor', visitor);
    const kinds = {
      perVisitor: { url: srv.base + '/', pathsFile: visitorFile },
      coreFind: { url: srv.base + '/', pathsFile: file('core', core) },
      cached: { url: srv.base + URLS.recommend },
      perVisitorNoEntryCache: { url: srv.base + '/', pathsFile: visitorFile, entryCache: false },
      perVisitorNoCandidateCache: {
        url: srv.base + '/',
        pathsFile: visitorFile,
        candidateCache: false,
      },
    };
    const load = async (kind, duration) => {
      const { entryCache = true, candidateCache = true, ...target } = kinds[kind];
      await srv.call('entryCache', { enabled: entryCache });
      await srv.call('candidateCache', { enabled: candidateCache });
      // Each visitor's URL is their own: a response-cache miss every time (2,000 paths taken
      // in turn would otherwise come back to a cached one within its 30 s).
      await srv.call('responseCache', { reuse: kind === 'cached' });
      return runJson('load.js', { ...target, connections: CONFIG.connections, duration });
    };
    // Warm-up: every path once through each server-side cache that is fair game.
    for (const kind of Object.keys(kinds)) await load(kind, 2);
    const names = Object.keys(kinds);
    const rounds = [];
    for (let r = 0; r < CONFIG.rounds; r += 1) {
      const round = {};
      for (let k = 0; k < names.length; k += 1) {
        const kind = names[(r + k) % names.length];
        const res = await load(kind, CONFIG.duration);
        if (res.non2xx) throw new Error(`${kind}: ${res.non2xx} non-2xx answers`);
        round[kind] = { rps: res.rps, p50: res.latency.p50, p99: res.latency.p99 };
      }
      rounds.push(round);
      log(
        `${client} round ${r + 1}: ` +
          names.map((k) => `${k} ${round[k].rps.toFixed(0)} req/s`).join(', ')
      );
    }
    const ratio = (a, b) => median(rounds.map((rd) => rd[a].rps / rd[b].rps));
    return {
      client,
      n: CONFIG.n,
      rounds,
      medians: Object.fromEntries(
        names.map((k) => [
          k,
          {
            rps: median(rounds.map((rd) => rd[k].rps)),
            p50: median(rounds.map((rd) => rd[k].p50)),
            p99: median(rounds.map((rd) => rd[k].p99)),
          },
        ])
      ),
      perVisitorOverCoreFind: ratio('perVisitor', 'coreFind'),
      perVisitorOverCached: ratio('perVisitor', 'cached'),
      entryCacheGain: ratio('perVisitor', 'perVisitorNoEntryCache'),
      noEntryCacheOverCoreFind: ratio('perVisitorNoEntryCache', 'coreFind'),
      candidateCacheGain: ratio('perVisitor', 'perVisitorNoCandidateCache'),
      noCandidateCacheOverCoreFind: ratio('perVisitorNoCandidateCache', 'coreFind'),
      noCandidateCacheOverCached: ratio('perVisitorNoCandidateCache', 'cached'),
    };
  } finally {
    await srv.stop().catch(() => {});
    await db.drop().catch(() => {});
  }
}

(async () => {
  const results = [];
  try {
    for (const client of CONFIG.dbs) {
      if (!(await isAvailable(client))) {
        log(`${client}: not reachable, skipped`);
        continue;
      }
      results.push(await measure(client));
    }
  } finally {
    killAll();
  }
  fs.mkdirSync(CONFIG.out, { recursive: true });
  const file = path.join(CONFIG.out, `per-visitor-${CONFIG.n}.json`);
  fs.writeFileSync(file, JSON.stringify({ config: CONFIG, results }, null, 2));
  console.log(
    '\n| database | entries | per-visitor req/s (p50 / p99 ms) | core find req/s | cached req/s | per-visitor ÷ core find | per-visitor ÷ cached | without entry cache ÷ core find | entry cache gain | without candidate cache ÷ core find / ÷ cached | candidate cache gain |'
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const m = r.medians;
    console.log(
      `| ${r.client} | ${r.n} | ${m.perVisitor.rps.toFixed(0)} (${m.perVisitor.p50} / ${m.perVisitor.p99}) | ${m.coreFind.rps.toFixed(0)} | ${m.cached.rps.toFixed(0)} | ${r.perVisitorOverCoreFind.toFixed(2)}× | ${r.perVisitorOverCached.toFixed(2)}× | ${r.noEntryCacheOverCoreFind.toFixed(2)}× | ${r.entryCacheGain.toFixed(2)}× | ${r.noCandidateCacheOverCoreFind.toFixed(2)}× / ${r.noCandidateCacheOverCached.toFixed(2)}× | ${r.candidateCacheGain.toFixed(2)}× |`
    );
  }
  log(`wrote ${path.relative(ROOT, file)}`);
})().catch((e) => {
  console.error(e);
  killAll();
  process.exit(1);
});
