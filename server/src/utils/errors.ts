import { JourneyInputError, type InputErrorItem } from '../../../plugin/src';

/**
 * Every error the plugin's routes answer, turned into Strapi's error shape
 * `{ data: null, error: { status, name, message, details } }` by the plugin itself.
 *
 * Why not throw `@strapi/utils` errors and let Strapi answer: Strapi's error middleware
 * and its route wrapper recognise errors with `instanceof` against *their* copy of
 * `@strapi/utils`. Real npm trees hold several copies (the app's Strapi packages nest
 * their own, the plugin resolves another), and an error built from any other copy
 * becomes a 500. So errors are recognised here by `name` and shape, never by class,
 * and the route middleware below writes the answer before Strapi sees the error.
 */

export interface ErrorAnswer {
  status: number;
  name: string;
  message: string;
  details: Record<string, unknown>;
}

/** Strapi's application error names → status, as @strapi/core's error middleware maps them. */
const STATUS_OF: Record<string, number> = {
  ApplicationError: 400,
  ValidationError: 400,
  UnauthorizedError: 401,
  ForbiddenError: 403,
  PolicyError: 403,
  NotFoundError: 404,
  PayloadTooLargeError: 413,
  RateLimitError: 429,
  NotImplementedError: 501,
};
const NAME_OF: Record<number, string> = {
  400: 'ValidationError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  413: 'PayloadTooLargeError',
};

const UNREACHABLE_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
];

/** The database went away (restart, network, pool exhausted): not the caller's fault, and not a bug. */
export const isDatabaseUnavailable = (error: any): boolean =>
  UNREACHABLE_CODES.includes(error?.code) ||
  error?.name === 'KnexTimeoutError' ||
  /Connection terminated|connection is closed|connection error|not queryable|terminating connection|Cannot enqueue|server closed the connection|Timeout acquiring a connection|ECONNREFUSED|ECONNRESET/i.test(
    String(error?.message ?? '')
  );

/**
 * An error of Strapi's `ApplicationError` family from any copy of `@strapi/utils`
 * (its constructor always sets `details`; yup's own `ValidationError` has none).
 */
export const isApplicationError = (error: any): boolean =>
  error instanceof Error &&
  typeof error.name === 'string' &&
  error.name in STATUS_OF &&
  typeof (error as any).details === 'object' &&
  (error as any).details !== null;

/** A refusal of Strapi's auth service (`verify`), from whichever package's copy threw it. */
export const isRefusal = (error: any): boolean =>
  isApplicationError(error) && [401, 403].includes(STATUS_OF[error.name]);

/** An error the plugin raises itself: `httpError(404, …)` instead of `new errors.NotFoundError(…)`. */
export const httpError = (
  status: keyof typeof NAME_OF,
  message: string,
  details: Record<string, unknown> = {}
): Error => Object.assign(new Error(message), { name: NAME_OF[status], details });

/**
 * `details.errors[]` as Strapi's own ValidationError carries it (`path` as an array,
 * `message`, `name`): what the admin's `useAPIErrorHandler` / `normalizeAPIError`
 * read. A schema check lists every refused value; a single check lists its one.
 */
const pathOf = (param: string): string[] =>
  // `targets["api::article.article"].b2b:research`: a quoted key may hold dots.
  [...param.matchAll(/\["([^"]*)"\]|\[(\d+)\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);

const inputErrorItems = (error: JourneyInputError): InputErrorItem[] =>
  error.errors ?? [
    {
      path: pathOf(error.param),
      message: error.message,
      name: 'ValidationError',
      ...(error.allowed ? { allowed: error.allowed } : {}),
    },
  ];

const isInputError = (error: any): error is JourneyInputError =>
  error instanceof Error &&
  error.name === 'JourneyInputError' &&
  typeof (error as any).param === 'string';

/**
 * The answer for an error, or undefined for one that is a bug (left to Strapi: a logged 500).
 * Bad input names the parameter and the allowed values in `details` (`param`, `allowed`,
 * read by plugin/src/client.ts) and, for a 400, lists Strapi's `errors[]` beside them.
 */
export const answerFor = (error: unknown): ErrorAnswer | undefined => {
  if (isDatabaseUnavailable(error))
    return {
      status: 503,
      name: 'ServiceUnavailableError',
      message: 'The database is not reachable: try again shortly',
      details: {},
    };
  if (isInputError(error)) {
    const details: Record<string, unknown> = {
      param: error.param,
      ...(error.allowed ? { allowed: error.allowed } : {}),
    };
    if (error.status === 400) details.errors = inputErrorItems(error);
    return {
      status: error.status,
      name: NAME_OF[error.status] ?? 'ApplicationError',
      message: error.message,
      details,
    };
  }
  if (isApplicationError(error)) {
    const { name, message } = error as Error;
    const details = { ...((error as any).details as Record<string, unknown>) };
    // Strapi's own query validation (fields, populate) names the parameter but lists no errors[].
    if (name === 'ValidationError' && !('errors' in details) && typeof details.param === 'string')
      details.errors = [{ path: pathOf(details.param), message, name }];
    return { status: STATUS_OF[name], name, message, details };
  }
  return undefined;
};

/**
 * Route middleware on every route of the plugin (routes/index.ts): inside Strapi's
 * authorize step and the host's error middleware, so the answer is the plugin's own
 * whatever copy of `@strapi/utils` built the error.
 */
export const answerErrors = async (ctx: any, next: () => Promise<unknown>) => {
  try {
    await next();
  } catch (error) {
    const answer = answerFor(error);
    if (!answer) throw error;
    // Not the caller's fault: keep it in the log, as Strapi's error middleware would have.
    if (answer.status >= 500)
      (globalThis as any).strapi?.log?.warn?.(
        `[journey] ${ctx.method} ${ctx.path}: ${answer.message} (${(error as Error)?.message})`
      );
    ctx.status = answer.status;
    ctx.body = { data: null, error: answer };
  }
};

export { JourneyInputError };
