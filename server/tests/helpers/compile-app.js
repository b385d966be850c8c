const path = require('path');

/** Compiles the example app (TypeScript → examples/app/dist) as `strapi start` would. */
const compileApp = async () => {
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

module.exports = compileApp;

// `node compile-app.js`: once before test lanes that run at the same time (scripts/test.sh).
if (require.main === module)
  compileApp().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    }
  );
