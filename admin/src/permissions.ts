/** The plugin's RBAC actions (registered by the server in bootstrap). */
export const PERMISSIONS = {
  coverage: [{ action: 'plugin::journey.coverage.read', subject: null }],
  settings: [{ action: 'plugin::journey.settings.manage', subject: null }],
};
