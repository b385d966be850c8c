import type { Core, UID } from '@strapi/strapi';

/**
 * The i18n plugin's services, as far as this plugin uses them. Strapi's `service()` returns
 * `any` and @strapi/i18n exports no service types for other plugins, so these say what
 * the calls return; the answers themselves always come from i18n, never from a re-reading
 * of `pluginOptions.i18n`.
 */
interface I18nLocalesService {
  find(): Promise<Array<{ code: string }>>;
  getDefaultLocale(): Promise<string | null | undefined>;
}
interface I18nContentTypesService {
  isLocalizedContentType(model: unknown): boolean;
}

const locales = (strapi: Core.Strapi) =>
  strapi.plugin('i18n')?.service('locales') as I18nLocalesService | undefined;
const contentTypes = (strapi: Core.Strapi) =>
  strapi.plugin('i18n')?.service('content-types') as I18nContentTypesService | undefined;

/** The site's locale codes (none without the i18n plugin). */
export const siteLocaleCodes = async (strapi: Core.Strapi): Promise<string[]> =>
  ((await locales(strapi)?.find()) ?? []).map((l) => l.code);

/**
 * How long a read of the default locale is reused: the response cache's and the entry
 * cache's lifetime, within which a locale edit (it moves no change counter) already shows.
 * It was the one statement a warm per-visitor recommend sent beyond a cached one's.
 */
const DEFAULT_LOCALE_TTL_MS = 30_000;
const defaultLocaleRead = new WeakMap<
  Core.Strapi,
  { at: number; code: Promise<string | undefined> }
>();

/** The site's default locale, what Strapi's REST API answers in when no locale is asked. */
export const defaultLocale = (strapi: Core.Strapi): Promise<string | undefined> => {
  const kept = defaultLocaleRead.get(strapi);
  if (kept && Date.now() - kept.at < DEFAULT_LOCALE_TTL_MS) return kept.code;
  const code = Promise.resolve(locales(strapi)?.getDefaultLocale()).then((c) => c ?? undefined);
  defaultLocaleRead.set(strapi, { at: Date.now(), code });
  code.catch(() => defaultLocaleRead.delete(strapi)); // a failed read is not kept
  return code;
};

/** Whether entries of this schema are localized, asked of the i18n plugin as the Content Manager does. */
export const isLocalizedSchema = (strapi: Core.Strapi, schema: unknown): boolean =>
  Boolean(schema && contentTypes(strapi)?.isLocalizedContentType(schema));

/** Whether a content type's entries are localized (false for a uid Strapi does not know). */
export const isLocalized = (strapi: Core.Strapi, uid: string): boolean =>
  isLocalizedSchema(strapi, strapi.contentTypes[uid as UID.ContentType]);
