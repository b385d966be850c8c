import { errors } from '@strapi/utils';
import { JourneyInputError, type InputErrorItem } from '../../../plugin/src';

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
 * `details.errors[]` as Strapi's own ValidationError carries it (`path` as an array,
 * `message`, `name`): what the admin's `useAPIErrorHandler` / `normalizeAPIError`
 * read. A schema check lists every refused value; a single check lists its one.
 */
const pathOf = (param: string): string[] => param.split(/[.[\]]+/).filter(Boolean);

const errorItems = (error: JourneyInputError): InputErrorItem[] =>
  error.errors ?? [
    {
      path: pathOf(error.param),
      message: error.message,
      name: 'ValidationError',
      ...(error.allowed ? { allowed: error.allowed } : {}),
    },
  ];

/**
 * Strapi's own query validation (fields, populate) names the parameter in
 * `details.param` but lists no `errors[]`: add the one item, so every 400 of the
 * plugin reads the same.
 */
const withErrorItems = (error: InstanceType<typeof errors.ValidationError>) => {
  const details = (error.details ?? {}) as Record<string, unknown>;
  if (!('errors' in details) && typeof details.param === 'string')
    error.details = {
      ...details,
      errors: [{ path: pathOf(details.param), message: error.message, name: error.name }],
    };
  return error;
};

/**
 * Maps the model's input errors onto Strapi's own error classes, so every bad
 * input answers in Strapi's error shape `{ data: null, error: { status, name, message, details } }`
 * with `details` naming the parameter and the allowed values (`param`, `allowed`,
 * read by plugin/src/client.ts) and, for a 400, Strapi's `errors[]` beside them.
 */
export const toHttpError = (error: unknown): unknown => {
  // Strapi's error middleware answers an error carrying status 503 as
  // `{ data: null, error: { status: 503, name: "ServiceUnavailableError", … } }`.
  if (isDatabaseUnavailable(error))
    return Object.assign(new Error('The database is not reachable: try again shortly'), {
      status: 503,
      expose: true,
    });
  if (error instanceof errors.ValidationError) return withErrorItems(error);
  if (!(error instanceof JourneyInputError)) return error;
  const details = { param: error.param, ...(error.allowed ? { allowed: error.allowed } : {}) };
  if (error.status === 403) return new errors.ForbiddenError(error.message, details);
  if (error.status === 404) return new errors.NotFoundError(error.message, details);
  return new errors.ValidationError(error.message, { ...details, errors: errorItems(error) });
};

export const rethrowAsHttp = (error: unknown): never => {
  throw toHttpError(error);
};

/**
 * For content-API controllers: Strapi's route wrapper turns any ForbiddenError
 * thrown by a controller into a bare "Forbidden", losing the parameter and the
 * allowed values. Write the 403 body ourselves, in the same shape.
 */
export const respondWithError = (ctx: any, error: unknown) => {
  const http = toHttpError(error);
  if (http instanceof errors.ForbiddenError && !(http instanceof errors.PolicyError)) {
    ctx.status = 403;
    ctx.body = {
      data: null,
      error: { status: 403, name: http.name, message: http.message, details: http.details },
    };
    return;
  }
  throw http;
};

export { JourneyInputError };

/** For admin controllers: the service's answer as the body, its input errors as Strapi's. */
export const answerWith = async (ctx: any, compute: () => Promise<unknown>) => {
  try {
    ctx.body = await compute();
  } catch (error) {
    rethrowAsHttp(error);
  }
};
