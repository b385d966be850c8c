/** Drops the run's template database and restores MariaDB's flush setting (global-setup.js). */
module.exports = async () => {
  const { drop, restoreMysqlFlush } = require('./databases');
  const template = process.env.JOURNEY_TEST_TEMPLATE;
  if (template) await drop(template);
  await restoreMysqlFlush(process.env.JOURNEY_MYSQL_FLUSH_WAS);
};
