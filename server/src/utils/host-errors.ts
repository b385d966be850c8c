import path from 'path';
import type { Core } from '@strapi/strapi';
import { errors as ownErrors } from '@strapi/utils';

type StrapiErrors = typeof ownErrors;

const found = new Map<string, StrapiErrors>();

/**
 * The error classes of the `@strapi/utils` copy that a package of the app loads, for the
 * few errors the plugin throws where the *host* answers them with `instanceof` (a document
 * middleware under a Content Manager route, a GraphQL resolver). `chain` walks from the app
 * root through packages' public entry points (`@strapi/strapi` → `@strapi/core`), never into
 * their files; where it cannot (an unusual tree), the plugin's own copy is the fallback.
 * Errors the plugin's own routes answer need none of this (utils/errors.ts).
 */
export const errorsSeenBy = (strapi: Core.Strapi, chain: string[]): StrapiErrors => {
  const key = chain.join('>');
  let errors = found.get(key);
  if (!errors) {
    errors = ownErrors;
    try {
      let dir = (strapi as any).dirs?.app?.root ?? process.cwd();
      for (const pkg of chain)
        dir = path.dirname(require.resolve(`${pkg}/package.json`, { paths: [dir] }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const utils = require(require.resolve('@strapi/utils', { paths: [dir] }));
      if (typeof utils?.errors?.ValidationError === 'function')
        errors = utils.errors as StrapiErrors;
    } catch {
      // keep the plugin's own copy
    }
    found.set(key, errors);
  }
  return errors;
};

/** The classes Strapi's error middleware (in @strapi/core) recognises. */
export const coreErrors = (strapi: Core.Strapi) =>
  errorsSeenBy(strapi, ['@strapi/strapi', '@strapi/core']);

/** The classes the GraphQL plugin's error formatter recognises. */
export const graphqlErrors = (strapi: Core.Strapi) =>
  errorsSeenBy(strapi, ['@strapi/plugin-graphql']);
