/** Drops the run's template database (global-setup.js). */
module.exports = async () => {
  const template = process.env.JOURNEY_TEST_TEMPLATE;
  if (template) await require('./databases').drop(template);
};
