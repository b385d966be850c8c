#!/usr/bin/env node
/**
 * Writes docs/openapi.json from the code (server/src/openapi/document.ts): the
 * request schemas the server validates with, and the response schemas. `--check`
 * only compares, and exits 1 when the committed file is stale.
 * Usage: npm run openapi [-- --check]
 */
const fs = require('fs');
const path = require('path');
const prettier = require('prettier');

require('./ts-require'); // the TypeScript sources, compiled on require

const ROOT = path.resolve(__dirname, '..');
const FILE = path.join(ROOT, 'docs/openapi.json');

const main = async () => {
  const { buildOpenApiDocument } = require('../server/src/openapi/document.ts');
  const { version } = require('../package.json');
  const options = await prettier.resolveConfig(FILE);
  const text = await prettier.format(JSON.stringify(buildOpenApiDocument(version), null, 2), {
    ...options,
    parser: 'json',
  });
  if (process.argv.includes('--check')) {
    if (fs.readFileSync(FILE, 'utf8') !== text) {
      console.error('docs/openapi.json is not what the code generates: run npm run openapi');
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(FILE, text);
  console.log(`wrote ${path.relative(ROOT, FILE)}`);
};

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
