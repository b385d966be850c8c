/**
 * A bad value from a caller or a config file. `param` names where it came from and
 * `allowed` lists what would have been accepted, so the server can answer a 4xx in
 * Strapi's error shape and the config validator can stop boot with one clear line.
 */
export class JourneyInputError extends Error {
  readonly param: string;
  readonly allowed: string[] | undefined;
  readonly status: number;

  constructor(param: string, message: string, allowed?: string[], status = 400) {
    super(message);
    this.name = 'JourneyInputError';
    this.param = param;
    this.allowed = allowed;
    this.status = status;
  }
}

export const listOf = (values: readonly string[], max = 30): string =>
  values.length > max
    ? `${values.slice(0, max).join(', ')}, … (${values.length} in all)`
    : values.join(', ');
