/** One refused value, as Strapi's ValidationError lists it in `details.errors[]`. */
export interface InputErrorItem {
  /** Where the value was: `['seen']`, `['stages', '0']`. */
  path: string[];
  message: string;
  name: string;
  /** What that value accepts, when it is a closed list. */
  allowed?: string[];
}

/**
 * A bad value from a caller or a config file. `param` names where it came from and
 * `allowed` lists what would have been accepted, so the server can answer a 4xx in
 * Strapi's error shape and the config validator can stop boot with one clear line.
 * `errors` holds every refused value when a schema checked several at once (the
 * first is the one `param` and the message name).
 */
export class JourneyInputError extends Error {
  readonly param: string;
  readonly allowed: string[] | undefined;
  readonly status: number;
  readonly errors: InputErrorItem[] | undefined;

  constructor(
    param: string,
    message: string,
    allowed?: string[],
    status = 400,
    errors?: InputErrorItem[]
  ) {
    super(message);
    this.name = 'JourneyInputError';
    this.param = param;
    this.allowed = allowed;
    this.status = status;
    this.errors = errors;
  }
}

export const listOf = (values: readonly string[], max = 30): string =>
  values.length > max
    ? `${values.slice(0, max).join(', ')}, … (${values.length} in all)`
    : values.join(', ');
