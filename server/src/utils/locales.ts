import type { Core } from '@strapi/strapi';
import { JourneyInputError, listOf } from '../../../plugin/src';

/** Rejects a locale code the site does not have, listing the ones it has. */
export const assertSiteLocale = async (
  strapi: Core.Strapi,
  locale: string | undefined,
  param = 'locale'
) => {
  if (locale === undefined) return;
  const codes: string[] = ((await strapi.plugin('i18n')?.service('locales').find()) ?? []).map(
    (l: any) => l.code
  );
  if (!codes.includes(locale)) {
    throw new JourneyInputError(
      param,
      `${param} "${locale}" is not a locale of this site: use ${listOf(codes)}`,
      codes
    );
  }
};
