#!/usr/bin/env node
'use strict';
/**
 * Concurrent editing (issue #8, item 3): a team writing at once, with and without the plugin.
 *
 *   node bench/contention.js [--dbs=postgres,mysql] [--runs=3] [--duration=10] [--entries=20] [--no-docs]
 *   (JOURNEY_BENCH_PORTS=1480-1499 keeps its servers in a port sub-range)
 *
 * Per database, two `strapi start` servers on two throw-away databases: one with the
 * plugin, one booted with JOURNEY_DISABLED=true (the same app without it). Each run
 * measures, in turn (the order rotates from run to run):
 *   - off/cm:  9 Content Manager savers, plugin disabled — the baseline;
 *   - on/cm:   the same 9 Content Manager savers, plugin enabled;
 *   - on/mix:  3 bulk taggers + 3 single tag savers + 3 Content Manager savers, plugin enabled.
 * Each load is bench/lib/writemix.js in its own process; it also checks that every
 * entry reads back a write it may legally end on. Reported: medians over the runs of
 * entry writes/s (a bulk request writing 4 entries counts 4), the ratios against
 * off/cm, and every non-2xx. Writes bench/contention.md and its section of
 * docs/benchmarks.md ("Concurrent editing"); raw figures in bench/results/contention.json.
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { createDatabase, isAvailable, APP_DIR } = require('./lib/db');
const { startServer, runJson, killAll } = require('./lib/proc');

const ROOT = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const option = (name, fallback) =>
  argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const CONFIG = {
  dbs: option('dbs', 'postgres,mysql').split(','),
  runs: Number(option('runs', 3)),
  duration: Number(option('duration', 10)),
  entries: Number(option('entries', 20)),
  docs: !argv.includes('--no-docs'),
};
const WP = 'api::whitepaper.whitepaper';
const ADMIN = { email: 'bench@journey.local', password: 'BenchAdmin1' };
const NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL', mysql: 'MariaDB' };
const T0 = Date.now();
const log = (...a) =>
  console.log(`[contention ${((Date.now() - T0) / 1000).toFixed(0).padStart(4)}s]`, ...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const openDbs = new Set();

/** The example app is compiled (dist/) from config that now reads JOURNEY_DISABLED; recompile when the sources are newer. */
function ensureBuilt() {
  const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);
  if (!fs.existsSync(path.join(ROOT, 'dist/server/index.js')))
    throw new Error('plugin not built: run npx strapi-plugin build --silent');
  if (
    mtime(path.join(APP_DIR, 'dist/config/plugins.js')) <
    mtime(path.join(APP_DIR, 'config/plugins.ts'))
  ) {
    log('example app dist/ is older than its config: compiling');
    execFileSync(
      process.execPath,
      [
        '-e',
        "require('@strapi/strapi').compileStrapi({ appDir: process.cwd() }).then(() => process.exit(0))",
      ],
      { cwd: APP_DIR, stdio: 'inherit' }
    );
  }
}

async function json(base, method, url, token, body) {
  const res = await fetch(base + url, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const out = await res.json().catch(() => null);
  if (res.status >= 300)
    throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(out).slice(0, 300)}`);
  return out;
}

/** A server on a fresh database, its admin logged in, `entries` whitepapers created through the Content Manager. */
async function prepare(client, enabled) {
  const db = await createDatabase(client);
  openDbs.add(db);
  const srv = await startServer(
    { ...db.env, JOURNEY_DISABLED: enabled ? 'false' : 'true' },
    `${client}-${enabled ? 'on' : 'off'}`
  );
  await srv.call('setup', { ...ADMIN, publicActions: [] });
  const token = (await json(srv.base, 'POST', '/admin/login', null, ADMIN)).data.token;
  const ids = [];
  for (let i = 0; i < CONFIG.entries; i++)
    ids.push(
      (
        await json(srv.base, 'POST', `/content-manager/collection-types/${WP}`, token, {
          title: `Entry ${i}`,
          summary: 'seed',
        })
      ).data.documentId
    );
  let stageIds = [];
  if (enabled) {
    const taxonomy = (await json(srv.base, 'GET', '/journey/stages', token)).data;
    stageIds = taxonomy.frameworks.flatMap((f) => f.stages.map((s) => s.id));
    for (const id of ids)
      await json(srv.base, 'PUT', `/journey/tags/${WP}/${id}`, token, {
        stages: [stageIds[0]],
        audience: 'both',
      });
  }
  return { db, srv, token, ids, stageIds };
}

const SCENARIOS = {
  'off/cm': {
    server: 'off',
    writers: { cm: 9 },
    label: '9 Content Manager savers, plugin disabled (baseline)',
  },
  'on/cm': { server: 'on', writers: { cm: 9 }, label: '9 Content Manager savers, plugin enabled' },
  'on/mix': {
    server: 'on',
    writers: { bulk: 3, single: 3, cm: 3 },
    label: '3 bulk taggers + 3 tag saves + 3 Content Manager savers, plugin enabled',
  },
};

async function benchDatabase(client) {
  if (!(await isAvailable(client))) {
    log(`!!! SKIPPED ${client}: not reachable`);
    return { client, skipped: true };
  }
  const on = await prepare(client, true);
  const off = await prepare(client, false);
  const servers = { on, off };
  const runs = Object.fromEntries(Object.keys(SCENARIOS).map((k) => [k, []]));
  try {
    const order = Object.keys(SCENARIOS);
    for (const name of order) await runJson('writemix.js', load(servers, name, 2, 0)); // warm-up
    for (let r = 0; r < CONFIG.runs; r++) {
      for (let k = 0; k < order.length; k++) {
        const name = order[(k + r) % order.length];
        const out = await runJson('writemix.js', load(servers, name, CONFIG.duration, r + 1));
        runs[name].push(out);
        log(
          `${client} run ${r + 1} ${name}: ${out.entryWritesPerSec.toFixed(1)} entry writes/s, non-2xx ${out.non2xx}, lost ${out.lost.length}${out.errors.length ? ` (${out.errors[0]})` : ''}`
        );
      }
    }
  } finally {
    for (const s of [on, off]) await s.srv.stop();
  }
  return { client, runs };
}

function load(servers, name, duration, seed) {
  const s = servers[SCENARIOS[name].server];
  return {
    base: s.srv.base,
    token: s.token,
    uid: WP,
    ids: s.ids,
    stageIds: s.stageIds,
    duration,
    seed,
    ...SCENARIOS[name].writers,
  };
}

function report(results) {
  const f1 = (x) => x.toFixed(1);
  const L = [];
  L.push('## Concurrent editing');
  L.push('');
  let head = '?';
  try {
    head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    // not a git checkout: the report says so
  }
  L.push(
    `*\`node bench/contention.js --dbs=${CONFIG.dbs.join(',')} --runs=${CONFIG.runs} --duration=${CONFIG.duration}\`, ${new Date().toISOString().slice(0, 10)}, commit ${head}. ` +
      `Two \`strapi start\` servers per database, each on its own throw-away database with ${CONFIG.entries} whitepapers: one with the plugin, one booted with ` +
      `\`JOURNEY_DISABLED=true\`. Nine writers at once, ${CONFIG.duration} s per run, the scenarios interleaved, medians of ${CONFIG.runs} runs. ` +
      'An entry write is one entry changed by a 2xx answer (a bulk request over 4 entries counts 4). "Lost" counts entries that did not read back a write they may legally end on.*'
  );
  L.push('');
  L.push(
    '| database | writers | entry writes/s (median) | × baseline | requests | non-2xx | lost | first error |'
  );
  L.push('|---|---|---|---|---|---|---|---|');
  const targets = [];
  for (const r of results) {
    if (r.skipped) {
      L.push(`| ${NAMES[r.client]} | !!! SKIPPED (not reachable) | | | | | | |`);
      continue;
    }
    const base = median(r.runs['off/cm'].map((x) => x.entryWritesPerSec));
    for (const [name, sc] of Object.entries(SCENARIOS)) {
      const xs = r.runs[name];
      const m = median(xs.map((x) => x.entryWritesPerSec));
      const requests = xs.reduce(
        (a, x) => a + Object.values(x.requests).reduce((p, q) => p + q, 0),
        0
      );
      const non2xx = xs.reduce((a, x) => a + x.non2xx, 0);
      const lost = xs.reduce((a, x) => a + x.lost.length, 0);
      const err = xs.flatMap((x) => x.errors)[0] ?? '';
      L.push(
        `| ${NAMES[r.client]} | ${sc.label} | ${f1(m)} | ${name === 'off/cm' ? '1.00×' : `${(m / base).toFixed(2)}×`} | ${requests} | ${non2xx} | ${lost} | ${err.replace(/\|/g, '\\|').slice(0, 120)} |`
      );
      if (name !== 'off/cm') targets.push([NAMES[r.client], sc.label, m / base, non2xx, lost]);
    }
  }
  L.push('');
  L.push(
    '| database | scenario | ≥ 0.8× baseline | 0 non-2xx | every entry reads back its last write |'
  );
  L.push('|---|---|---|---|---|');
  for (const [db, label, ratio, non2xx, lost] of targets) {
    L.push(
      `| ${db} | ${label} | ${ratio.toFixed(2)}× **${ratio >= 0.8 ? 'met' : 'missed'}** | ${non2xx} **${non2xx === 0 ? 'met' : 'missed'}** | ${lost} lost **${lost === 0 ? 'met' : 'missed'}** |`
    );
  }
  return L.join('\n') + '\n';
}

/** Replaces (or adds, before "## Analysis") the "## Concurrent editing" section of docs/benchmarks.md. */
function intoBenchmarks(section) {
  const file = path.join(ROOT, 'docs/benchmarks.md');
  if (!fs.existsSync(file)) return;
  let md = fs.readFileSync(file, 'utf8');
  const start = md.indexOf('## Concurrent editing');
  if (start >= 0) {
    const next = md.indexOf('\n## ', start + 5);
    md = md.slice(0, start) + section + (next >= 0 ? '\n' + md.slice(next + 1) : '');
  } else {
    const at = md.indexOf('## Analysis');
    md = at >= 0 ? md.slice(0, at) + section + '\n' + md.slice(at) : md + '\n' + section;
  }
  fs.writeFileSync(file, md);
}

async function main() {
  ensureBuilt();
  const results = [];
  for (const client of CONFIG.dbs) results.push(await benchDatabase(client));
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(
    path.join(ROOT, 'bench/results/contention.json'),
    JSON.stringify({ config: CONFIG, results }, null, 2)
  );
  const section = report(results);
  process.stdout.write('\n' + section);
  if (CONFIG.docs) {
    fs.writeFileSync(path.join(ROOT, 'bench/contention.md'), section);
    intoBenchmarks(section);
    log('wrote bench/contention.md and its section of docs/benchmarks.md');
  }
}

async function cleanup() {
  killAll();
  for (const db of openDbs)
    await db.drop().catch((e) => console.error(`drop ${db.name}: ${e.message}`));
  openDbs.clear();
}

for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => cleanup().then(() => process.exit(130)));
main()
  .then(cleanup)
  .catch(async (e) => {
    console.error(e);
    await cleanup();
    process.exit(1);
  });
