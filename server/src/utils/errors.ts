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

export { JourneyInputError };
