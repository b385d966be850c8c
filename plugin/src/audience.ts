export const AUDIENCES = ['b2b', 'b2c', 'both'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The audiences a visitor can be: `both` describes content, never a visitor. */
export const VISITOR_AUDIENCES = ['b2b', 'b2c'] as const;
export type VisitorAudience = (typeof VISITOR_AUDIENCES)[number];

export const DEFAULT_AUDIENCE: Audience = 'both';

export const isAudience = (value: unknown): value is Audience =>
  typeof value === 'string' && (AUDIENCES as readonly string[]).includes(value);

export const isVisitorAudience = (value: unknown): value is VisitorAudience =>
  typeof value === 'string' && (VISITOR_AUDIENCES as readonly string[]).includes(value);

/** Content tagged with these audiences reaches a visitor of `audience`. */
export const audiencesServing = (audience: VisitorAudience): Audience[] => [audience, 'both'];
