'use strict';
/** Child processes of the bench: Strapi servers (forked, IPC) and one-shot JSON tools. */
const { fork, execFile } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { APP_DIR } = require('./db');

let logDir;
/** Server logs and CPU profiles of this run: a fresh directory under the OS temp dir, made on first use. */
const LOG_DIR = () => (logDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'journey-bench-')));
const live = new Set();

const SECRETS = {
  APP_KEYS: 'benchKeyA,benchKeyB',
  ADMIN_JWT_SECRET: 'bench-admin-jwt-secret',
  API_TOKEN_SALT: 'bench-api-token-salt',
  TRANSFER_TOKEN_SALT: 'bench-transfer-token-salt',
  JWT_SECRET: 'bench-jwt-secret',
  ENCRYPTION_KEY: 'bench-encryption-key-0123456789a',
};

const portFree = (port) =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

// The port range is shared by every bench on the machine: JOURNEY_BENCH_PORTS=LO-HI or --ports=LO-HI (run.js) narrows it.
const [ENV_LO, ENV_HI] = (process.env.JOURNEY_BENCH_PORTS ?? '1400-1499').split('-').map(Number);
let range = { lo: ENV_LO, hi: ENV_HI };
let nextPort = null;
function setPortRange(lo, hi) {
  if (!(lo >= 1024 && hi >= lo && hi <= 65535)) throw new Error(`bad port range ${lo}-${hi}`);
  range = { lo, hi };
  nextPort = null;
}
async function freePort() {
  const span = range.hi - range.lo + 1;
  nextPort ??= range.lo + Math.floor(Math.random() * span);
  for (let k = 0; k < span; k++) {
    const p = range.lo + ((nextPort++ - range.lo) % span);
    if (await portFree(p)) return p;
  }
  throw new Error(`no free port in ${range.lo}-${range.hi}`);
}

/** Starts one Strapi server on the given database env; resolves when it listens. */
async function startServer(dbEnv, label) {
  const port = await freePort();
  const logFile = path.join(LOG_DIR(), `${label}-${port}.log`);
  const log = fs.openSync(logFile, 'a');
  const env = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) =>
          !k.startsWith('DATABASE_') && k !== 'JOURNEY_TEST_CONFIG' && k !== 'JOURNEY_DEMO_SEED'
      )
    ),
    ...SECRETS,
    ...dbEnv,
    HOST: '127.0.0.1',
    PORT: String(port),
    NODE_ENV: 'production',
    STRAPI_LOG_LEVEL: 'error',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
    STRAPI_HIDE_STARTUP_MESSAGE: 'true',
    BROWSER: 'none',
  };
  const t0 = Date.now();
  const child = fork(path.join(__dirname, 'server.js'), [], {
    cwd: APP_DIR,
    env,
    execArgv: ['--expose-gc'],
    stdio: ['ignore', log, log, 'ipc'],
  });
  live.add(child);
  let seq = 0;
  const pending = new Map();
  child.on('message', (m) => {
    if (m && typeof m.id === 'number' && pending.has(m.id)) {
      const { resolve, reject } = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) reject(new Error(`${label}: ${m.error}`));
      else resolve(m.result);
    }
  });
  child.on('exit', (code) => {
    live.delete(child);
    for (const { reject } of pending.values())
      reject(new Error(`${label} exited (${code}); log: ${logFile}`));
    pending.clear();
  });
  let build;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${label} did not start in 120 s; log: ${logFile}`)),
      120000
    );
    child.on('message', (m) => {
      if (m && m.ready) {
        clearTimeout(timer);
        build = m.build;
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${label} exited during boot (${code}):\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`
        )
      );
    });
  });
  return {
    label,
    port,
    pid: child.pid,
    base: `http://127.0.0.1:${port}`,
    bootMs: Date.now() - t0,
    build,
    logFile,
    call(cmd, args) {
      const id = ++seq;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, cmd, args });
      });
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}

/** Runs `node <script> <json>` and parses the last stdout line as JSON. */
function runJson(script, args, { timeoutMs = 600000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [path.join(__dirname, script), JSON.stringify(args)],
      { cwd: APP_DIR, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs },
      (err, stdout, stderr) => {
        live.delete(child);
        if (err) return reject(new Error(`${script} failed: ${err.message}\n${stderr}`));
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop()));
        } catch (e) {
          reject(
            new Error(`${script}: unreadable output ${stdout.slice(-500)} ${stderr.slice(-500)}`)
          );
        }
      }
    );
    live.add(child);
  });
}

/** Kills every child this bench started (by its own handle/PID), e.g. on Ctrl-C or a crash. */
function killAll() {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already exited
    }
  }
}

module.exports = { startServer, runJson, killAll, LOG_DIR, setPortRange };
