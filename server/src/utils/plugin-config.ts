import type { Core } from '@strapi/strapi';
import { validateConfig, type JourneyConfig } from '../../../plugin/src';
import { PLUGIN_ID } from '../constants';

/** The validated plugin config (validated once at boot by config.validator; cheap to redo). */
export const pluginConfig = (strapi: Core.Strapi): JourneyConfig =>
  validateConfig(strapi.config.get(`plugin::${PLUGIN_ID}`) ?? {});
