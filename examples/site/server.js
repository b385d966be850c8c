#!/usr/bin/env node
/**
 * The example site: one page that asks the example app "what should a visitor at
 * this stage see?" through the plugin's typed client, the way a frontend would.
 *
 *   node examples/site/server.js          → http://127.0.0.1:5173
 *
 * Environment: PORT (5173), HOST (127.0.0.1), JOURNEY_API_URL (the Strapi app,
 * http://127.0.0.1:1337; the page's ?api= overrides it), JOURNEY_CLIENT=source to
 * bundle plugin/src/client.ts with esbuild instead of serving the built
 * dist/client/index.mjs (what `npm run build` produces; the default).
 *
 * It serves six fixed files (the stage picker at /, a visitor's walk at /walk) and nothing else; no dependency beyond Node (and
 * esbuild from the repository's node_modules when bundling from source).
 */
'use strict';

const http = require('http');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const PORT = Number(process.env.PORT || 5173);
const HOST = process.env.HOST || '127.0.0.1';
const API_URL = process.env.JOURNEY_API_URL || 'http://127.0.0.1:1337';
const BUILT_CLIENT = path.join(ROOT, 'dist/client/index.mjs');

/** The client as an ES module: the built package file, or a bundle of the source. */
const loadClient = () => {
  if (process.env.JOURNEY_CLIENT !== 'source' && fs.existsSync(BUILT_CLIENT)) {
    return { code: fs.readFileSync(BUILT_CLIENT, 'utf8'), from: path.relative(ROOT, BUILT_CLIENT) };
  }
  const esbuild = require(require.resolve('esbuild', { paths: [ROOT] }));
  const result = esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'plugin/src/client.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
  });
  return { code: result.outputFiles[0].text, from: 'plugin/src/client.ts (esbuild)' };
};

const client = loadClient();
const escapeAttr = (s) =>
  String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const read = (file) => fs.readFileSync(path.join(__dirname, file), 'utf8');

const routes = {
  '/': () => [
    'text/html; charset=utf-8',
    read('index.html').replace('%JOURNEY_API_URL%', escapeAttr(API_URL)),
  ],
  '/app.js': () => ['text/javascript; charset=utf-8', read('app.js')],
  '/walk': () => [
    'text/html; charset=utf-8',
    read('walk.html').replace('%JOURNEY_API_URL%', escapeAttr(API_URL)),
  ],
  '/walk.js': () => ['text/javascript; charset=utf-8', read('walk.js')],
  '/style.css': () => ['text/css; charset=utf-8', read('style.css')],
  '/journey-client.mjs': () => ['text/javascript; charset=utf-8', client.code],
};

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  const route = routes[pathname === '/index.html' ? '/' : pathname];
  if (!route || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(route ? 405 : 404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(route ? 'Method not allowed' : 'Not found');
    return;
  }
  const [type, body] = route();
  res.writeHead(200, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
});

server.listen(PORT, HOST, () => {
  const { port } = server.address();
  console.log(
    `journey example site on http://${HOST}:${port}/ (API ${API_URL}; client from ${client.from})`
  );
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
