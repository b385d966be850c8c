/** The message of an API error (Strapi's `{ name, message, details }`), or a fallback. */
export const errorText = (error: unknown, fallback = ''): string =>
  error &&
  typeof error === 'object' &&
  'message' in error &&
  typeof (error as { message: unknown }).message === 'string'
    ? (error as { message: string }).message
    : fallback;

export const errorStatus = (error: unknown): number | undefined =>
  error &&
  typeof error === 'object' &&
  'status' in error &&
  typeof (error as { status: unknown }).status === 'number'
    ? (error as { status: number }).status
    : undefined;
