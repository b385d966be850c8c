export const PLUGIN_ID = 'journey';
export const STAGE_UID = 'plugin::journey.stage';

/** Attribute names the plugin adds to every journey-enabled content type. */
export const STAGES_ATTRIBUTE = 'journeyStages';
export const AUDIENCE_ATTRIBUTE = 'journeyAudience';
