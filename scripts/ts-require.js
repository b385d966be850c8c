'use strict';
/**
 * Lets a Node script require the TypeScript sources directly (no build step), as
 * jest does (jest.config.js): each .ts file is compiled by swc when required.
 */
const fs = require('fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2021' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
