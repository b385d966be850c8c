import type { Core } from '@strapi/strapi';
import { validateConfig, type JourneyConfig } from '../../../plugin/src';
import { PLUGIN_ID } from '../constants';

const validated = new WeakMap<object, { raw: unknown; config: JourneyConfig }>();

/**
 * The validated plugin config. Strapi's config validator (server/src/config) has
 * already refused a bad one at boot; this normalizes it once per Strapi instance
 * and config object, not on every request.
 */
export const pluginConfig = (strapi: Core.Strapi): JourneyConfig => {
  const raw = strapi.config.get(`plugin::${PLUGIN_ID}`) ?? {};
  const hit = validated.get(strapi);
  if (hit && hit.raw === raw) return hit.config;
  const config = validateConfig(raw);
  validated.set(strapi, { raw, config });
  return config;
};
