'use strict';
/**
 * The concurrent-editing load, run by bench/contention.js as its own process:
 *   node bench/lib/writemix.js '{"base": "http://127.0.0.1:1480", "token": "…", "uid": "api::whitepaper.whitepaper",
 *                               "ids": [...], "stageIds": [...], "bulk": 3, "single": 3, "cm": 3, "duration": 10, "seed": 1}'
 * Runs `bulk` bulk taggers (PUT /journey/tags/:uid), `single` single tag savers
 * (PUT /journey/tags/:uid/:documentId) and `cm` Content Manager savers (PUT
 * /content-manager/collection-types/:uid/:documentId, title + summary only) over
 * the same entries for `duration` seconds, then checks that every entry reads back
 * a write it may legally end on (see server/tests/contention.test.ts for the rule).
 * Prints one JSON line: requests and entry writes per kind, status counts, lost writes.
 */
const opts = JSON.parse(process.argv[2]);
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(opts.base)) {
  console.error('writemix.js: loopback only');
  process.exit(2);
}

const prng = (seed) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const { base, token, uid, ids } = opts;
const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
const stageSets = [];
for (let k = 0; k < 8; k++)
  stageSets.push(
    opts.stageIds.slice(k % opts.stageIds.length, (k % opts.stageIds.length) + 1 + (k % 3))
  );
const AUDIENCES = ['b2b', 'b2c', 'both'];
const tagValue = (stages, audience) => `${stages.join('+')}|${audience}`;
const now = () => Number(process.hrtime.bigint() / 1000n) / 1000; // ms

const put = async (path, body) => {
  try {
    const res = await fetch(base + path, { method: 'PUT', headers, body: JSON.stringify(body) });
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: the caller reads `text`
    }
    return { status: res.status, json, text };
  } catch (e) {
    return { status: -1, json: null, text: String(e) };
  }
};

const stats = {
  requests: { bulk: 0, single: 0, cm: 0 },
  entryWrites: { bulk: 0, single: 0, cm: 0 },
  statuses: {},
  errors: [],
};
const writes = []; // { register, value, start, end, acked }
const note = (kind, res, entries) => {
  stats.requests[kind]++;
  stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
  const ok = res.status >= 200 && res.status < 300;
  if (ok) stats.entryWrites[kind] += entries;
  else if (stats.errors.length < 10)
    stats.errors.push(
      `${kind} ${res.status} ${(res.json?.error?.message ?? res.text).slice(0, 200)}`
    );
  return ok;
};

async function main() {
  const deadline = now() + opts.duration * 1000;
  const loop = async (kind, n, op) => {
    const rnd = prng((opts.seed ?? 1) * 1000 + n * 31 + kind.length);
    for (let k = 0; now() < deadline; k++) await op(rnd, k, n);
  };
  const pick = (rnd, xs) => xs[Math.floor(rnd() * xs.length)];
  const sample = (rnd, xs, k) => {
    const pool = [...xs];
    const out = [];
    while (out.length < k && pool.length)
      out.push(pool.splice(Math.floor(rnd() * pool.length), 1)[0]);
    return out;
  };

  const workers = [];
  for (let n = 0; n < (opts.bulk ?? 0); n++)
    workers.push(
      loop('bulk', n, async (rnd) => {
        const documentIds = sample(rnd, ids, 3 + Math.floor(rnd() * 3));
        const stages = pick(rnd, stageSets);
        const audience = pick(rnd, AUDIENCES);
        const mode = rnd() < 0.3 ? 'add' : 'replace';
        const start = now();
        const res = await put(`/journey/tags/${uid}`, { documentIds, stages, audience, mode });
        const end = now();
        const ok = note('bulk', res, documentIds.length);
        const written = new Map(
          ok && Array.isArray(res.json?.data)
            ? res.json.data.map((t) => [t.documentId, tagValue(t.stages, t.audience)])
            : []
        );
        for (const id of documentIds)
          writes.push({
            register: `${id}:tags`,
            value: mode === 'replace' ? tagValue(stages, audience) : (written.get(id) ?? null),
            start,
            end,
            acked: ok,
          });
      })
    );
  for (let n = 0; n < (opts.single ?? 0); n++)
    workers.push(
      loop('single', n, async (rnd) => {
        const id = pick(rnd, ids);
        const stages = pick(rnd, stageSets);
        const audience = pick(rnd, AUDIENCES);
        const start = now();
        const res = await put(`/journey/tags/${uid}/${id}`, { stages, audience });
        const end = now();
        writes.push({
          register: `${id}:tags`,
          value: tagValue(stages, audience),
          start,
          end,
          acked: note('single', res, 1),
        });
      })
    );
  for (let n = 0; n < (opts.cm ?? 0); n++)
    workers.push(
      loop('cm', n, async (rnd, k) => {
        const id = pick(rnd, ids);
        const title = `cm${n}-${k}-${Math.floor(rnd() * 1e6)}`;
        const start = now();
        const res = await put(`/content-manager/collection-types/${uid}/${id}`, {
          title,
          summary: `saved by writer ${n}`,
        });
        const end = now();
        writes.push({
          register: `${id}:title`,
          value: title,
          start,
          end,
          acked: note('cm', res, 1),
        });
      })
    );
  const t0 = now();
  await Promise.all(workers);
  const seconds = (now() - t0) / 1000;

  // Read back: every register must hold the value of a write no acknowledged write started after.
  const lost = [];
  for (const id of ids) {
    const registers = { title: null, tags: null };
    const cm = await fetch(`${base}/content-manager/collection-types/${uid}/${id}`, {
      headers,
    }).then((r) => r.json());
    registers.title = cm?.data?.title ?? null;
    if ((opts.bulk ?? 0) + (opts.single ?? 0) > 0) {
      const t = await fetch(`${base}/journey/tags/${uid}/${id}`, { headers }).then((r) => r.json());
      registers.tags = t?.data ? tagValue(t.data.stages, t.data.audience) : null;
    }
    for (const [field, value] of Object.entries(registers)) {
      const mine = writes.filter((w) => w.register === `${id}:${field}`);
      if (mine.length === 0) continue;
      const live = mine.filter((w) => !mine.some((o) => o.acked && o.start > w.end));
      if (!live.some((w) => w.value === null || w.value === value))
        lost.push(
          `${id} ${field}: ${JSON.stringify(value)} not in ${JSON.stringify(live.map((w) => w.value))}`
        );
    }
  }
  const totalRequests = Object.values(stats.requests).reduce((a, b) => a + b, 0);
  const ok = Object.entries(stats.statuses).reduce(
    (a, [s, n]) => a + (Number(s) >= 200 && Number(s) < 300 ? n : 0),
    0
  );
  const entryWrites = Object.values(stats.entryWrites).reduce((a, b) => a + b, 0);
  process.stdout.write(
    JSON.stringify({
      seconds,
      requests: stats.requests,
      entryWrites: stats.entryWrites,
      requestsPerSec: ok / seconds,
      entryWritesPerSec: entryWrites / seconds,
      cmWritesPerSec: stats.entryWrites.cm / seconds,
      non2xx: totalRequests - ok,
      statuses: stats.statuses,
      errors: stats.errors,
      lost,
    }) + '\n'
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
