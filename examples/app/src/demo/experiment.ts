import type { Core } from '@strapi/strapi';

/**
 * The demo's running experiment (issue #21): the journey ranking against what a site shows
 * without the plugin (its newest published entries), 50/50, for every visitor, and three
 * weeks of generated traffic so the coverage page shows a populated result.
 *
 * The traffic is made up, with a behaviour stated here and in the README: each answer is
 * clicked with probability 7.5 % in the journey arm and 5.5 % in the newest arm, and moves
 * the visitor forward with 3.0 % and 1.8 %. It proves the wiring and the maths (the page
 * should find the lift it was given, within its interval), not a real-world lift.
 */
export const DEMO_EXPERIMENT = {
  id: 'journey-vs-newest',
  label: 'Journey ranking vs newest entries',
  status: 'running',
  audience: 'any',
  locale: '*',
  minimumLift: 0.2,
  arms: [
    {
      id: 'newest',
      label: 'Newest entries (what the site showed before)',
      kind: 'newest',
      percent: 50,
    },
    { id: 'journey', label: 'Journey ranking', kind: 'journey', percent: 50 },
  ],
};

const BEHAVIOUR: Record<string, { click: number; progress: number }> = {
  journey: { click: 0.075, progress: 0.03 },
  newest: { click: 0.055, progress: 0.018 },
};
const DAYS = 21;
// Enough for the 20 % lift it was set to detect (about 7,400 answers per arm at a 5.5 % rate).
const ANSWERS_PER_DAY = 900;
const DAY = 86_400_000;

/** mulberry32, seeded: the same demo numbers on every run. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export const seedDemoExperiment = async (strapi: Core.Strapi, now = Date.now()) => {
  const experiments = strapi.plugin('journey').service('experiments');
  const stored = await experiments.stored();
  if (!stored.some((e: { id: string }) => e.id === DEMO_EXPERIMENT.id))
    await experiments.update({ experiments: [...stored, DEMO_EXPERIMENT] });
  const counted = await strapi.db
    .getConnection('journey_experiment_days')
    .where({ experiment: DEMO_EXPERIMENT.id })
    .first();
  if (counted) return;
  const counts = strapi.plugin('journey').service('experiment-counts');
  const random = seeded(20261205);
  // Started three weeks ago: the days before today, each with its own visitors.
  for (let d = DAYS; d >= 1; d -= 1) {
    const at = now - d * DAY;
    const answers = Math.round(ANSWERS_PER_DAY * (0.85 + random() * 0.3));
    for (let i = 0; i < answers; i += 1) {
      // 4 % of pages call recommend without the picker: "not in the experiment".
      if (random() < 0.04) {
        counts.record(DEMO_EXPERIMENT.id, null, 'answer', 1, at);
        continue;
      }
      const arm = random() < 0.5 ? 'newest' : 'journey';
      counts.record(DEMO_EXPERIMENT.id, arm, 'answer', 1, at);
      if (random() < BEHAVIOUR[arm].click) {
        counts.record(DEMO_EXPERIMENT.id, arm, 'click', 1, at);
        counts.record(DEMO_EXPERIMENT.id, arm, 'view', 1, at);
        if (random() < BEHAVIOUR[arm].progress / BEHAVIOUR[arm].click)
          counts.record(DEMO_EXPERIMENT.id, arm, 'progress', 1, at);
      }
    }
  }
  await strapi.plugin('journey').service('demand').flush();
  strapi.log.info(`[journey demo] generated ${DAYS} days of experiment traffic`);
};
