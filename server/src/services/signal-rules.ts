import type { Core } from '@strapi/strapi';
import {
  JourneyInputError,
  validateSignalRules,
  SIGNALS,
  type SignalRule,
  type Taxonomy,
  type VisitorConfig,
  type VisitorOptions,
} from '../../../plugin/src';
import { pluginConfig } from '../utils/plugin-config';
import { getService } from '../utils/get-service';
import { SignalRulesBodySchema } from '../../../plugin/src/contracts/signal-rules';
import { bumpVersions, RULES_SCOPE } from '../utils/content-version';

/** Where the settings page's rules live: one core-store row (read with the seen entries' tags, see visitor.ts). */
export const RULES_STORE_KEY = 'plugin_journey_signal-rules';

/** The stored JSON value of that row, as rules (anything unreadable is no rules). */
export const parseStoredRules = (value: unknown): SignalRule[] => {
  if (typeof value !== 'string') return [];
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
};

/**
 * Signal rules: the config's (read-only) and the settings page's, which live in
 * the database (one core-store value, written whole, so every Strapi instance
 * reads the same list and a save is atomic). Config rules come first.
 */
const signalRulesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'journey', key: 'signal-rules' });
  const taxonomy = (): Promise<Taxonomy> => getService('taxonomy', strapi).get();
  let config: VisitorConfig | undefined;

  return {
    /** The settings page's rules, as stored (a stage retired since is kept here and ignored by the inference). */
    async stored(): Promise<SignalRule[]> {
      const value = await store().get({});
      return Array.isArray(value) ? (value as SignalRule[]) : [];
    },

    /** What the inference runs with: every rule, the weights and the default stage. */
    async model(): Promise<Required<VisitorOptions>> {
      return this.modelWith(await this.stored());
    },

    /** The same, with the stored rules already read (the recommend path reads them in its one statement). */
    modelWith(stored: SignalRule[]): Required<VisitorOptions> {
      // The config is fixed for the life of the process: validate it once.
      config ??= pluginConfig(strapi).visitor;
      return {
        rules: [...config.rules, ...stored],
        weights: config.weights,
        defaultStage: config.defaultStage,
      };
    },

    /** `GET /journey/signal-rules`: both lists, the weights, and what a rule may name. */
    async get() {
      const { visitor } = pluginConfig(strapi);
      const t = await taxonomy();
      return {
        configRules: visitor.rules,
        rules: await this.stored(),
        weights: visitor.weights,
        defaultStage: visitor.defaultStage,
        signals: [...SIGNALS],
        stages: t.stages.map((s) => s.id),
      };
    },

    /** `PUT /journey/signal-rules` `{ rules: [...] }`: validated whole, then stored whole. */
    async update(body: unknown) {
      const given = SignalRulesBodySchema.safeParse(body);
      if (!given.success)
        throw new JourneyInputError(
          'rules',
          'body must be { rules: [{ signal, pattern, stage | phase | audience, weight? }] }'
        );
      const t = await taxonomy();
      const rules = validateSignalRules(
        given.data.rules,
        t.stages.map((s) => s.id),
        'rules'
      );
      await store().set({ value: rules });
      // Answers inferred with the old rules (response cache, the rules kept by the visitor service) are stale on every instance.
      await bumpVersions(strapi, [RULES_SCOPE]);
      return this.get();
    },
  };
};

export default signalRulesService;
