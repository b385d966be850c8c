import type { Core } from '@strapi/strapi';
import {
  JourneyInputError,
  listOf,
  isLive,
  liveExperimentFor,
  publishExperiments,
  validateExperiments,
  type Experiment,
  type ExperimentArm,
} from '../../../plugin/src';
import { pluginConfig } from '../utils/plugin-config';
import { getService } from '../utils/get-service';
import { defaultLocale } from '../utils/i18n';
import {
  bumpVersions,
  EXPERIMENTS_SCOPE,
  readVersions,
  type Versions,
} from '../utils/content-version';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a request stands in the experiment that covers its scope (`meta.experiment`). */
export interface ArmChoice {
  experiment: Experiment;
  /** null: a live experiment covers the request, which named no arm ("not in the experiment"). */
  arm: ExperimentArm | null;
}

/**
 * Experiments (issue #21): the config's list, then the settings page's, which
 * replaces a config experiment of the same id and is stored whole in one
 * core-store row (so every instance reads the same list and a save is atomic).
 * The list is read once per value of its change counter, not per request.
 */
const experimentsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'journey', key: 'experiments' });
  let cached: { version: number; list: Experiment[] } | undefined;

  const stageIds = async () =>
    (await getService('taxonomy', strapi).get()).stages.map((s: { id: string }) => s.id);

  const merge = (configured: Experiment[], stored: Experiment[]) => {
    const byId = new Map(configured.map((e) => [e.id, e]));
    for (const e of stored) byId.set(e.id, e);
    return [...byId.values()];
  };

  return {
    /** The settings page's experiments, as stored. */
    async stored(): Promise<Experiment[]> {
      const value = await store().get({});
      return Array.isArray(value) ? (value as Experiment[]) : [];
    },

    /** Every experiment, config's and stored; `versions` as the response cache read them. */
    async list(versions?: Versions): Promise<Experiment[]> {
      const version = (versions ?? (await readVersions(strapi)))[EXPERIMENTS_SCOPE] ?? 0;
      if (cached?.version === version) return cached.list;
      const list = merge(pluginConfig(strapi).experiments, await this.stored());
      cached = { version, list };
      return list;
    },

    /** `GET /api/journey/experiments`: the live splits, nothing per visitor (CDN-cacheable). */
    async published(now: Date | number = Date.now()) {
      return publishExperiments(await this.list(), now);
    },

    /**
     * The arm a recommend request is served by. No live experiment for the request's
     * audience × locale: null (served as usual, `arm` ignored: a split cached by a CDN may
     * outlive its experiment). A live one and an arm it does not have: 400 naming its arms.
     */
    async choose(
      scope: { audience?: string; locale?: string },
      armId: string | undefined,
      versions?: Versions,
      now: Date | number = Date.now()
    ): Promise<ArmChoice | null> {
      const list = await this.list(versions);
      // A request without a locale is answered in the default one: an experiment on that locale covers it.
      const locale =
        scope.locale ??
        (list.some((e) => e.locale !== '*') ? await defaultLocale(strapi) : undefined);
      const experiment = liveExperimentFor(list, { ...scope, locale }, now);
      if (!experiment) return null;
      if (armId === undefined) return { experiment, arm: null };
      const arm = experiment.arms.find((a) => a.id === armId);
      if (!arm) {
        const ids = experiment.arms.map((a) => a.id);
        throw new JourneyInputError(
          'arm',
          `arm "${armId}" is not an arm of the running experiment "${experiment.id}": use ${listOf(ids)}`,
          ids
        );
      }
      return { experiment, arm };
    },

    /** Every experiment, whether it serves now, where it is set, and its result so far. */
    async withResults(now: Date | number = Date.now()) {
      const counts = getService('experiment-counts', strapi);
      const stored = new Set((await this.stored()).map((e) => e.id));
      return Promise.all(
        (await this.list()).map(async (experiment) => ({
          ...experiment,
          live: isLive(experiment, now),
          source: (stored.has(experiment.id) ? 'settings' : 'config') as 'settings' | 'config',
          result: await counts.result(experiment),
        }))
      );
    },

    /**
     * `PUT /journey/experiments` `{ experiments: [...] }`: the settings page's list,
     * validated together with the config's (one running experiment per scope), stored whole.
     */
    async update(body: unknown) {
      if (!isObject(body) || !Array.isArray(body.experiments))
        throw new JourneyInputError(
          'experiments',
          'body must be { experiments: [{ id, label, status, arms: [...] }] }'
        );
      const configured = pluginConfig(strapi).experiments;
      const stored = validateExperiments(body.experiments, {
        key: 'experiments',
        stageIds: await stageIds(),
      });
      // The whole effective list must hold together (a stored experiment may clash with a config one).
      validateExperiments(merge(configured, stored), {
        key: 'experiments',
        stageIds: await stageIds(),
      });
      await store().set({ value: stored });
      // Answers served under the old list (response cache, this cache) are stale on every instance.
      await bumpVersions(strapi, [EXPERIMENTS_SCOPE]);
      return this.list();
    },
  };
};

export default experimentsService;
