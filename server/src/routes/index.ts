import admin from './admin';
import contentApi from './content-api';

/**
 * Every HTTP route of the plugin, by router: `content-api` (/api/journey, granted per role
 * in Users & Permissions) and `admin` (/journey, an admin session plus the RBAC actions).
 */
export default {
  'content-api': contentApi,
  admin,
};
