/**
 * The plugin's admin RBAC actions, defined once: the server registers them in bootstrap
 * (Strapi's action provider), its admin routes require them (`admin::hasPermissions`) and
 * the admin UI asks for them (menu link, settings link, `useRBAC`). Pure constants, so the
 * admin bundle imports this file without pulling in any server code.
 */
const PLUGIN_NAME = 'journey';

/** What Strapi's action provider takes for a plugin action (Settings → Roles → Plugins). */
export interface JourneyActionDefinition {
  section: 'plugins';
  pluginName: typeof PLUGIN_NAME;
  subCategory: string;
  displayName: string;
  /** The action's id inside the plugin; Strapi prefixes it: `plugin::journey.<uid>`. */
  uid: string;
}

const define = <U extends string>(uid: U, subCategory: string, displayName: string) => ({
  definition: {
    section: 'plugins',
    pluginName: PLUGIN_NAME,
    subCategory,
    displayName,
    uid,
  } satisfies JourneyActionDefinition,
  /** The full action id, as a role's permission and a route policy name it. */
  action: `plugin::${PLUGIN_NAME}.${uid}` as const,
});

/** Read coverage, demand, previews, settings and signal rules (a marketing lead's grant). */
const readCoverage = define('coverage.read', 'coverage', 'Read journey coverage');
/** Change stages and targets, retire and restore stages, replace signal rules. */
const manageSettings = define('settings.manage', 'settings', 'Manage journey settings');

/** Every action, as Strapi's `actionProvider.registerMany` takes them. */
export const JOURNEY_ACTION_DEFINITIONS: JourneyActionDefinition[] = [
  readCoverage.definition,
  manageSettings.definition,
];

/** The full action ids, for route policies and permission checks. */
export const JOURNEY_ACTIONS = {
  readCoverage: readCoverage.action,
  manageSettings: manageSettings.action,
} as const;

export type JourneyAction = (typeof JOURNEY_ACTIONS)[keyof typeof JOURNEY_ACTIONS];

/** The admin UI's permission lists (`permissions` of a menu link, `useRBAC`, `Page.Protect`). */
export const JOURNEY_PERMISSIONS = {
  coverage: [{ action: JOURNEY_ACTIONS.readCoverage, subject: null }],
  settings: [{ action: JOURNEY_ACTIONS.manageSettings, subject: null }],
};
