#!/usr/bin/env node
'use strict';
/**
 * Where the time of one endpoint goes inside the Strapi process.
 *
 *   node bench/profile.js [--db=sqlite|postgres|mysql] [--n=10000] [--duration=8]
 *                         [--url=recommend|rest|coverage|/any/path] [--connections=10] [--prototype] [--miss]
 * (--miss: every recommend request a response-cache miss, as when each visitor's URL is distinct;
 *  --seen=5: append seen=<5 published whitepapers> to the URL, a visitor's history)
 * (--prototype: with the what-if index and bench/lib/prototype.js swapped in)
 *
 * Seeds N documents (bench/lib/seed.js), puts the URL under autocannon load, takes a
 * V8 CPU profile of the Strapi process over the load (inspector, via the bench IPC),
 * and prints self time grouped by package / plugin file and the top functions. The
 * raw profile is kept (open it in Chrome DevTools → Performance).
 */
const fs = require('fs');
const path = require('path');
const { createDatabase } = require('./lib/db');
const { startServer, runJson, killAll, LOG_DIR } = require('./lib/proc');

const opt = (name, dflt) => {
  const hit = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : dflt;
};
const URLS = require('./lib/urls');
require('./lib/proc').setPortRange(...opt('ports', '1400-1499').split('-').map(Number));

/** Bucket of a profile node: a package under node_modules, a plugin source, node internals, GC… */
function bucket(url, fn) {
  if (!url)
    return fn === '(garbage collector)'
      ? 'GC'
      : fn === '(idle)' || fn === '(program)'
        ? fn
        : `(native) ${fn || ''}`.trim();
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.includes('/dist/server/')) return 'journey plugin (dist/server)';
  if (url.startsWith('node:')) return 'node internals';
  return path.relative(process.cwd(), url.replace('file://', ''));
}

function summarize(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const buckets = new Map();
  const fns = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const b = bucket(cf.url, cf.functionName);
    buckets.set(b, (buckets.get(b) ?? 0) + us);
    const key = `${cf.functionName || '(anonymous)'} ${cf.url ? `${bucket(cf.url)}:${cf.lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const top = (m, k) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k);
  return { totalMs: total / 1000, buckets: top(buckets, 25), functions: top(fns, 30) };
}

(async () => {
  const client = opt('db', 'sqlite');
  const N = Number(opt('n', 10000));
  const duration = Number(opt('duration', 8));
  const connections = Number(opt('connections', 10));
  const urlName = opt('url', 'recommend');
  let url = URLS[urlName] ?? urlName;
  const db = await createDatabase(client);
  let srv;
  try {
    srv = await startServer(db.env, `profile-${client}`);
    const admin = { email: 'bench@journey.local', password: 'BenchAdmin1' };
    await srv.call('setup', {
      ...admin,
      publicActions: [
        'api::blog-post.blog-post.find',
        'api::whitepaper.whitepaper.find',
        'api::case-study.case-study.find',
        'plugin::journey.stage.find',
        'plugin::journey.recommend.find',
        'plugin::journey.ping.find',
      ],
    });
    const login = await (
      await fetch(`${srv.base}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(admin),
      })
    ).json();
    const headers = url.startsWith('/journey/')
      ? { authorization: `Bearer ${login.data.token}` }
      : {};
    const s = await srv.call('seed', { from: 0, to: N });
    console.log(`${client}: seeded ${s.documents} documents in ${s.ms} ms`);
    if (process.argv.includes('--prototype')) {
      // The what-if of docs/benchmarks.md: the proposed index plus bench/lib/prototype.js swapped in.
      const proposals = require('./lib/proposals');
      await runJson('sqlloop.js', {
        knex: db.knexConfig,
        mode: 'rows',
        statements: proposals
          .candidateIndexes()
          .map((ix) => ({ sql: proposals.createIndexSql(ix), bindings: [] })),
      });
      if (client === 'postgres')
        await runJson('sqlloop.js', {
          knex: db.knexConfig,
          mode: 'rows',
          statements: [
            { sql: 'VACUUM ANALYZE blog_posts, whitepapers, case_studies', bindings: [] },
          ],
        });
      await srv.call('prototype', { enable: true });
      console.log('prototype recommend + index');
    }
    if (process.argv.includes('--miss')) await srv.call('responseCache', { reuse: false });
    const seen = Number(opt('seen', 0));
    if (seen > 0) {
      const ids = await srv.call('sampleIds', { uid: 'api::whitepaper.whitepaper', n: seen });
      url += `${url.includes('?') ? '&' : '?'}seen=${ids.join(',')}`;
    }
    await runJson('load.js', { url: srv.base + url, connections, duration: 2, headers });
    await srv.call('profileStart');
    const r = await runJson('load.js', { url: srv.base + url, connections, duration, headers });
    const file = path.join(LOG_DIR(), `${client}-${urlName.replace(/\W+/g, '_')}-${N}.cpuprofile`);
    await srv.call('profileStop', { file });
    console.log(
      `${url}: ${r.rps.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`
    );
    const sum = summarize(JSON.parse(fs.readFileSync(file, 'utf8')));
    const busy =
      sum.buckets.filter(([b]) => b !== '(idle)').reduce((a, [, us]) => a + us, 0) / 1000;
    console.log(
      `\nself time over ${(sum.totalMs / 1000).toFixed(1)} s of profile, ${(busy / 1000).toFixed(1)} s busy (${((busy / sum.totalMs) * 100).toFixed(0)} %); per request ${(busy / r.requests).toFixed(2)} ms busy`
    );
    console.log('\nby package / file:');
    for (const [b, us] of sum.buckets)
      console.log(
        `  ${((us / 1000 / sum.totalMs) * 100).toFixed(1).padStart(5)} %  ${(us / 1000 / r.requests).toFixed(3).padStart(7)} ms/req  ${b}`
      );
    console.log('\ntop functions (self):');
    for (const [f, us] of sum.functions)
      console.log(`  ${((us / 1000 / sum.totalMs) * 100).toFixed(1).padStart(5)} %  ${f}`);
    console.log(`\nprofile: ${file}`);
  } finally {
    if (srv) await srv.stop();
    await db.drop();
  }
})().catch((e) => {
  console.error(e);
  killAll();
  process.exit(1);
});
