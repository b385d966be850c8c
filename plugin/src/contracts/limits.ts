/**
 * The content API's size limits and id patterns, in a module without zod: the schemas
 * (contracts/*.ts), the server's validation and the browser client all read them.
 */

/** The most entries one recommend answer carries (`limit`'s maximum). */
export const MAX_LIMIT = 50;

/** The most seen entries one visitor request counts (`seen`'s maximum). */
export const MAX_SEEN = 50;

/** A Strapi documentId as the content API accepts one. */
export const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A locale code (`fr`, `en-GB`, `zh-Hans-CN`). */
export const LOCALE_CODE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;

/** The most documents one tag request (the bulk action, the list column) names. */
export const MAX_BULK = 100;
