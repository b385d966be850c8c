import { PinMap } from '@strapi/icons';
import { PLUGIN_ID } from './pluginId';
import { JOURNEY_PERMISSIONS } from '../../plugin/src/rbac';
import { getTrad } from './utils/getTrad';
import { JourneyPanel } from './components/JourneyPanel';
import { BulkTagAction } from './components/BulkTagAction';
import { BulkSuggestAction } from './components/BulkSuggestAction';
import { registerJourneyTypeOptions } from './components/ctbOptions';
import { addJourneyColumn } from './components/ListColumn';
import { addJourneyFilters } from './components/ListFilters';
import { hideJourneyFields } from './components/editViewLayout';
import { registerCoverageWidget } from './widget';
import { VisitorPreviewAction } from './components/VisitorPreviewAction';

type App = any; // StrapiApp: its register/bootstrap argument types are not exported for plugins.

/**
 * `app.registerHook` throws on a hook the running Strapi does not define, and a throw in
 * bootstrap stops the whole admin (measured at 5.13.0: the list view's filter hook
 * `inject-in-filters` does not exist there, and the login page never rendered). A hook this
 * Strapi lacks turns that one feature off, said once in the console.
 */
const registerHookIfDefined = (app: App, name: string, fn: (...args: any[]) => unknown) => {
  try {
    app.registerHook(name, fn);
  } catch {
    console.info(`[journey] This Strapi has no "${name}" hook: that part of the plugin is off.`);
  }
};

export default {
  register(app: App) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'Journey' });

    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PinMap,
      intlLabel: { id: getTrad('menu.coverage'), defaultMessage: 'Journey coverage' },
      permissions: JOURNEY_PERMISSIONS.coverage,
      Component: () => import('./pages/CoveragePage'),
    });

    app.createSettingSection(
      { id: PLUGIN_ID, intlLabel: { id: getTrad('settings.section'), defaultMessage: 'Journey' } },
      [
        {
          id: 'journey-stages',
          to: PLUGIN_ID,
          intlLabel: { id: getTrad('settings.link'), defaultMessage: 'Stages & targets' },
          permissions: JOURNEY_PERMISSIONS.coverage,
          Component: () => import('./pages/SettingsPage'),
        },
      ]
    );

    registerCoverageWidget(app);
  },

  bootstrap(app: App) {
    // Content Manager integration, without forking it: a side panel in the edit
    // view, a list column, list filters and a bulk action.
    const cm = app.getPlugin('content-manager');
    cm?.apis?.addEditViewSidePanel?.([JourneyPanel]);
    cm?.apis?.addBulkAction?.((actions: Array<{ type?: string }>) => {
      const i = actions.findIndex((a) => a.type === 'delete');
      const next = [...actions];
      next.splice(i === -1 ? next.length : i, 0, BulkTagAction as never);
      return next;
    });
    // "Suggest stages", right after "Tag journey".
    cm?.apis?.addBulkAction?.((actions: unknown[]) => {
      const i = actions.indexOf(BulkTagAction);
      const next = [...actions];
      next.splice(i === -1 ? next.length : i + 1, 0, BulkSuggestAction as never);
      return next;
    });
    // "Preview as a visitor at…" in the edit view's More actions menu; absent where the app has no preview.
    cm?.apis?.addDocumentAction?.((actions: unknown[]) => [...actions, VisitorPreviewAction]);
    registerJourneyTypeOptions(app);
    registerHookIfDefined(app, 'Admin/CM/pages/ListView/inject-column-in-table', addJourneyColumn);
    registerHookIfDefined(app, 'Admin/CM/pages/ListView/inject-in-filters', addJourneyFilters);
    registerHookIfDefined(
      app,
      'Admin/CM/pages/EditView/mutate-edit-view-layout',
      hideJourneyFields
    );
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = await import(`./translations/${locale}.json`);
          return {
            data: Object.fromEntries(
              Object.entries(data).map(([k, v]) => [`${PLUGIN_ID}.${k}`, v])
            ),
            locale,
          };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};
