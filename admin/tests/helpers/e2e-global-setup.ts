/**
 * Boots the example app once with the demo content on a fresh SQLite file and keeps that
 * file as the run's demo template (JOURNEY_E2E_TEMPLATE): every browser test's boot starts
 * from a copy of it (copyDemoTemplate) instead of syncing and seeding an empty database.
 * Without a built admin or Chromium it does nothing: the tests then fail with the command
 * to run (assertBuiltAdmin).
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { APP, CHROMIUM, e2ePort, startStrapi } from './strapi-browser';

export default async () => {
  require('../../../server/tests/helpers/env.js');
  if (!fs.existsSync(path.join(APP, 'dist/build/index.html')) || !fs.existsSync(CHROMIUM)) return;
  const dbFile = `.tmp/e2e-template-${crypto.randomBytes(4).toString('hex')}.db`;
  const server = await startStrapi({ port: e2ePort(1399), dbFile });
  await server.stop({ keepDatabase: true });
  process.env.JOURNEY_E2E_TEMPLATE = path.join(APP, dbFile);
};
