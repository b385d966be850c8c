'use strict';
/**
 * A Strapi server for the benchmark: exactly what `strapi start` does
 * (createStrapi({ appDir, distDir }).start()) with the admin panel's static
 * files not served, plus an IPC channel to the bench (this file is forked with
 * --expose-gc). Nothing here adds a route or touches a request: the IPC
 * commands only read this process's heap, seed rows, write entries through the
 * Document Service (as an editor would), create the bench's admin and Public
 * grants, and record the SQL knex sends while the bench makes one request.
 */
const path = require('path');

const APP_DIR = path.resolve(__dirname, '../../examples/app');

const toJson = (v) =>
  v instanceof Date
    ? { $date: v.toISOString() }
    : Buffer.isBuffer(v)
      ? { $buffer: v.toString('base64') }
      : v;

(async () => {
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({
    appDir: APP_DIR,
    distDir: path.join(APP_DIR, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  });
  await strapi.start();

  let sampler = null;
  let captured = null;
  let profiler = null;
  let writer = null;
  const runPeak = { peak: process.memoryUsage().heapUsed };
  setInterval(() => {
    const h = process.memoryUsage().heapUsed;
    if (h > runPeak.peak) runPeak.peak = h;
  }, 20).unref();
  const prototypeState = {};
  strapi.db.connection.on('query', (q) => {
    if (captured)
      captured.push({ method: q.method, sql: q.sql, bindings: (q.bindings ?? []).map(toJson) });
  });

  const commands = {
    heap({ gc } = {}) {
      if (gc && global.gc) {
        global.gc();
        global.gc();
      }
      const m = process.memoryUsage();
      return {
        heapUsed: m.heapUsed,
        heapTotal: m.heapTotal,
        rss: m.rss,
        peakSinceReset: runPeak.peak,
      };
    },
    /** Restarts the whole-run heap peak (sampled every 20 ms from boot). */
    heapReset() {
      runPeak.peak = process.memoryUsage().heapUsed;
      return true;
    },
    /** Samples heapUsed every `everyMs` until sampleStop; reports the peak. */
    sampleStart({ everyMs = 5 } = {}) {
      const s = { peak: process.memoryUsage().heapUsed, n: 0 };
      s.timer = setInterval(() => {
        const h = process.memoryUsage().heapUsed;
        if (h > s.peak) s.peak = h;
        s.n++;
      }, everyMs);
      sampler = s;
      return true;
    },
    sampleStop() {
      if (!sampler) return null;
      clearInterval(sampler.timer);
      const h = process.memoryUsage().heapUsed;
      const out = { peak: Math.max(sampler.peak, h), samples: sampler.n, heapUsed: h };
      sampler = null;
      return out;
    },
    captureStart() {
      captured = [];
      return true;
    },
    captureStop() {
      const out = captured;
      captured = null;
      return out;
    },
    async setup({ email, password, publicActions }) {
      const role = await strapi.db
        .query('plugin::users-permissions.role')
        .findOne({ where: { type: 'public' } });
      for (const action of publicActions) {
        const has = await strapi.db
          .query('plugin::users-permissions.permission')
          .findOne({ where: { action, role: role.id } });
        if (!has)
          await strapi.db
            .query('plugin::users-permissions.permission')
            .create({ data: { action, role: role.id } });
      }
      const existing = await strapi.db.query('admin::user').findOne({ where: { email } });
      if (!existing) {
        const superAdmin = await strapi.admin.services.role.getSuperAdmin();
        await strapi.admin.services.user.create({
          email,
          firstname: 'Bench',
          lastname: 'Admin',
          password,
          roles: [superAdmin.id],
          isActive: true,
          registrationToken: null,
        });
      }
      return true;
    },
    /** CPU profile of this process (V8 inspector), for bench/profile.js. */
    async profileStart() {
      const inspector = require('inspector');
      profiler = new inspector.Session();
      profiler.connect();
      const post = (m, p) =>
        new Promise((res, rej) => profiler.post(m, p, (e, r) => (e ? rej(e) : res(r))));
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 500 });
      await post('Profiler.start');
      return true;
    },
    async profileStop({ file }) {
      const post = (m, p) =>
        new Promise((res, rej) => profiler.post(m, p, (e, r) => (e ? rej(e) : res(r))));
      const { profile } = await post('Profiler.stop');
      profiler.disconnect();
      profiler = null;
      require('fs').writeFileSync(file, JSON.stringify(profile));
      return file;
    },
    /** Swaps the PROTOTYPE candidate query (bench/lib/prototype.js) in or out of the recommend service. */
    prototype({ enable }) {
      return require('./prototype').install(strapi, enable, prototypeState);
    },
    async seed(args) {
      const out = await require('./seed').seed(strapi, args);
      // Raw inserts bypass Strapi's lifecycles: change the plugin's content version
      // as any write through Strapi would, so coverage's cache is not served stale.
      await this.bump();
      return out;
    },
    /**
     * Moves every change counter (utils/content-version.ts): after raw inserts (seeding),
     * which bypass Strapi's lifecycles and the Document Service.
     */
    async bump() {
      // Every scope, the taxonomy's included: what the plugin's own raw writes (archive restore) do,
      // so the maintained coverage counts are rebuilt from the imported rows.
      await strapi.db.getConnection('journey_versions').increment('n', 1);
      return true;
    },
    /** Turns demand counting on or off in this process (the plugin reads its config on every answer). */
    setDemand({ enabled }) {
      strapi.config.set('plugin::journey.demand.enabled', enabled);
      return strapi.plugin('journey').service('demand').enabled();
    },
    /** Writes the buffered demand counters now; returns the keys written and the total of counted answers in the table. */
    async demandFlush() {
      const keys = await strapi.plugin('journey').service('demand').flush();
      const row = await strapi.db.getConnection('journey_demand_days').sum({ n: 'n' }).first();
      const events = await strapi.db.getConnection('journey_event_days').sum({ n: 'n' }).first();
      return { keys, answers: Number(row?.n ?? 0), events: Number(events?.n ?? 0) };
    },
    /**
     * Counts `n` answers through the same call the recommend controller makes,
     * over a realistic spread of keys (every stage × 2 audiences × 2 locales × 3
     * outcomes), flushing every 10k; reports the heap after GC before and after.
     */
    async demandBurst({ n }) {
      const demand = strapi.plugin('journey').service('demand');
      const stages = (await strapi.plugin('journey').service('taxonomy').get()).stages.map(
        (s) => s.id
      );
      const gc = () => global.gc && (global.gc(), global.gc());
      gc();
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const meta = {
          stage: stages[i % stages.length],
          audience: i % 2 ? 'b2b' : null,
          locale: i % 5 ? null : 'fr',
          fallback: i % 3 === 1,
          count: i % 3 === 2 ? 0 : 3,
        };
        demand.recordAnswer({ meta });
        if (i % 10000 === 9999) {
          peak = Math.max(peak, process.memoryUsage().heapUsed);
          await demand.flush();
        }
      }
      await demand.flush();
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      gc();
      return {
        n,
        ms,
        microsPerAnswer: (ms * 1000) / n,
        beforeMB: before / 1048576,
        peakMB: peak / 1048576,
        afterGcMB: process.memoryUsage().heapUsed / 1048576,
      };
    },
    /**
     * One real write, as an editor's save: the Document Service updates the draft of a
     * whitepaper (its tags change, so coverage changes), lifecycles and all.
     */
    async write({ k = Math.floor(Math.random() * 1e9) } = {}) {
      const uid = 'api::whitepaper.whitepaper';
      const meta = strapi.db.metadata.get(uid);
      const rows = await strapi.db
        .getConnection(meta.tableName)
        .whereNull('published_at')
        .orderBy('id')
        .offset(k % 200)
        .limit(1)
        .select('document_id');
      if (!rows.length) return false;
      const audiences = ['b2b', 'b2c', 'both'];
      await strapi.documents(uid).update({
        documentId: rows[0].document_id,
        data: { title: `bench write ${k}`, journeyAudience: audiences[k % 3] },
      });
      return true;
    },
    /** Writes in a loop every `everyMs` until writerStop (concurrent editors). */
    writerStart({ everyMs = 250 } = {}) {
      const w = { n: 0, errors: 0, stop: false };
      (async () => {
        while (!w.stop) {
          try {
            await commands.write({ k: w.n });
            w.n++;
          } catch (e) {
            w.errors++;
            w.lastError = String(e?.message ?? e).slice(0, 200);
          }
          await new Promise((r) => setTimeout(r, everyMs));
        }
        w.done = true;
      })();
      writer = w;
      return true;
    },
    async writerStop() {
      if (!writer) return null;
      writer.stop = true;
      while (!writer.done) await new Promise((r) => setTimeout(r, 20));
      const out = { writes: writer.n, errors: writer.errors, lastError: writer.lastError };
      writer = null;
      return out;
    },
    /** CPU time this process has used so far (µs, user + system): per-request cost that the machine's load skews less than wall time. */
    cpu() {
      const u = process.cpuUsage();
      return u.user + u.system;
    },
    /**
     * `reuse: false` makes every recommend request a response-cache miss, as when every
     * visitor's URL is distinct (a key no other request has: the counters are still
     * read and handed to the computation); `reuse: true` restores the service.
     */
    responseCache({ reuse }) {
      const cache = strapi.plugin('journey').service('response-cache');
      cache.originalAnswer ??= cache.answer;
      cache.benchMisses ??= 0;
      cache.answer = reuse
        ? cache.originalAnswer
        : (query, auth, compute) =>
            cache.originalAnswer.call(
              cache,
              { ...query, '#bench-miss': ++cache.benchMisses },
              auth,
              compute
            );
      return reuse;
    },
    /** `n` published documentIds of one type, at random, for per-visitor request paths. */
    async sampleIds({ uid, n }) {
      const meta = strapi.db.metadata.get(uid);
      const rows = await strapi.db
        .getConnection(meta.tableName)
        .whereNotNull('published_at')
        .select('document_id')
        .limit(5000);
      const ids = rows.map((r) => r.document_id);
      return Array.from({ length: n }, () => ids[Math.floor(Math.random() * ids.length)]);
    },
    /** `enabled: false` loads and sanitizes every served entry again (recommend before the entry cache). */
    entryCache({ enabled }) {
      const cache = strapi.plugin('journey').service('entry-cache');
      if (!cache) return null;
      cache.originalGetMany ??= cache.getMany;
      cache.getMany = enabled ? cache.originalGetMany : (keys, load) => load(keys);
      return enabled;
    },
    /** `enabled: false` reads every tier's candidates with the SQL (recommend before services/candidate-cache.ts). */
    candidateCache({ enabled }) {
      const cache = strapi.plugin('journey').service('candidate-cache');
      if (!cache) return null;
      cache.originalTierRows ??= cache.tierRows;
      // Without change counters the cache is bypassed: the SQL with its NOT IN, as before.
      cache.tierRows = enabled
        ? cache.originalTierRows
        : (uids, stageIds, scope) => cache.originalTierRows.call(cache, uids, stageIds, scope);
      return enabled;
    },
    cacheStats() {
      return strapi.plugin('journey').service('response-cache')?.stats?.() ?? null;
    },
    async counts() {
      const out = {};
      for (const uid of require('./seed').TYPES) {
        const meta = strapi.db.metadata.get(uid);
        const link = meta.attributes.journeyStages.joinTable.name;
        const rows = await strapi.db.getConnection(meta.tableName).count({ n: '*' }).first();
        const published = await strapi.db
          .getConnection(meta.tableName)
          .whereNotNull('published_at')
          .count({ n: '*' })
          .first();
        const links = await strapi.db.getConnection(link).count({ n: '*' }).first();
        out[uid] = { rows: Number(rows.n), published: Number(published.n), links: Number(links.n) };
      }
      return out;
    },
  };

  process.on('message', async (msg) => {
    if (!msg || typeof msg.id !== 'number') return;
    try {
      const result = await commands[msg.cmd](msg.args);
      process.send({ id: msg.id, result });
    } catch (e) {
      process.send({ id: msg.id, error: String(e?.stack ?? e) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  // Which build of the plugin this process runs (dist/ can be rebuilt while the bench runs).
  const pluginFile = path.resolve(__dirname, '../../dist/server/index.js');
  const build = require('crypto')
    .createHash('sha1')
    .update(require('fs').readFileSync(pluginFile))
    .digest('hex')
    .slice(0, 12);
  process.send({ ready: true, port: strapi.config.get('server.port'), build });
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
