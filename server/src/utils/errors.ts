import { errors } from '@strapi/utils';
import { JourneyInputError } from '../../../plugin/src';

/**
 * Maps the model's input errors onto Strapi's own error classes, so every bad
 * input answers in Strapi's error shape `{ data: null, error: { status, name, message, details } }`
 * with `details` naming the parameter and the allowed values.
 */
export const toHttpError = (error: unknown): unknown => {
  if (!(error instanceof JourneyInputError)) return error;
  const details = { param: error.param, ...(error.allowed ? { allowed: error.allowed } : {}) };
  if (error.status === 403) return new errors.ForbiddenError(error.message, details);
  if (error.status === 404) return new errors.NotFoundError(error.message, details);
  return new errors.ValidationError(error.message, details);
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
    ctx.body = { data: null, error: { status: 403, name: http.name, message: http.message, details: http.details } };
    return;
  }
  throw http;
};

export { JourneyInputError };
