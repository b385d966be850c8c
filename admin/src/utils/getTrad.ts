import { PLUGIN_ID } from '../pluginId';

/** Translation id of this plugin: `journey.<key>` (registerTrads prefixes en.json keys the same way). */
export const getTrad = (key: string) => `${PLUGIN_ID}.${key}`;
