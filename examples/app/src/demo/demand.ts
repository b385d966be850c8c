import type { Core } from '@strapi/strapi';

/**
 * A realistic, deterministic month of demand for the demo's coverage page: what a
 * B2B + B2C site's frontend would have asked /api/journey/recommend over 30 days,
 * with weekly rhythm, slow growth and noise from a seeded generator (same numbers
 * on every run, dated relative to the seeding day). Each request's outcome is
 * derived from the demo's real supply (exact if the stage alone fills the limit,
 * widened if neighbouring stages do, empty otherwise), so "Write next" on the
 * page follows from the content that is actually there.
 */

/** Requests per day at the start of the month, per stage id. */
const BASE: Record<string, number> = {
  'b2b:problem-recognition': 34,
  'b2b:research': 52,
  'b2b:consideration': 61,
  'b2b:selection': 38,
  'b2b:purchase': 22,
  'b2b:post-purchase': 47,
  'b2c:awareness': 70,
  'b2c:consideration': 44,
  'b2c:purchase': 30,
  'b2c:retention': 18,
  'b2c:advocacy': 26,
};

/** How frontends ask: share of requests per (audience given?, locale, limit). */
const MIX = [
  { share: 0.62, audience: true, locale: undefined, limit: 3 },
  { share: 0.14, audience: false, locale: undefined, limit: 3 },
  { share: 0.12, audience: true, locale: undefined, limit: 6 },
  { share: 0.12, audience: true, locale: 'fr', limit: 3 },
];

const PHASES = ['awareness', 'consideration', 'decision', 'retention', 'advocacy'];
const DAY = 86_400_000;

/** The stages recommend widens to (same phase, then the neighbouring phases), as plugin/src/rank.ts matchTiers. */
const widenedStages = (taxonomy: any, stage: any) => {
  const i = PHASES.indexOf(stage.phase);
  const phases = [PHASES[i], PHASES[i + 1], PHASES[i - 1]].filter(Boolean);
  return taxonomy.stages
    .filter((s: any) => s.id !== stage.id && phases.includes(s.phase))
    .map((s: any) => s.id as string);
};

/** mulberry32: a tiny seeded PRNG, so the demo's numbers never change between runs. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export const seedDemoDemand = async (strapi: Core.Strapi, now = Date.now()) => {
  if ((await strapi.db.query('plugin::journey.demand-day').count({})) > 0) return;
  const taxonomy: any = await strapi.plugin('journey').service('taxonomy').get();
  const coverage = strapi.plugin('journey').service('coverage');
  const demand = strapi.plugin('journey').service('demand');
  const random = seeded(20261201);
  // The 30 days ending today (UTC), so the page's default period shows a full month.
  const days = Array.from({ length: 30 }, (_, i) =>
    new Date(now - (29 - i) * DAY).toISOString().slice(0, 10)
  );

  // Published entries per stage, per audience scope and locale, from the coverage counts.
  const totals = new Map<string, Record<string, number>>();
  const supply = async (audience: string, locale?: string) => {
    const key = `${audience}|${locale ?? ''}`;
    if (!totals.has(key))
      totals.set(
        key,
        (await coverage.matrix({ audience, status: 'published', ...(locale ? { locale } : {}) }))
          .data.totals
      );
    return totals.get(key)!;
  };

  for (const stage of taxonomy.stages) {
    const base = BASE[stage.id];
    if (!base) continue;
    const audience = stage.framework === 'b2c' ? 'b2c' : 'b2b';
    for (const mix of MIX) {
      const scope = await supply(mix.audience ? audience : 'all', mix.locale);
      const exact = scope[stage.id] ?? 0;
      const around = widenedStages(taxonomy, stage).reduce(
        (n: number, id: string) => n + (scope[id] ?? 0),
        0
      );
      const outcome = exact >= mix.limit ? 'exact' : exact + around > 0 ? 'widened' : 'empty';
      days.forEach((day, i) => {
        const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
        const rhythm = weekday === 0 || weekday === 6 ? 0.55 : 1;
        const growth = 1 + i * 0.012;
        const n = Math.round(base * mix.share * rhythm * growth * (0.8 + random() * 0.4));
        if (n > 0)
          demand.record(
            {
              stage: stage.id,
              audience: mix.audience ? audience : null,
              locale: mix.locale ?? null,
              outcome,
            },
            n,
            Date.parse(`${day}T12:00:00Z`)
          );
      });
    }
  }

  // Views and clicks of the recommended entries, and forward clicks to the next stage.
  const entriesByStage = new Map<string, Array<{ uid: string; documentId: string }>>();
  for (const uid of [
    'api::blog-post.blog-post',
    'api::whitepaper.whitepaper',
    'api::case-study.case-study',
  ]) {
    const docs = await strapi.documents(uid as any).findMany({
      status: 'published',
      populate: { journeyStages: { fields: ['stageId'] } },
    } as any);
    for (const doc of docs as any[]) {
      const primary = doc.journeyStages?.[0]?.stageId;
      if (primary)
        entriesByStage.set(primary, [
          ...(entriesByStage.get(primary) ?? []),
          { uid, documentId: doc.documentId },
        ]);
    }
  }
  for (const stage of taxonomy.stages) {
    const entries = entriesByStage.get(stage.id) ?? [];
    if (!entries.length || !BASE[stage.id]) continue;
    const ctr = 0.04 + random() * 0.1;
    const next = taxonomy.stages.find(
      (s) => s.framework === stage.framework && s.order === stage.order + 1
    );
    days.forEach((day) => {
      const views = Math.round(BASE[stage.id] * 0.8 * (0.8 + random() * 0.4));
      const clicks = Math.round(views * ctr);
      entries.forEach((entry, k) => {
        const share = entries.length === 1 ? 1 : k === 0 ? 0.5 : 0.5 / (entries.length - 1);
        for (let v = Math.round(views * share); v > 0; v -= 1)
          demand.recordEvent(
            { day, entry: entry.documentId, stage: stage.id, kind: 'view' },
            entry.uid
          );
        for (let c = Math.round(clicks * share); c > 0; c -= 1)
          demand.recordEvent(
            { day, entry: entry.documentId, stage: stage.id, kind: 'click' },
            entry.uid
          );
      });
      if (next)
        for (let f = Math.round(clicks * 0.35); f > 0; f -= 1)
          demand.recordProgress({ day, from: stage.id, to: next.id });
    });
  }
  await demand.flush();
  strapi.log.info('[journey demo] generated 30 days of demand, views and clicks');
};
