import { PinMap } from '@strapi/icons';
import { PLUGIN_ID } from './pluginId';
import { JOURNEY_PERMISSIONS } from '../../plugin/src/rbac';
import { getTrad } from './utils/getTrad';

interface WidgetRegistry {
  register: (widget: Record<string, unknown>) => void;
}

/**
 * The "Journey coverage" homepage widget. Strapi has the widgets API (`app.widgets.register`)
 * from 5.13; on an app without it the widget is skipped with one console line, and everything
 * else the plugin adds still loads. `permissions` hides it from roles that may not read
 * coverage (5.13 shows its frame with Strapi's "no permission" text instead).
 */
export const registerCoverageWidget = (app: { widgets?: Partial<WidgetRegistry> }) => {
  const widgets = app.widgets;
  if (typeof widgets?.register !== 'function') {
    console.info(
      '[journey] This Strapi has no homepage widgets API (added in 5.13): the "Journey coverage" widget is skipped.'
    );
    return false;
  }
  widgets.register({
    id: 'coverage',
    pluginId: PLUGIN_ID,
    icon: PinMap,
    title: { id: getTrad('widget.title'), defaultMessage: 'Journey coverage' },
    link: {
      label: { id: getTrad('widget.link'), defaultMessage: 'Open the coverage page' },
      href: `/plugins/${PLUGIN_ID}`,
    },
    component: async () => (await import('./components/CoverageWidget')).default,
    permissions: JOURNEY_PERMISSIONS.coverage,
  });
  return true;
};
