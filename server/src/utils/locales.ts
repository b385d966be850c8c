import type { Core } from '@strapi/strapi';
import { JourneyInputError, listOf } from '../../../plugin/src';
import { siteLocaleCodes } from './i18n';

/** Rejects a locale code the site does not have, listing the ones it has. */
export const assertSiteLocale = async (
  strapi: Core.Strapi,
  locale: string | undefined,
  param = 'locale'
) => {
  if (locale === undefined) return;
  const codes = await siteLocaleCodes(strapi);
  if (!codes.includes(locale)) {
    throw new JourneyInputError(
      param,
      `${param} "${locale}" is not a locale of this site: use ${listOf(codes)}`,
      codes
    );
  }
};
