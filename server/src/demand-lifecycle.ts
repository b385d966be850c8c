import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

const PRUNE_JOB = 'journey-demand-prune';

const demand = (strapi: Core.Strapi) => getService('demand', strapi);

/**
 * Starts the demand flush timer and the daily prune. The prune is a plain
 * `DELETE … WHERE day < cutoff`: running it on every instance at once is harmless,
 * so no leader election is needed. It also runs once at boot, because Strapi's
 * cron only runs where the app enables it (`server.cron.enabled`).
 */
export const startDemand = async ({ strapi }: { strapi: Core.Strapi }) => {
  demand(strapi).start();
  strapi.cron.add({
    [PRUNE_JOB]: {
      task: () =>
        demand(strapi)
          .prune()
          .catch((e: any) => strapi.log.warn(`[journey] demand prune failed: ${e?.message ?? e}`)),
      options: { rule: '0 17 3 * * *', tz: 'Etc/UTC' },
    },
  } as any);
  await demand(strapi)
    .prune()
    .catch((e: any) => strapi.log.warn(`[journey] demand prune failed: ${e?.message ?? e}`));
};

/** Writes what is still buffered before the database closes. */
export const stopDemand = async ({ strapi }: { strapi: Core.Strapi }) => {
  try {
    strapi.cron.remove(PRUNE_JOB);
  } catch {
    // not scheduled
  }
  await demand(strapi).stop();
};
