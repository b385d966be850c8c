/**
 * How a reason names a stage for people: `Research (B2B)`; its id where no label was given
 * (a visitor model fed a taxonomy without labels). Its own module, free of imports, so the
 * browser client's visitor model can use it without the taxonomy builder's dependencies.
 */
export const stageName = (s: { id?: string; label?: string; framework: string }): string =>
  s.label ? `${s.label} (${s.framework.toUpperCase()})` : (s.id ?? '');
