'use strict';
/**
 * The HTTP load generator, run by the bench as its own process:
 *   node bench/lib/load.js '{"url": "...", "connections": 10, "duration": 10, "headers": {}}'
 * `pathsFile` (optional): a JSON file of request paths taken in turn instead of the URL's own, so every
 * request can differ (each visitor's own history) without the generator's cost.
 * Runs autocannon against a loopback URL for a bounded duration and prints one
 * JSON line: requests/s, latency percentiles (ms), status counts.
 */
const autocannon = require('autocannon');

const opts = JSON.parse(process.argv[2]);
if (opts.pathsFile) opts.paths = JSON.parse(require('fs').readFileSync(opts.pathsFile, 'utf8'));
if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(opts.url)) {
  console.error('load.js: loopback URLs only');
  process.exit(2);
}

autocannon(
  {
    url: opts.url,
    connections: opts.connections ?? 10,
    duration: opts.duration ?? 10,
    headers: opts.headers ?? {},
    ...(opts.method ? { method: opts.method } : {}),
    ...(opts.amount ? { amount: opts.amount } : {}),
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    timeout: 10,
    ...(Array.isArray(opts.paths) && opts.paths.length
      ? (() => {
          let i = 0;
          return {
            requests: [
              { setupRequest: (req) => ({ ...req, path: opts.paths[i++ % opts.paths.length] }) },
            ],
          };
        })()
      : {}),
  },
  (err, r) => {
    if (err) {
      console.error(err);
      process.exit(1);
    }
    const out = {
      url: opts.url,
      connections: r.connections,
      duration: r.duration,
      requests: r.requests.total,
      rps: r.requests.average,
      rpsStddev: r.requests.stddev,
      latency: {
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
        max: r.latency.max,
        mean: r.latency.mean,
      },
      ok2xx: r['2xx'],
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      statusCodeStats: r.statusCodeStats,
    };
    process.stdout.write(JSON.stringify(out) + '\n');
  }
);
