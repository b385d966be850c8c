const path = require('path');

/** Compiles the example app once (TypeScript → dist) for every test file of the run. */
module.exports = async () => {
  require('./env.js');
  const appDir = path.resolve(__dirname, '../../../examples/app');
  const { compileStrapi } = require('@strapi/strapi');
  const cwd = process.cwd();
  process.chdir(appDir);
  try {
    await compileStrapi({ appDir });
  } finally {
    process.chdir(cwd);
  }
};
