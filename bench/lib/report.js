'use strict';
/**
 * Turns one run's results into docs/benchmarks.md (or bench/results/quick.md) and
 * the two SVG plots. Every figure in the generated part comes from `results`;
 * the hand-written analysis is bench/analysis.md, included verbatim at the end.
 */
const fs = require('fs');
const path = require('path');
const { lineChart } = require('./svg');

const NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL', mysql: 'MariaDB' };
const COLORS = { sqlite: '#1f77b4', postgres: '#d62728', mysql: '#2ca02c' };
const f0 = (v) => (v == null ? '–' : Math.round(v).toLocaleString('en-US'));
const f1 = (v) => (v == null ? '–' : v >= 100 ? Math.round(v).toString() : v.toFixed(1));
const f2 = (v) => (v == null ? '–' : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const ratio = (v) => (v == null || !isFinite(v) ? '–' : `${v.toFixed(2)}×`);
const kN = (n) => (n >= 1000 ? `${n / 1000}k` : String(n));
const yes = (ok) => (ok ? '**met**' : '**missed**');

function evaluate(results) {
  const rows = [];
  let non2xx = 0;
  let loadRuns = 0;
  for (const d of results.databases) {
    const name = NAMES[d.client];
    const pts = d.points;
    if (!pts.length) continue;
    for (const p of pts) {
      for (const k of ['recommend', 'rest', 'floor', 'recommendWrites']) {
        if (!p[k]) continue;
        non2xx += p[k].non2xx + p[k].errors + p[k].timeouts;
        loadRuns += p[k].rounds ?? 1;
      }
    }
    if (d.twoInstances) {
      non2xx += d.twoInstances.non2xx;
      loadRuns += 2;
    }
    for (const p of pts) {
      for (const k of ['prototype', 'restIndexed']) {
        const r = p.whatIf?.[k];
        if (r) {
          non2xx += r.non2xx + r.errors + r.timeouts;
          loadRuns++;
        }
      }
    }
    const first = pts[0];
    const last = pts[pts.length - 1];
    const span = `${kN(first.N)} → ${kN(last.N)}`;
    // Ratios from interleaved rounds when the run has them (median of the rounds' ratios).
    const thr = pts.map((p) => p.ratios?.throughputVsRest ?? p.recommend.rps / p.rest.rps);
    const vsFloor = pts.map((p) =>
      p.floor ? (p.ratios?.p50VsFloor ?? p.recommend.latency.p50 / p.floor.latency.p50) : null
    );
    const cachedQueries = pts.map((p) => p.statements.recommendCached?.total ?? null);
    const covFailed = pts.find((p) => p.coverageError);
    const failed = covFailed
      ? `GET /journey/coverage failed: ${covFailed.coverageError.replace(/\|/g, '\\|').slice(0, 160)}`
      : null;
    const covGrowth = covFailed ? null : last.coverage.p50 / first.coverage.p50;
    rows.push(
      [
        name,
        'recommend throughput ≥ 1.5× core REST find, every size',
        pts.map((p, i) => `${kN(p.N)}: ${ratio(thr[i])}`).join(', '),
        yes(thr.every((x) => x >= 1.5)),
      ],
      [
        name,
        'recommend p50 ≤ 1.5× the floor (`GET /api/journey/ping`), every size',
        vsFloor.some((x) => x == null)
          ? 'not measured'
          : pts.map((p, i) => `${kN(p.N)}: ${ratio(vsFloor[i])}`).join(', ') +
            (pts.every((p) => p.sequential)
              ? ` (under load, ${results.config.connections} connections; one request at a time: ${pts.map((p) => `${kN(p.N)}: ${ratio(p.sequential.ratio)}`).join(', ')})`
              : ''),
        yes(vsFloor.every((x) => x != null && x <= 1.5)),
      ],
      [
        name,
        `coverage p50 right after a write ≤ 150 ms at ${kN(last.N)}`,
        failed ??
          `${f1(last.coverage.p50)} ms (Strapi's admin floor \`${last.adminFloor.url ?? '/journey/settings'}\` right after each: ${f1(last.adminFloor.p50)} ms${last.coverage.vsAdminFloor ? `; per pair ${ratio(last.coverage.vsAdminFloor)}` : ''})`,
        yes(!failed && last.coverage.p50 <= 150),
      ],
      [
        name,
        `coverage after writes grows ≤ 3× (${span})`,
        failed ?? ratio(covGrowth),
        yes(!failed && covGrowth <= 3),
      ],
      [
        name,
        "queries per cached recommend request ≤ 2 (all SQL of the request, Strapi's auth included)",
        cachedQueries.some((x) => x == null)
          ? 'not measured'
          : [...new Set(cachedQueries)].join(' / '),
        yes(cachedQueries.every((x) => x != null && x <= 2)),
      ],
      [
        name,
        'heap growth over the whole run ≤ 50 MB (Strapi process: heapUsed after a forced GC at the end − after a forced GC at the start, every size and measurement in between)',
        d.heapRun
          ? d.heapRun.peakAboveStartMB !== undefined
            ? `${d.heapRun.growthMB >= 0 ? '+' : ''}${d.heapRun.growthMB.toFixed(1)} MB (${d.heapRun.startMB.toFixed(1)} → ${d.heapRun.endMB.toFixed(1)} MB); peak during the measurements, not a growth: ${d.heapRun.peakMB.toFixed(0)} MB, ${d.heapRun.peakAboveStartMB.toFixed(0)} MB above the start`
            : `${(d.heapRun.retainedMB ?? 0).toFixed(1)} MB (an older run's JSON)`
          : 'not measured',
        yes(
          d.heapRun &&
            (d.heapRun.peakAboveStartMB !== undefined
              ? d.heapRun.growthMB
              : d.heapRun.retainedMB) <= 50
        ),
      ]
    );
    const proto = pts.filter((p) => p.whatIf?.prototype);
    if (proto.length) {
      const pt = proto.map((p) => p.whatIf.prototype.rps / p.whatIf.restIndexed.rps);
      const pp = proto.map(
        (p) => p.whatIf.prototype.latency.p99 / p.whatIf.restIndexed.latency.p99
      );
      rows.push(
        [
          name,
          '*prototype* (not the plugin): throughput ≥ 1.0× core REST, both with the index',
          proto.map((p, i) => `${kN(p.N)}: ${ratio(pt[i])}`).join(', '),
          yes(pt.every((x) => x >= 1)),
        ],
        [
          name,
          '*prototype* (not the plugin): p99 ≤ 2× core REST p99, both with the index',
          proto.map((p, i) => `${kN(p.N)}: ${ratio(pp[i])}`).join(', '),
          yes(pp.every((x) => x <= 2)),
        ]
      );
      if (proto.length > 1) {
        const g =
          proto[proto.length - 1].whatIf.prototype.latency.p50 /
          proto[0].whatIf.prototype.latency.p50;
        rows.push([
          name,
          `*prototype*: recommend time grows < 3× (${kN(proto[0].N)} → ${kN(proto[proto.length - 1].N)})`,
          `p50 ${ratio(g)}`,
          yes(g < 3),
        ]);
      }
    }
    if (d.twoInstances) {
      const t = d.twoInstances;
      rows.push([
        name,
        'two instances answer identically',
        `${t.identical}/${t.probes} bodies + ETags`,
        yes(t.identical === t.probes && t.identicalAfterLoad),
      ]);
    }
  }
  rows.push([
    'all',
    'zero non-2xx under load',
    `${non2xx} in ${loadRuns} load runs`,
    yes(non2xx === 0),
  ]);
  return rows;
}

function table(head, rows) {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function writeReport(results, outDir, root) {
  fs.mkdirSync(outDir, { recursive: true });
  const quick = results.config.mode === 'quick';
  const m = results.machine;
  const dbs = results.databases;
  const svgRec = path.join(outDir, 'bench-recommend.svg');
  const svgCov = path.join(outDir, 'bench-coverage.svg');
  const sizes = [...new Set(dbs.flatMap((d) => d.points.map((p) => p.N)))].sort((a, b) => a - b);

  fs.writeFileSync(
    svgRec,
    lineChart({
      title: `p50 latency under load (${results.config.connections} connections) vs N`,
      xLabel: 'N (documents)',
      yLabel: 'p50 latency (ms)',
      xTicks: sizes,
      series: dbs.flatMap((d) => [
        {
          name: `${NAMES[d.client]} recommend`,
          color: COLORS[d.client],
          points: d.points.map((p) => [p.N, p.recommend.latency.p50]),
        },
        {
          name: `${NAMES[d.client]} core REST`,
          color: COLORS[d.client],
          dash: '6 4',
          points: d.points.map((p) => [p.N, p.rest.latency.p50]),
        },
        {
          name: `${NAMES[d.client]} floor (ping)`,
          color: COLORS[d.client],
          dash: '1 3',
          points: d.points.filter((p) => p.floor).map((p) => [p.N, p.floor.latency.p50]),
        },
        {
          name: `${NAMES[d.client]} prototype+index`,
          color: COLORS[d.client],
          dash: '2 3',
          points: d.points
            .filter((p) => p.whatIf?.prototype)
            .map((p) => [p.N, p.whatIf.prototype.latency.p50]),
        },
      ]),
    })
  );
  fs.writeFileSync(
    svgCov,
    lineChart({
      title: 'GET /journey/coverage right after a write vs N (median of sequential requests)',
      xLabel: 'N (documents)',
      yLabel: 'time (ms)',
      xTicks: sizes,
      series: dbs.flatMap((d) => [
        {
          name: `${NAMES[d.client]} coverage`,
          color: COLORS[d.client],
          points: d.points.filter((p) => p.coverage).map((p) => [p.N, p.coverage.p50]),
        },
        {
          name: `${NAMES[d.client]} with a writer`,
          color: COLORS[d.client],
          dash: '6 4',
          points: d.points.filter((p) => p.coverageWrites).map((p) => [p.N, p.coverageWrites.p50]),
        },
      ]),
    })
  );

  const L = [];
  L.push('# Benchmarks');
  L.push('');
  L.push(
    `Generated by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${m.date.slice(0, 10)} (${results.config.mode} run, ` +
      `wall time ${Math.round(results.wallSeconds)} s). Every number and plot below comes from that one run; ` +
      'regenerate rather than edit. The analysis at the end is hand-written (`bench/analysis.md`).'
  );
  if (results.skipped.length)
    L.push(
      '',
      `**Not run** (database not reachable): ${results.skipped.map((c) => NAMES[c]).join(', ')}.`
    );
  L.push('');
  L.push('## Machine');
  L.push('');
  L.push(
    table(
      ['', ''],
      [
        ['CPU', `${m.nproc} × ${m.cpu}`],
        ['memory', `${m.memoryGB} GB`],
        ['OS', m.os],
        ['Node.js', m.node],
        ['Strapi', m.strapi],
        ['autocannon', m.autocannon],
        [
          'code',
          `git ${m.git}; plugin build ${m.build}${dbs.some((d) => d.build !== m.build || d.buildAtEnd !== m.build) ? ' — **the plugin was rebuilt during the run**: ' + dbs.map((d) => `${NAMES[d.client]} ${d.build}→${d.buildAtEnd}`).join(', ') : ''}`,
        ],
        ...dbs.map((d) => [NAMES[d.client], d.version]),
        [
          'load average (1/5/15 min) at start → end',
          `${m.loadavgStart.join(' / ')} → ${m.loadavgEnd.join(' / ')} (other work on the machine shows here)`,
        ],
      ]
    )
  );
  L.push('');
  L.push('## Method');
  L.push('');
  L.push(
    [
      `- **Servers.** Each database gets a throw-away store (a SQLite file, a PostgreSQL schema \`bench_<hex>\`, a MariaDB database \`bench_<hex>\`, dropped afterwards) and a Strapi ${m.strapi} process running the compiled example app: \`bench/lib/server.js\` does what \`strapi start\` does (\`createStrapi({ appDir, distDir }).start()\`, \`NODE_ENV=production\`, log level \`error\`), without serving the admin panel's static files, and is forked with \`--expose-gc\` and an IPC channel. The IPC channel only reads \`process.memoryUsage()\`, seeds, creates the bench admin and Public grants, records the SQL knex sends during one request, and — in the what-if step only — swaps the prototype below in and out; it adds no route. Public role: \`find\` on the three types, \`plugin::journey.stage.find\` (needed for the relation filter) and \`plugin::journey.recommend.find\`.`,
      `- **Seeding** (\`bench/lib/seed.js\`, run inside the Strapi process through \`strapi.db.connection\`, i.e. knex): N documents numbered globally, document i of type i mod 3 (blog post localized \`en\`, whitepaper, case study), fields from a PRNG seeded with i (the library at N = 10k contains the one at 1k). Audience b2b 40 %, b2c 40 %, both 20 %; 10 % untagged; 20 % draft-only; 1–3 stages from the audience's framework, all 11 stages used. Strapi 5's row model: every document has a draft row (\`published_at\` NULL) and a published document also a published row with the same \`document_id\`; both rows get their link rows in \`<table>_journey_stages_lnk\` (\`stage_ord\` 1, 2, 3). Multi-row INSERTs (400 rows; 450 link rows on SQLite, 2000 elsewhere) with explicit ids in one transaction; PostgreSQL sequences moved past them. Then \`VACUUM ANALYZE\` on PostgreSQL and \`ANALYZE TABLE\` on MariaDB (what autovacuum / InnoDB's automatic statistics do shortly after such a load); SQLite gets none (Strapi never runs it).`,
      `- **recommend vs core REST** (per N): \`GET ${results.urls.recommend}\` (three types, ranked) and Strapi's own \`GET ${results.urls.rest}\` (one type, with its pagination count), each by autocannon ${m.autocannon} in its own process on loopback, ${results.config.connections} connections, ${results.config.warmup} s warm-up then ${results.config.duration} s measured. Latencies are autocannon's (ms, integer resolution).`,
      `- **The database's limit**: the SQL Strapi sent for one recommend request (recorded from knex's \`query\` event), replayed through a fresh knex in its own process, ${results.config.connections} concurrent loops for ${results.config.sqlDuration} s: the exact-tier candidate query of one type (whitepapers) alone ("tier SQL"), and all SELECTs of one recommend request / one REST find in sequence (transaction BEGIN/COMMITs not replayed).`,
      `- **coverage**: \`GET /journey/coverage\` with an admin JWT (admin created with \`strapi.admin.services.user.create\`, token from \`POST /admin/login\`), ${results.config.coverageRuns} sequential requests after 2 warm-ups, median wall time at the client; beside the same grouped COUNT queries (recorded the same way) run directly, concurrently as the service runs them, ${results.config.coverageRuns} times. Heap: \`process.memoryUsage().heapUsed\` of the Strapi process after a forced GC before the series, its peak sampled every 5 ms during the series (no GC forced), and after a forced GC at the end ("peak − before" is garbage not yet collected as much as live data; what stays is "after GC"). Each coverage request is followed by Strapi's own \`GET /admin/users/me\` with the same JWT (the admin floor: the same admin authentication — session, user, roles, permissions and the ability built from them — and no plugin code). **Heap over the whole run**: \`heapUsed\` after a forced GC right after boot and again after the last measurement of the database; the peak sampled every 20 ms in between is stated separately.`,
      '- **two instances** (PostgreSQL, largest N): a second Strapi process on the same schema; the same requests (every stage × audience of recommend, the core REST find, the taxonomy, five coverage scopes with the same admin JWT) are sent to both and bodies and ETags compared; then recommend load split across both (two autocannon processes, half the connections each, run concurrently).',
      `- **The floor**: \`GET ${results.urls.floor ?? '/api/journey/ping'}\`, a content-API route of the plugin that does nothing beyond Strapi's own content-API auth (Users & Permissions reads the Public role's permissions on every request), same process, same connections. recommend, core REST and the floor are measured in ${results.config.rounds ?? 1} interleaved rounds of ${results.config.rounds ? Number((results.config.duration / results.config.rounds).toFixed(2)) : results.config.duration} s each (recommend, REST, floor, recommend, …) after a warm-up of each, so that other work on the machine weighs on all three alike; a figure is the median over the rounds and a ratio the median of the rounds' ratios. Then ${results.config.sequentialPairs ?? '–'} pairs one request at a time (recommend, floor, recommend, …; wall time at the client, median): the time of the path itself, without the queue of ${results.config.connections} connections. The recommend URL is the same on every request, so after the first request it is answered from the response cache (\`server/src/services/response-cache.ts\`).`,
      `- **Writers**: "with a writer" = the same measurement while the Strapi process saves a whitepaper through the Document Service every ${results.config.writeEveryMs ?? 100} ms (title and audience change; lifecycles, the coverage deltas and the change counters as for an editor's save). "Right after a write" (coverage) = one such save immediately before each request. "Queries": every SQL statement knex sent during one request, Strapi's own included.`,
      `- Sizes N = ${sizes.map(kN).join(', ')}; ratios are from the same run and the same N. On this ${m.nproc}-core machine the load generator, Strapi and the database share the CPUs, so absolute figures are low and ratios are what matters.`,
    ].join('\n')
  );
  L.push('');
  L.push('## Results');
  L.push('');
  L.push('### recommend vs core REST vs raw SQL');
  L.push('');
  L.push(
    table(
      [
        'database',
        'N',
        'recommend req/s',
        'p50 / p99 ms',
        'core REST req/s',
        'p50 / p99 ms',
        'throughput ratio',
        'p99 ratio',
        'tier SQL q/s',
        'p50 / p99 ms',
        'recommend SQL sets/s (reads)',
        'REST SQL sets/s (reads)',
        'non-2xx',
      ],
      dbs.flatMap((d) =>
        d.points.map((p) => [
          NAMES[d.client],
          kN(p.N),
          f0(p.recommend.rps),
          `${p.recommend.latency.p50} / ${p.recommend.latency.p99}`,
          f0(p.rest.rps),
          `${p.rest.latency.p50} / ${p.rest.latency.p99}`,
          ratio(p.recommend.rps / p.rest.rps),
          ratio(p.recommend.latency.p99 / p.rest.latency.p99),
          f0(p.sqlTier.perSecond),
          `${f2(p.sqlTier.p50)} / ${f2(p.sqlTier.p99)}`,
          `${f0(p.sqlRecommendAll.perSecond)} (${p.statements.recommend.reads})`,
          `${f0(p.sqlRestAll.perSecond)} (${p.statements.rest.reads})`,
          String(
            p.recommend.non2xx +
              p.rest.non2xx +
              p.recommend.errors +
              p.rest.errors +
              p.recommend.timeouts +
              p.rest.timeouts
          ),
        ])
      )
    )
  );
  L.push('');
  L.push(
    'Throughput ratio = recommend req/s ÷ core REST req/s; p99 ratio = recommend p99 ÷ core REST p99. "SQL sets/s": all SELECTs of one request, replayed in sequence, per second (the number of SELECTs in brackets; ' +
      `a recommend request also runs ${dbs[0]?.points[0]?.statements.recommend.transactions ?? '?'} BEGIN/COMMIT statements, a REST find ${dbs[0]?.points[0]?.statements.rest.transactions ?? '?'}).`
  );
  if (dbs.some((d) => d.points.some((p) => p.floor))) {
    L.push('');
    L.push('### recommend vs the floor, and under writes');
    L.push('');
    L.push(
      table(
        [
          'database',
          'N',
          'recommend req/s',
          'p50 / p99 ms',
          'floor req/s',
          'p50 / p99 ms',
          'p50 ÷ floor',
          'one at a time: recommend / floor p50 ms',
          'queries: cached / computed / floor / core REST',
          'with a writer: req/s',
          'p50 / p99 ms',
          'writes',
          'cache misses (computations)',
        ],
        dbs.flatMap((d) =>
          d.points
            .filter((p) => p.floor)
            .map((p) => [
              NAMES[d.client],
              kN(p.N),
              f0(p.recommend.rps),
              `${p.recommend.latency.p50} / ${p.recommend.latency.p99}`,
              f0(p.floor.rps),
              `${p.floor.latency.p50} / ${p.floor.latency.p99}`,
              ratio(p.ratios?.p50VsFloor ?? p.recommend.latency.p50 / p.floor.latency.p50),
              p.sequential
                ? `${f2(p.sequential.recommendP50)} / ${f2(p.sequential.floorP50)} (${ratio(p.sequential.ratio)})`
                : '–',
              `${p.statements.recommendCached.total} / ${p.statements.recommend.total} / ${p.statements.floor.total} / ${p.statements.rest.total}`,
              p.recommendWrites ? f0(p.recommendWrites.rps) : '–',
              p.recommendWrites
                ? `${p.recommendWrites.latency.p50} / ${p.recommendWrites.latency.p99}`
                : '–',
              p.writer
                ? `${p.writer.writes}${p.writer.errors ? ` (${p.writer.errors} failed)` : ''}`
                : '–',
              p.writer
                ? `${p.writer.cacheMisses ?? '–'}${p.writer.computed !== undefined ? ` (${p.writer.computed})` : ''}`
                : '–',
            ])
        )
      )
    );
    L.push('');
    L.push(
      'Queries "cached": a repeated request, answered from the response cache after Strapi\'s auth query and one read of the change counters; "computed": the first request after a change (the candidate tiers, the stages of the candidates, the entries, the locale). Latencies have autocannon\'s 1 ms resolution, so ratios of single-digit p50s move in steps.'
    );
  }
  L.push('');
  L.push('### coverage');
  L.push('');
  L.push(
    table(
      [
        'database',
        'N',
        'right after a write p50 ms',
        'p99 ms',
        'with a writer p50 ms',
        'its SQL alone p50 ms',
        'unchanged (cached) p50 ms',
        'admin floor p50 ms (per pair)',
        'after the import (rebuild) ms',
        'heap before MB',
        'peak MB',
        'peak − before MB',
        'after GC MB',
      ],
      dbs.flatMap((d) =>
        d.points.map((p) =>
          p.coverageError
            ? [
                NAMES[d.client],
                kN(p.N),
                `**failed**: ${p.coverageError.replace(/\|/g, '\\|').slice(0, 200)}`,
                '',
                '',
                '',
                '',
                f1(p.adminFloor.p50),
                '',
                '',
                '',
                '',
                '',
              ]
            : [
                NAMES[d.client],
                kN(p.N),
                f1(p.coverage.p50),
                f1(p.coverage.p99),
                p.coverageWrites ? f1(p.coverageWrites.p50) : '–',
                f1(p.sqlCoverage.p50),
                p.coverageWarm ? f1(p.coverageWarm.p50) : '–',
                `${f1(p.adminFloor.p50)}${p.coverage.vsAdminFloor ? ` (${ratio(p.coverage.vsAdminFloor)})` : ''}`,
                p.coverageRebuild ? f0(p.coverageRebuild.ms) : '–',
                p.heap.beforeMB.toFixed(1),
                p.heap.peakMB.toFixed(1),
                (p.heap.peakAboveMB ?? p.heap.growthMB).toFixed(1),
                p.heap.afterGcMB.toFixed(1),
              ]
        )
      )
    )
  );
  L.push('');
  L.push(
    "Right after a write: a whitepaper is saved through the Document Service before each request, so the whitepaper's counts are read again — its maintained base and pending deltas (`server/src/services/coverage-counts.ts`), two small queries — while the other types come from memory. Its SQL alone: those statements replayed directly. Unchanged: nothing changed since the previous request (one read of the change counters). After the import: the first request after seeding, which rebuilds every type's counts from grouped SQL (raw inserts bypass the write path; this also happens after a taxonomy change)."
  );
  L.push('');
  L.push(
    "Admin floor: Strapi's own `GET /admin/users/me` with the same admin JWT, requested right after each coverage request of the series (per pair: coverage ÷ the floor request after it, median) — what any admin request costs in Strapi's admin authentication (session, user, roles, permissions and the ability built from them on every request) before a route does anything."
  );
  L.push('');
  L.push('### growth with N');
  L.push('');
  L.push(
    table(
      [
        'database',
        'span',
        'recommend p50',
        'recommend req/s',
        'core REST p50',
        'tier SQL p50',
        'coverage p50',
        'raw grouped SQL p50',
      ],
      dbs
        .filter((d) => d.points.length > 1)
        .map((d) => {
          const a = d.points[0];
          const b = d.points[d.points.length - 1];
          return [
            NAMES[d.client],
            `${kN(a.N)} → ${kN(b.N)}`,
            ratio(b.recommend.latency.p50 / a.recommend.latency.p50),
            ratio(b.recommend.rps / a.recommend.rps),
            ratio(b.rest.latency.p50 / a.rest.latency.p50),
            ratio(b.sqlTier.p50 / a.sqlTier.p50),
            a.coverage && b.coverage ? ratio(b.coverage.p50 / a.coverage.p50) : 'failed',
            a.coverage && b.coverage ? ratio(b.sqlCoverage.p50 / a.sqlCoverage.p50) : '–',
          ];
        })
    )
  );
  L.push('');
  L.push(`![recommend and core REST p50 latency against N](${path.basename(svgRec)})`);
  L.push('');
  L.push(`![coverage and raw grouped SQL time against N](${path.basename(svgCov)})`);
  L.push('');
  // Only when the run measured the what-if step (--what-if): its proposals are in the plugin now.
  if (dbs.some((d) => d.points.some((p) => p.whatIf))) {
    L.push('### what-if: other query shapes and an index, on the same data (not in the plugin)');
    L.push('');
    L.push(
      'Measured by the same raw-SQL loop on the same database right after the rows above (`bench/lib/proposals.js`). ' +
        '"One-statement candidates": the exact tier for all three types in one UNION ALL statement — per type and audience value (b2b, then both) the 3 newest published entries having a tier stage, by an EXISTS probe on the link table\'s (entry, stage) unique index instead of a join + DISTINCT over whole rows: 18 rows, the input the ranking gets today from 3 candidate queries + 3 populate queries. ' +
        '"+ index": with one index per type table on (journey_audience, published_at, document_id, id), created for this measurement and dropped after (PostgreSQL: then VACUUM ANALYZE). The proposed candidate query breaks ties in published_at by document_id descending (the plugin today: ascending) so that every database can read that index backwards and stop after 3 hits; "same candidates" checks its whitepaper rows against Strapi\'s tier query. ' +
        '"Plain counts": the coverage numbers with COUNT(*) (COUNT(DISTINCT document_id) only for the localized type), untagged by NOT EXISTS, by-stage counts starting from the rows in scope — 9 statements. ' +
        '"Version probe": one row read by primary key — what a cached answer validated against a version row in the database costs per request.'
    );
    L.push('');
    L.push(
      table(
        [
          'database',
          'N',
          "Strapi's tier query q/s (p50 ms)",
          '+ index',
          'one-statement candidates q/s (p50 ms)',
          '+ index',
          'same candidates',
          'coverage SQL today p50 ms',
          '+ index',
          'plain counts p50 ms',
          '+ index',
          'same counts',
          'version probe p50 ms',
        ],
        dbs.flatMap((d) =>
          d.points
            .filter((p) => p.whatIf)
            .map((p) => {
              const w = p.whatIf;
              return [
                NAMES[d.client],
                kN(p.N),
                `${f0(p.sqlTier.perSecond)} (${f2(p.sqlTier.p50)})`,
                `${f0(w.tierIndexed.perSecond)} (${f2(w.tierIndexed.p50)})`,
                `${f0(w.candidate.perSecond)} (${f2(w.candidate.p50)})`,
                `${f0(w.candidateIndexed.perSecond)} (${f2(w.candidateIndexed.p50)})`,
                w.sameCandidates ? 'yes' : '**no**',
                p.sqlCoverage ? f1(p.sqlCoverage.p50) : '–',
                w.coverageTodayIndexed ? f1(w.coverageTodayIndexed.p50) : '–',
                f1(w.coverage.p50),
                f1(w.coverageIndexed.p50),
                w.sameCoverage == null ? '–' : w.sameCoverage ? 'yes' : '**no**',
                f2(w.versionProbe.p50),
              ];
            })
        )
      )
    );
  }
  const protoRows = dbs.flatMap((d) =>
    d.points.filter((p) => p.whatIf?.prototype).map((p) => [d, p])
  );
  if (protoRows.length) {
    L.push('');
    L.push('#### the proposed recommend over HTTP (prototype)');
    L.push('');
    L.push(
      "`bench/lib/prototype.js` swaps the candidate step of the running plugin (`tierCandidates`) for the two-step query above — candidates by the indexed EXISTS query, then only those rows hydrated through `strapi.db.query` — while the bench's index exists; parsing, permissions, tiers, ranking, sanitizing and ETag stay the plugin's code. " +
        '"Same answers": four recommend requests (different stages, audiences, limits) answered with byte-identical bodies and ETags by the plugin and by the prototype. Core REST is measured again with the same index present, so the ratio compares like with like.'
    );
    L.push('');
    L.push(
      table(
        [
          'database',
          'N',
          'recommend today req/s (p50 / p99 ms)',
          'prototype + index req/s (p50 / p99 ms)',
          'core REST + index req/s (p50 / p99 ms)',
          'throughput ratio',
          'p99 ratio',
          'same answers',
        ],
        protoRows.map(([d, p]) => {
          const w = p.whatIf;
          return [
            NAMES[d.client],
            kN(p.N),
            `${f0(p.recommend.rps)} (${p.recommend.latency.p50} / ${p.recommend.latency.p99})`,
            `${f0(w.prototype.rps)} (${w.prototype.latency.p50} / ${w.prototype.latency.p99})`,
            `${f0(w.restIndexed.rps)} (${w.restIndexed.latency.p50} / ${w.restIndexed.latency.p99})`,
            ratio(w.prototype.rps / w.restIndexed.rps),
            ratio(w.prototype.latency.p99 / w.restIndexed.latency.p99),
            w.prototypeSameAnswers ? 'yes' : '**no**',
          ];
        })
      )
    );
  }
  L.push('');
  L.push(
    'q/s and p50 with ' +
      results.config.connections +
      ' concurrent loops (on SQLite one connection serves them all, so its p50 includes the queue).'
  );
  L.push('');
  L.push('### seeding');
  L.push('');
  L.push(
    table(
      ['database', 'to N', 'documents added', 'rows', 'link rows', 'seconds', 'rows/s'],
      dbs.flatMap((d) =>
        d.seeding.map((s) => [
          NAMES[d.client],
          kN(s.N),
          f0(s.documents),
          f0(s.rows),
          f0(s.links),
          (s.ms / 1000).toFixed(1),
          f0((s.rows + s.links) / (s.ms / 1000)),
        ])
      )
    )
  );
  const two = dbs.find((d) => d.twoInstances)?.twoInstances;
  if (two) {
    const single = dbs.find((d) => d.twoInstances).points.find((p) => p.N === two.N);
    L.push('');
    L.push(`### two instances (PostgreSQL, N = ${kN(two.N)})`);
    L.push('');
    L.push(
      table(
        ['', ''],
        [
          [
            'identical answers (status 200, body, ETag) on both',
            `${two.identical} / ${two.probes}${two.mismatches.length ? ` — not: ${two.mismatches.map((x) => `\`${x.url}\` (${x.a}/${x.b}${x.sameBody ? ', same body' : ', bodies differ'})`).join(', ')}` : ''}`,
          ],
          ['identical again after the load', two.identicalAfterLoad ? 'yes' : '**no**'],
          ["A's ETag sent to B as If-None-Match", `${two.crossConditionalStatus}`],
          [
            'recommend under split load',
            `${f0(two.a.rps)} + ${f0(two.b.rps)} = ${f0(two.rps)} req/s (p50 ${two.a.latency.p50} / ${two.b.latency.p50} ms, p99 ${two.a.latency.p99} / ${two.b.latency.p99} ms)`,
          ],
          [
            'one instance, same N, all connections',
            `${f0(single.recommend.rps)} req/s (p99 ${single.recommend.latency.p99} ms)`,
          ],
          ['non-2xx / errors / timeouts', String(two.non2xx)],
        ]
      )
    );
  }
  L.push('');
  L.push('## Targets');
  L.push('');
  L.push(table(['database', 'target', 'measured', ''], evaluate(results)));
  if (quick)
    L.push(
      '',
      `Quick run: the growth targets are stated for 1k → 100k; this run spans ${sizes.map(kN).join(' → ')} only.`
    );
  // Sections measured by the other bench scripts, each on its own schedule (each states its run):
  // concurrent editing (bench/contention.js), visitor signals (bench/visitor.js, generated),
  // stage suggestions (bench/suggest.js, hand-written), demand counting (bench/demand.js, hand-written).
  for (const file of ['contention.md', 'visitor.md', 'suggest.md', 'demand.md']) {
    const section = path.join(root, 'bench', file);
    if (fs.existsSync(section)) L.push('', fs.readFileSync(section, 'utf8').trim());
  }
  // The hand-written analysis of this run, last.
  const analysis = path.join(root, 'bench/analysis.md');
  if (fs.existsSync(analysis)) {
    L.push('');
    L.push(fs.readFileSync(analysis, 'utf8').trim());
  }
  L.push('');
  const md = path.join(outDir, quick ? 'quick.md' : 'benchmarks.md');
  fs.writeFileSync(md, L.join('\n'));
  return [md, svgRec, svgCov];
}

module.exports = { writeReport, evaluate };
