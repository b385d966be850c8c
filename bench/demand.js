#!/usr/bin/env node
'use strict';
/**
 * The cost of demand counting (issue #13), in the same run per database:
 *   1. recommend throughput with counting on vs off (alternating rounds, medians),
 *      and every answer served while on is counted exactly once;
 *   2. heap after GC before / after 100k counted answers (the recommend
 *      controller's own call, over a realistic spread of keys);
 *   3. POST /api/journey/events with batches of 20 vs recommend's throughput.
 *
 *   node bench/demand.js [--dbs=sqlite,postgres,mysql] [--n=1000] [--duration=8] [--rounds=3]
 *   JOURNEY_BENCH_PORTS=1440-1459 keeps the servers in a port range.
 * Prints a Markdown section (for docs/benchmarks.md) and writes bench/results/demand.json.
 */
const fs = require('fs');
const path = require('path');
const { createDatabase, isAvailable } = require('./lib/db');
const { startServer, runJson, killAll } = require('./lib/proc');
const URLS = require('./lib/urls');

const argv = process.argv.slice(2);
const option = (name, d) =>
  argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? d;
const CONFIG = {
  dbs: option('dbs', 'sqlite,postgres,mysql').split(','),
  n: Number(option('n', 1000)),
  duration: Number(option('duration', 8)),
  rounds: Number(option('rounds', 3)),
  burst: Number(option('burst', 100000)),
  connections: 10,
};
const PUBLIC_ACTIONS = [
  'api::blog-post.blog-post.find',
  'api::whitepaper.whitepaper.find',
  'api::case-study.case-study.find',
  'plugin::journey.recommend.find',
  'plugin::journey.events.create',
];
const T0 = Date.now();
const log = (...a) =>
  console.log(`[demand bench ${((Date.now() - T0) / 1000).toFixed(0).padStart(4)}s]`, ...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const EXACT_N = 2000;
const load = (args) => runJson('load.js', { connections: CONFIG.connections, ...args });

async function benchDatabase(client) {
  const db = await createDatabase(client);
  const out = { client, version: await db.version() };
  let srv;
  try {
    srv = await startServer(
      { ...db.env, JOURNEY_TEST_CONFIG: JSON.stringify({ demand: { flushSeconds: 5 } }) },
      `${client}-demand`
    );
    log(`${client}: ${out.version}, Strapi pid ${srv.pid} on ${srv.base}`);
    await srv.call('setup', {
      email: 'bench@journey.local',
      password: 'BenchAdmin1',
      publicActions: PUBLIC_ACTIONS,
    });
    await srv.call('seed', { from: 0, to: CONFIG.n });
    const url = srv.base + URLS.recommend;

    // 1. Alternating rounds, off/on then on/off, so drift (other load on the machine) hits both.
    const rps = { on: [], off: [] };
    await srv.call('demandFlush');
    for (let r = 0; r < CONFIG.rounds; r++) {
      for (const state of r % 2 ? ['on', 'off'] : ['off', 'on']) {
        await srv.call('setDemand', { enabled: state === 'on' });
        await load({ url, duration: 1 });
        const res = await load({ url, duration: CONFIG.duration });
        rps[state].push(res.rps);
        if (res.non2xx || res.errors)
          throw new Error(
            `${client} recommend ${state}: ${res.non2xx} non-2xx, ${res.errors} errors`
          );
        log(
          `  ${client} round ${r + 1} counting ${state}: ${res.rps.toFixed(0)} req/s, p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms`
        );
      }
    }
    // Each round's on and off ran back to back: the median of the per-round ratios cancels the machine's drift.
    const paired = rps.on.map((on, i) => on / rps.off[i]);
    out.recommend = {
      on: rps.on,
      off: rps.off,
      medianOn: median(rps.on),
      medianOff: median(rps.off),
      paired,
      ratio: median(paired),
    };
    log(
      `  ${client}: on/off = ${out.recommend.ratio.toFixed(3)} (on ${rps.on.map((x) => x.toFixed(0)).join(', ')}; off ${rps.off.map((x) => x.toFixed(0)).join(', ')} req/s)`
    );

    // Exactly EXACT_N requests under load (autocannon's amount: no request left in flight), all counted once.
    await srv.call('setDemand', { enabled: true });
    // The last timed run leaves up to 10 requests in flight that autocannon no longer waits for: let them land first.
    await new Promise((r) => setTimeout(r, 5000));
    const before = (await srv.call('demandFlush')).answers;
    const exact = await load({ url, amount: EXACT_N });
    const counted = (await srv.call('demandFlush')).answers - before;
    out.exact = { sent: EXACT_N, ok2xx: exact.ok2xx, counted };
    log(
      `  ${client}: ${EXACT_N} requests with 10 connections → ${exact.ok2xx} answered 2xx, ${counted} counted`
    );

    // 2. Heap over 100k counted answers.
    await srv.call('setDemand', { enabled: true });
    out.heap = await srv.call('demandBurst', { n: CONFIG.burst });
    log(
      `  ${client}: heap after GC ${out.heap.beforeMB.toFixed(1)} → ${out.heap.afterGcMB.toFixed(1)} MB over ${CONFIG.burst} counted answers (peak ${out.heap.peakMB.toFixed(1)} MB)`
    );

    // 3. Events: batches of 20 views / clicks of real published entries.
    const docs = await (
      await fetch(`${srv.base}/api/whitepapers?pagination[pageSize]=20&fields[0]=documentId`)
    ).json();
    const ids = docs.data.map((d) => d.documentId);
    const events = Array.from({ length: 20 }, (_, i) =>
      i % 4 === 3
        ? {
            type: 'click',
            documentId: ids[i % ids.length],
            visitorStage: 'b2b:problem-recognition',
          }
        : { type: 'view', documentId: ids[i % ids.length], stage: 'b2b:research' }
    );
    const body = JSON.stringify({ events });
    const post = {
      url: `${srv.base}/api/journey/events`,
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    };
    await load({ ...post, duration: 1 });
    const ev = await load({ ...post, duration: CONFIG.duration });
    const recOn = await load({ url, duration: CONFIG.duration });
    // And a fixed number of batches, to check every event is counted once.
    await new Promise((r) => setTimeout(r, 5000));
    const settled = (await srv.call('demandFlush')).events;
    const fixed = await load({ ...post, amount: 500 });
    const eventsCounted = (await srv.call('demandFlush')).events - settled;
    out.events = {
      rps: ev.rps,
      recommendRps: recOn.rps,
      ratio: ev.rps / recOn.rps,
      p99: ev.latency.p99,
      non2xx: ev.non2xx,
      eventsSent: 20 * fixed.ok2xx,
      eventsCounted,
    };
    log(
      `  ${client}: events (20 per request) ${ev.rps.toFixed(0)} req/s vs recommend ${recOn.rps.toFixed(0)} req/s = ${out.events.ratio.toFixed(2)}×; events sent ${out.events.eventsSent}, counted ${eventsCounted}`
    );
  } finally {
    await srv?.stop();
    await db.drop();
  }
  return out;
}

const table = (results) => {
  const lines = [
    '| database | recommend req/s off (median) | on (median) | on / off (median of per-round ratios) | µs per counted answer | requests sent | counted | heap after GC before → after 100k counted | events req/s (20 per batch) | recommend req/s | events / recommend | events sent | counted |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.client} | ${r.recommend.medianOff.toFixed(0)} | ${r.recommend.medianOn.toFixed(0)} | **${r.recommend.ratio.toFixed(3)}** | ${r.heap.microsPerAnswer.toFixed(2)} | ${r.exact.sent} | ${r.exact.counted} | ${r.heap.beforeMB.toFixed(1)} → ${r.heap.afterGcMB.toFixed(1)} MB | ${r.events.rps.toFixed(0)} | ${r.events.recommendRps.toFixed(0)} | **${r.events.ratio.toFixed(2)}×** | ${r.events.eventsSent} | ${r.events.eventsCounted} |`
    );
  }
  return lines.join('\n');
};

(async () => {
  process.on('SIGINT', () => {
    killAll();
    process.exit(130);
  });
  const results = [];
  for (const client of CONFIG.dbs) {
    if (!(await isAvailable(client))) {
      log(`!!! SKIPPED: ${client} is not reachable`);
      continue;
    }
    results.push(await benchDatabase(client));
  }
  const file = path.join(__dirname, 'results/demand.json');
  fs.writeFileSync(
    file,
    JSON.stringify({ date: new Date().toISOString(), config: CONFIG, results }, null, 2) + '\n'
  );
  console.log(`\n${table(results)}\n`);
  log(`wrote ${path.relative(process.cwd(), file)}`);
  killAll();
  process.exit(0);
})().catch((e) => {
  console.error(e);
  killAll();
  process.exit(1);
});
