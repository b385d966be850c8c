/**
 * The content API's size limits, in a module without zod: the schemas
 * (contracts/*.ts), the server's validation and the browser client all read them.
 */

/** The most entries one recommend answer carries (`limit`'s maximum). */
export const MAX_LIMIT = 50;

/** The most seen entries one visitor request counts (`seen`'s maximum). */
export const MAX_SEEN = 50;
