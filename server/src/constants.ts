export const PLUGIN_ID = 'journey';
export const STAGE_UID = 'plugin::journey.stage';

/** Attribute names the plugin adds to every journey-enabled content type. */
export const STAGES_ATTRIBUTE = 'journeyStages';
export const AUDIENCE_ATTRIBUTE = 'journeyAudience';

/** RBAC actions (admin), registered in bootstrap. */
export const ACTIONS = {
  readCoverage: 'plugin::journey.coverage.read',
  manageSettings: 'plugin::journey.settings.manage',
  tag: 'plugin::journey.tags.update',
} as const;
