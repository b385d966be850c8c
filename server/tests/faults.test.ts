import { execFile, execFileSync } from 'child_process';
import { promisify } from 'util';
import { performance } from 'perf_hooks';
import {
  bootStrapi,
  listen,
  adminToken,
  grantPublic,
  createEntry,
  DB,
  type TestApp,
  type TestDatabase,
} from './helpers/strapi';

/**
 * Faults (issue #8, item 7): under recommend load, PostgreSQL first kills the app's
 * connections mid-query for a while, then stops, then starts again. While it is
 * away the plugin's routes must answer a clear error (4xx/503 in Strapi's error shape) or a good answer, never a 5xx or silence; after it is
 * back they must answer 200 with the same data as before.
 *
 * The database is a cluster of this test's own (pg_createcluster, another port),
 * never the shared one on 5432, and is dropped at the end. PostgreSQL only: on
 * other databases the file is skipped, loudly.
 */
const VERSION = (() => {
  try {
    return execFileSync('ls', ['/etc/postgresql']).toString().trim().split('\n').sort().pop() ?? '';
  } catch {
    return '';
  }
})();
const CLUSTER = 'journeyfault';
const PORT = Number(process.env.JOURNEY_FAULT_PG_PORT ?? 5434);
const HAS_TOOLS = (() => {
  try {
    execFileSync('which', ['pg_createcluster', 'pg_ctlcluster']);
    return true;
  } catch {
    return false;
  }
})();
const IS_ROOT = process.getuid?.() === 0;
const runs = DB === 'postgres' && VERSION !== '' && HAS_TOOLS && IS_ROOT;
const SKIP_REASON = runs
  ? ''
  : `needs JOURNEY_TEST_DB=postgres, a local PostgreSQL (/etc/postgresql, pg_createcluster) and root; here JOURNEY_TEST_DB=${DB}, version "${VERSION}", tools ${HAS_TOOLS ? 'yes' : 'no'}, root ${IS_ROOT ? 'yes' : 'no'}`;
if (!runs) {
  // Straight to stderr: jest drops console output of a file whose tests are all skipped.
  process.stderr.write(`\n!!! faults.test SKIPPED: ${SKIP_REASON}\n`);
}

const pg = (...args: string[]) =>
  execFileSync(args[0], args.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60000,
  }).toString();
const ctlArgs = (action: 'start' | 'stop') => [
  '--skip-systemctl-redirect',
  VERSION,
  CLUSTER,
  action,
  ...(action === 'stop' ? ['-m', 'fast'] : []),
];
const ctl = (action: 'start' | 'stop') => pg('pg_ctlcluster', ...ctlArgs(action));
/** The same, without blocking the event loop: requests in flight keep running while PostgreSQL goes down. */
const ctlAsync = (action: 'start' | 'stop') =>
  promisify(execFile)('pg_ctlcluster', ctlArgs(action), { timeout: 60000 });
const dropCluster = () => {
  try {
    pg('pg_dropcluster', '--stop', VERSION, CLUSTER);
  } catch {
    // not there
  }
};
const clusterExists = () =>
  pg('pg_lsclusters', '--no-header')
    .split('\n')
    .some((l) => l.split(/\s+/)[1] === CLUSTER);

const WP = 'api::whitepaper.whitepaper';
const RECOMMEND = '/api/journey/recommend?stage=b2b:research&audience=b2b&limit=5';
const COVERAGE = '/journey/coverage';
/** Strapi's own admin route, the reference for what admin authentication does while the database is away. */
const CORE_ADMIN = `/content-manager/collection-types/${WP}?page=1&pageSize=10`;
/** Strapi's own content-API route: users-permissions authenticates it exactly as it does the plugin's. */
const CORE_API = '/api/whitepapers?pagination[pageSize]=5';
const PLUGIN_ROUTES = [RECOMMEND, '/api/journey/stages', COVERAGE];
const ROUTES = [...PLUGIN_ROUTES, CORE_ADMIN, CORE_API];
const WORKERS = 4;
const KILL_MS = 2000; // the app's connections terminated every 30 ms
const DOWN_MS = 4000;
const RECOVER_MS = 45000;

interface Sample {
  route: string;
  phase: 'before' | 'down' | 'after';
  status: number; // -1: no answer (connection error or client timeout)
  ms: number;
  t0: number;
  t1: number;
  body: any;
}

(runs ? describe : describe.skip)(
  `PostgreSQL stops and starts under recommend load${runs ? '' : ` — !!! SKIPPED: ${SKIP_REASON}`}`,
  () => {
    let app: TestApp;
    let token: string;
    const expected = new Map<string, string>();
    const samples: Sample[] = [];
    let phase: Sample['phase'] = 'before';
    let recoveredAfterMs: number | null = null;

    const fingerprint = (route: string, body: any) =>
      route === RECOMMEND
        ? JSON.stringify(body?.data?.map((d: any) => [d.documentId, d.journey?.match]))
        : route === '/api/journey/stages'
          ? JSON.stringify(body?.data?.frameworks?.map((f: any) => f.stages.map((s: any) => s.id)))
          : route === COVERAGE
            ? JSON.stringify(body?.data?.totals)
            : route === CORE_API
              ? JSON.stringify(body?.data?.map((d: any) => d.documentId).sort())
              : JSON.stringify(body?.results?.map((r: any) => r.documentId).sort());

    const hit = async (route: string) => {
      const t0 = performance.now();
      const ORDER = ['before', 'down', 'after'];
      const started = phase;
      let req = app.request().get(route).timeout(30000);
      if (!route.startsWith('/api/')) req = req.set('Authorization', `Bearer ${token}`);
      const res: any = await req.catch(
        (e: any) => e.response ?? { status: -1, body: { error: String(e.message ?? e) } }
      );
      // A request in flight when PostgreSQL stopped counts as "down": it met the outage.
      const at = ORDER[Math.max(ORDER.indexOf(started), ORDER.indexOf(phase))] as Sample['phase'];
      const t1 = performance.now();
      samples.push({ route, phase: at, status: res.status, ms: t1 - t0, t0, t1, body: res.body });
      return res;
    };

    /**
     * Strapi's PostgreSQL dialect sets `search_path` on every new pool connection and
     * does not catch its failure (knex pool `afterCreate` in @strapi/database), so while
     * the server is down those promises reject with no handler — a Strapi core issue,
     * before any plugin code, that jest reports as a failed suite. The test wraps that one
     * step so the failure reaches the query that uses the connection (where the plugin's
     * routes handle it), counts how often it happened, and checks nothing else went unhandled.
     */
    const unhandled: string[] = [];
    const onUnhandled = (error: any) => unhandled.push(String(error?.message ?? error));
    let swallowedSetupFailures = 0;
    const catchConnectionSetup = (strapi: any) => {
      const initialize = strapi.db.dialect.initialize.bind(strapi.db.dialect);
      strapi.db.dialect.initialize = async (connection: unknown) => {
        try {
          await initialize(connection);
        } catch {
          swallowedSetupFailures += 1;
        }
      };
    };

    beforeAll(async () => {
      process.on('unhandledRejection', onUnhandled);
      if (clusterExists()) dropCluster(); // left over from an interrupted run
      pg('pg_createcluster', VERSION, CLUSTER, '-p', String(PORT), '--', '--auth=trust');
      ctl('start');
      const db: TestDatabase = {
        env: {
          DATABASE_CLIENT: 'postgres',
          DATABASE_HOST: '127.0.0.1',
          DATABASE_PORT: String(PORT),
          DATABASE_NAME: 'postgres',
          DATABASE_USERNAME: 'postgres',
          DATABASE_PASSWORD: '',
          DATABASE_SCHEMA: 'public',
        },
        drop: async () => dropCluster(),
      };
      const strapi = await bootStrapi(db);
      catchConnectionSetup(strapi);
      const supertest = (await import('supertest')).default;
      app = {
        strapi,
        db,
        request: () => supertest.agent(strapi.server.httpServer),
        async stop() {
          await strapi.destroy();
          await db.drop();
        },
      };
      await listen(app);
      token = await adminToken(app);
      await grantPublic(app, [
        'plugin::journey.recommend.find',
        'plugin::journey.stage.find',
        `${WP}.find`,
      ]);
      for (let i = 0; i < 6; i++)
        await createEntry(app, 'whitepaper', {
          title: `Research ${i}`,
          stages: ['b2b:research'],
          audience: i % 2 ? 'b2b' : 'both',
          publish: true,
        });
      for (const route of ROUTES) {
        const res = await hit(route);
        if (res.status !== 200)
          throw new Error(
            `${route} answered ${res.status} before any fault: ${JSON.stringify(res.body)}`
          );
        expected.set(route, fingerprint(route, res.body));
      }
      expect(JSON.parse(expected.get(ROUTES[0])!)).toHaveLength(5);

      let stop = false;
      const load = async (w: number) => {
        for (let k = 0; !stop; k++) {
          await hit(ROUTES[(w + k) % ROUTES.length]);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      const workers = Array.from({ length: WORKERS }, (_, w) => load(w));
      await new Promise((r) => setTimeout(r, 1500));
      phase = 'down';
      // First the connections die under running queries (as in a failover), then the server stops.
      const { Client } = await import('pg');
      const killer = new Client({
        host: '127.0.0.1',
        port: PORT,
        user: 'postgres',
        database: 'postgres',
      });
      await killer.connect();
      for (const until = performance.now() + KILL_MS; performance.now() < until; ) {
        await killer.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
        );
        await new Promise((r) => setTimeout(r, 30));
      }
      await killer.end();
      await ctlAsync('stop');
      await new Promise((r) => setTimeout(r, DOWN_MS));
      await ctlAsync('start');
      phase = 'after';
      const back = performance.now();
      // Recovered: every route has answered 200 with the data of before, three times in a row.
      const streak = new Map<string, number>();
      while (performance.now() - back < RECOVER_MS) {
        await new Promise((r) => setTimeout(r, 250));
        for (const s of samples.filter((x) => x.phase === 'after')) {
          const good = s.status === 200 && fingerprint(s.route, s.body) === expected.get(s.route);
          streak.set(s.route, good ? (streak.get(s.route) ?? 0) + 1 : 0);
        }
        if (PLUGIN_ROUTES.every((r) => (streak.get(r) ?? 0) >= 3)) {
          recoveredAfterMs = Math.round(performance.now() - back);
          break;
        }
        streak.clear();
      }
      stop = true;
      await Promise.all(workers);
      const tally = (p: Sample['phase']) =>
        ROUTES.map((r) => {
          const counts: Record<string, number> = {};
          for (const s of samples.filter((x) => x.phase === p && x.route === r))
            counts[s.status] = (counts[s.status] ?? 0) + 1;
          return `    ${r.padEnd(60)} ${JSON.stringify(counts)}`;
        }).join('\n');
      const slowest = Math.round(
        Math.max(...samples.filter((s) => s.phase === 'down').map((s) => s.ms), 0)
      );
      console.log(
        `faults.test: status counts per phase (PostgreSQL ${VERSION}, cluster ${CLUSTER} on ${PORT}, down ${DOWN_MS} ms, recovered ${recoveredAfterMs ?? 'never'} ms after restart, slowest answer while down ${slowest} ms)\n` +
          (['before', 'down', 'after'] as const).map((p) => `  ${p}:\n${tally(p)}`).join('\n') +
          '\n  bodies seen while down: ' +
          JSON.stringify([
            ...new Set(
              samples
                .filter((s) => s.phase !== 'before' && s.status !== 200)
                .map((s) => `${s.status} ${JSON.stringify(s.body?.error ?? s.body).slice(0, 160)}`)
            ),
          ])
      );
    });

    afterAll(async () => {
      try {
        if (clusterExists()) ctl('start');
      } catch {
        // already running
      }
      await app?.stop().catch(() => {});
      dropCluster();
      process.off('unhandledRejection', onUnhandled);
    });

    it('left no unhandled rejection', () => {
      console.log(
        `faults.test: ${swallowedSetupFailures} failed connection setups (Strapi's search_path step) while the server was away`
      );
      expect(unhandled).toEqual([]);
    });

    it('answered requests in every phase (the load really ran across the outage)', () => {
      for (const p of ['before', 'down', 'after'] as const)
        expect({ p, n: samples.filter((s) => s.phase === p).length > 0 }).toEqual({ p, n: true });
    });

    const plugin = (s: Sample) => PLUGIN_ROUTES.includes(s.route);
    /**
     * Whether Strapi's own admin route answered 5xx within a second of this request (its admin
     * authentication could not read the user): then the plugin's admin route failing is Strapi's.
     */
    const coreFailedNear = (x: Sample) =>
      samples.some(
        (s) => s.route === CORE_ADMIN && s.status >= 500 && s.t0 < x.t1 + 1000 && s.t1 > x.t0 - 1000
      );
    const show = (s: Sample) =>
      `${s.phase} ${s.route} → ${s.status} ${JSON.stringify(s.body?.error ?? s.body).slice(0, 200)}`;

    /** Whether Strapi's own content-API route answered 500 within a second of this request (users-permissions, before any plugin code). */
    const coreApiFailedNear = (x: Sample) =>
      samples.some(
        (s) =>
          s.route === CORE_API &&
          s.status >= 500 &&
          s.status !== 503 &&
          s.t0 < x.t1 + 1000 &&
          s.t1 > x.t0 - 1000
      );

    it('answered every request of the plugin’s content-API routes (recommend, stages), never with a 500: a 503 at worst', () => {
      // 503 ServiceUnavailableError is the honest answer while the database is away; a 500 is
      // a bug of the plugin's, unless Strapi's own REST route failed the same way at that moment.
      const bad = samples
        .filter((s) => plugin(s) && s.route.startsWith('/api/'))
        .filter(
          (s) => s.status < 0 || (s.status >= 500 && s.status !== 503 && !coreApiFailedNear(s))
        )
        .map(show);
      expect(bad).toEqual([]);
    });

    it('answered the plugin’s admin route no worse than Strapi’s own admin route at the same time', () => {
      // Admin authentication (Strapi's, before any plugin code) reads the user from the database and
      // answers 500 when it cannot; a 5xx of the coverage route counts unless the Content Manager's
      // own list route failed the same way within a second of it.
      const bad = samples
        .filter(
          (s) => s.route === COVERAGE && (s.status < 0 || (s.status >= 500 && !coreFailedNear(s)))
        )
        .map(show);
      expect(bad).toEqual([]);
    });

    it('while away: a clear error in Strapi’s error shape, or the right answer', () => {
      const unclear = samples
        .filter((s) => plugin(s) && s.phase !== 'before')
        .filter((s) => {
          if (s.status === 200) return fingerprint(s.route, s.body) !== expected.get(s.route);
          const shaped =
            s.body?.data === null &&
            typeof s.body?.error?.status === 'number' &&
            typeof s.body?.error?.message === 'string';
          const clearStatus =
            (s.status >= 400 && s.status < 500) ||
            s.status === 503 ||
            (s.route === COVERAGE && coreFailedNear(s)) ||
            (s.route !== COVERAGE && coreApiFailedNear(s));
          return !(shaped && clearStatus);
        })
        .map((s) => `${s.phase} ${s.route} → ${s.status} ${JSON.stringify(s.body).slice(0, 200)}`);
      expect(unclear).toEqual([]);
    });

    it('recovers fully after the restart: 200 with the same data on every route', () => {
      expect(recoveredAfterMs).not.toBeNull();
    });
  }
);
