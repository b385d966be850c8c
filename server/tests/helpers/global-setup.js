const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');
const compileApp = require('./compile-app');

/**
 * Once per run: compiles the example app (unless scripts/test.sh already did, for lanes that
 * share it: JOURNEY_APP_COMPILED=1), then syncs the run's template database with one boot
 * (build-template.js), which every test file copies (databases.js).
 */
module.exports = async () => {
  require('./env.js');
  if (process.env.JOURNEY_APP_COMPILED !== '1') await compileApp();
  const flushWas = await require('./databases').relaxMysqlFlush();
  if (flushWas !== undefined) process.env.JOURNEY_MYSQL_FLUSH_WAS = flushWas;
  const template = `jt_tpl_${crypto.randomBytes(4).toString('hex')}`;
  execFileSync(process.execPath, [path.join(__dirname, 'build-template.js'), template], {
    cwd: path.resolve(__dirname, '../../../examples/app'),
    stdio: 'inherit',
    env: process.env,
  });
  process.env.JOURNEY_TEST_TEMPLATE = template;
};
