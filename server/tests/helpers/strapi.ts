import path from 'path';
import crypto from 'crypto';
import net from 'net';
import supertest from 'supertest';

const { createDatabase, skipDiskFlush } = require('./databases');

export const APP_DIR = path.resolve(__dirname, '../../../examples/app');
export type DbClient = 'sqlite' | 'postgres' | 'mysql';
export const DB: DbClient = (process.env.JOURNEY_TEST_DB as DbClient) || 'sqlite';

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

export interface TestDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file (its own SQLite file, PostgreSQL or MariaDB
 * database), so files never see each other's rows: a copy of the run's template, synced
 * once by the global setup (helpers/databases.js). `name` lets two Strapi instances share one.
 */
export const createTestDatabase = async (name?: string): Promise<TestDatabase> => {
  const port = DB === 'postgres' ? 5432 : DB === 'mysql' ? 3306 : 0;
  if (port && !(await reachable(port)))
    throw new Error(`${DB} is not reachable on 127.0.0.1:${port}`);
  const { env, drop } = await createDatabase(name);
  return { env, drop };
};

const DB_KEYS = [
  'DATABASE_CLIENT',
  'DATABASE_FILENAME',
  'DATABASE_HOST',
  'DATABASE_PORT',
  'DATABASE_NAME',
  'DATABASE_USERNAME',
  'DATABASE_PASSWORD',
  'DATABASE_SCHEMA',
  'JOURNEY_TEST_CONFIG',
];

/**
 * Boots the real example app in-process (compiled once by global-setup) on the
 * given database and mounts its routes. `config` is merged into the plugin config.
 */
export interface BootHooks {
  /** Runs on the created, not yet loaded instance (e.g. to spy on its logger). */
  beforeLoad?: (strapi: any) => void | Promise<void>;
  /** Runs at the end of bootstrap, where an app's own bootstrap would (e.g. to register an RBAC condition). */
  bootstrap?: (strapi: any) => void | Promise<void>;
}

export const bootStrapi = async (
  db: TestDatabase,
  config?: Record<string, unknown>,
  hooks: BootHooks = {},
  /** A copy of the example app, for a test that changes its compiled files (never the shared one: other lanes run on it). */
  appDir = APP_DIR
) => {
  for (const k of DB_KEYS) delete process.env[k];
  Object.assign(process.env, db.env);
  if (config) process.env.JOURNEY_TEST_CONFIG = JSON.stringify(config);
  const { createStrapi } = await import('@strapi/strapi');
  const strapi: any = createStrapi({
    appDir,
    distDir: path.join(appDir, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  } as any);
  try {
    await hooks.beforeLoad?.(strapi);
    // strapi.load() is register + bootstrap + isLoaded, taken apart: the database setting goes
    // in before the first write, and the hook runs before isLoaded, as an app's bootstrap does.
    await strapi.register();
    await skipDiskFlush(strapi);
    await strapi.bootstrap();
    await hooks.bootstrap?.(strapi);
    strapi.isLoaded = true;
  } catch (error) {
    await strapi.destroy().catch(() => {});
    throw error;
  }
  strapi.server.mount();
  return strapi;
};

export interface TestApp {
  strapi: any;
  db: TestDatabase;
  request: () => supertest.Agent;
  stop(): Promise<void>;
}

/** One booted app on a fresh database; call stop() in afterAll. */
export const startApp = async (
  config?: Record<string, unknown>,
  hooks?: BootHooks
): Promise<TestApp> => {
  const db = await createTestDatabase();
  const strapi = await bootStrapi(db, config, hooks);
  return {
    strapi,
    db,
    request: () => supertest.agent(strapi.server.httpServer),
    async stop() {
      await strapi.destroy();
      await db.drop();
    },
  };
};

/** A logged-in admin; `roleCode` defaults to the super admin role. Returns the JWT. */
export const adminToken = async (app: TestApp, opts: { email?: string; roleId?: number } = {}) => {
  const { strapi } = app;
  const email = opts.email ?? `admin-${crypto.randomBytes(3).toString('hex')}@test.local`;
  const password = 'Password123';
  const roleId = opts.roleId ?? (await strapi.admin.services.role.getSuperAdmin()).id;
  await strapi.admin.services.user.create({
    email,
    firstname: 'Test',
    lastname: 'Admin',
    password,
    roles: [roleId],
    isActive: true,
    registrationToken: null,
  });
  const res = await app.request().post('/admin/login').send({ email, password });
  if (!res.body?.data?.token)
    throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.token as string;
};

/** Grants the Public role these content-API actions (as an admin would in Users & Permissions). */
export const grantPublic = async (app: TestApp, actions: string[]) => {
  const { strapi } = app;
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' } });
  for (const action of actions) {
    await strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action, role: role.id } });
  }
};

export const ensureLocale = async (app: TestApp, code: string) => {
  const locales = app.strapi.plugin('i18n').service('locales');
  if (!(await locales.findByCode(code))) await locales.create({ code, name: code });
};

/** Creates a document with tags through the Document Service, optionally published. */
export const createEntry = async (
  app: TestApp,
  type: 'blog-post' | 'whitepaper' | 'case-study' | 'legal-page',
  data: {
    title: string;
    stages?: string[];
    audience?: 'b2b' | 'b2c' | 'both';
    publish?: boolean;
    locale?: string;
    internalNotes?: string;
  }
) => {
  const { strapi } = app;
  const uid = `api::${type}.${type}`;
  const rows =
    type === 'legal-page'
      ? new Map()
      : await strapi.plugin('journey').service('taxonomy').stageRows();
  const payload: any = {
    title: data.title,
    summary: `About ${data.title}`,
    internalNotes: data.internalNotes ?? 'secret note',
  };
  if (data.stages) payload.journeyStages = data.stages.map((id) => rows.get(id).documentId);
  if (data.audience) payload.journeyAudience = data.audience;
  const doc = await strapi.documents(uid).create({ data: payload, locale: data.locale });
  if (data.publish)
    await strapi.documents(uid).publish({ documentId: doc.documentId, locale: data.locale });
  return doc.documentId as string;
};

/** Runs one journey service call in a separate Strapi process on the same database (see second-instance.js). */
export const inSecondInstance = async (
  db: TestDatabase,
  service: string,
  method: string,
  args: unknown[] = []
) => {
  const { execFile } = await import('child_process');
  const { promisify } = await import('util');
  const env = {
    ...process.env,
    ...db.env,
    JOURNEY_TEST_CONFIG: process.env.JOURNEY_TEST_CONFIG ?? '',
  };
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(__dirname, 'second-instance.js'), service, method, JSON.stringify(args)],
    {
      env,
      cwd: APP_DIR,
      maxBuffer: 20 * 1024 * 1024,
    }
  );
  return JSON.parse(stdout.trim().split('\n').pop() as string);
};

/**
 * Makes the app's HTTP server listen on an ephemeral loopback port. supertest
 * listens per request on a server that is not listening, which breaks when
 * requests overlap; concurrent tests call this once after startApp().
 */
export const listen = (app: TestApp) =>
  new Promise<void>((resolve, reject) => {
    const server = app.strapi.server.httpServer;
    if (server.listening) return resolve();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

/**
 * Creates published (unless told otherwise) entries under short keys, 15 ms apart so
 * their publishedAt order is the order they were added in (ranking ties break on it).
 */
export const namedEntries =
  (app: TestApp, ids: Record<string, string>) =>
  async (
    key: string,
    type: Parameters<typeof createEntry>[1],
    stages: string[],
    audience: 'b2b' | 'b2c' | 'both',
    extra: Partial<Parameters<typeof createEntry>[2]> = {}
  ) => {
    ids[key] = await createEntry(app, type, {
      title: key,
      stages,
      audience,
      publish: true,
      ...extra,
    });
    await new Promise((r) => setTimeout(r, 15));
  };

/**
 * Reads the coverage matrix (every type, all scopes' counts) until no type's counts are
 * being recounted in the background (services/coverage-counts.ts `read`), for at most
 * `timeoutMs`: what a test does after counts were invalidated, before asserting exact figures.
 */
export const untilRecounted = async (app: TestApp, timeoutMs = 30_000) => {
  const coverage = app.strapi.plugin('journey').service('coverage');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { meta } = await coverage.matrix({});
    if (!meta.recounting) return;
    if (Date.now() > deadline)
      throw new Error(`coverage counts still recounting after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
