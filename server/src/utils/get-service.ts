import type { Core } from '@strapi/strapi';
import type services from '../services';

/** The plugin's services by name, as registered in services/index.ts. */
type Services = typeof services;
export type JourneyServiceName = keyof Services;
/** What `strapi.plugin('journey').service(name)` returns: the service factory's result. */
export type JourneyService<N extends JourneyServiceName> = ReturnType<Services[N]>;

/**
 * The journey service `name`, typed (Strapi's own `service()` returns `any`), as Strapi's
 * i18n and review-workflows plugins do. Pass the Strapi instance a factory received; the
 * global `strapi` is the default for code that runs after Strapi has loaded.
 */
export const getService = <N extends JourneyServiceName>(
  name: N,
  instance: Core.Strapi = strapi
): JourneyService<N> => instance.plugin('journey').service(name) as JourneyService<N>;
