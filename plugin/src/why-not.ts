import { listOf } from './errors';

/**
 * Why an entry a marketer expects for a stage is not in what a visitor is served
 * ("Preview as a visitor" on the coverage page). Pure: the server reads the few
 * candidate entries' versions with bounded SQL and asks this for the reasons.
 */
export type WhyNotCode =
  | 'type-not-readable'
  | 'type-not-requested'
  | 'other-locale'
  | 'draft-only'
  | 'unpublished-change'
  | 'other-audience'
  | 'retired-stage'
  | 'excluded'
  | 'below-limit';

export interface WhyNotReason {
  code: WhyNotCode;
  message: string;
}

/** One stored version of the entry: a locale (null if the type is not localized), draft or published. */
export interface EntryVersion {
  locale: string | null;
  published: boolean;
  audience: string;
  /** Its stages, each with whether the stage is retired. */
  stages: Array<{ id: string; retired: boolean }>;
}

export interface WhyNotContext {
  /** The requested stage(s) and every stage of its phase, retired ones included. */
  stageIds: string[];
  /** The visitor's audience, if given. */
  audience?: string | null;
  /** The locale the type answers in (request's or site default); absent for a non-localized type. */
  locale?: string;
  typeName: string;
  roleName: string;
  /** The role may `find` the type. */
  findable: boolean;
  /** The type is among the types the request asked for (every findable one without `types`). */
  requestedType: boolean;
  excluded: boolean;
  limit: number;
}

export const whyNotReasons = (versions: EntryVersion[], ctx: WhyNotContext): WhyNotReason[] => {
  const reasons: WhyNotReason[] = [];
  const add = (code: WhyNotCode, message: string) => reasons.push({ code, message });
  const inStage = (v: EntryVersion) => v.stages.filter((s) => ctx.stageIds.includes(s.id));

  if (!ctx.findable)
    add(
      'type-not-readable',
      `${ctx.typeName} entries are not readable by the ${ctx.roleName} role (find is not granted in Users & Permissions)`
    );
  else if (!ctx.requestedType)
    add('type-not-requested', `${ctx.typeName} is not among the requested types`);

  const inLocale = ctx.locale ? versions.filter((v) => v.locale === ctx.locale) : versions;
  const published = inLocale.filter((v) => v.published);
  const live = published.flatMap(inStage);
  if (inLocale.length === 0) {
    const others = [
      ...new Set(versions.map((v) => v.locale).filter((l): l is string => Boolean(l))),
    ];
    add('other-locale', `not in ${ctx.locale}: exists only in ${listOf(others)}`);
  } else if (published.length === 0) {
    add('draft-only', `draft only: never published${ctx.locale ? ` in ${ctx.locale}` : ''}`);
  } else if (live.length === 0) {
    add(
      'unpublished-change',
      'the draft is tagged for this stage but the published version is not: publish the change to serve it'
    );
  } else {
    const audience = published[0].audience;
    if (ctx.audience && audience !== ctx.audience && audience !== 'both')
      add('other-audience', `tagged for ${audience}; this visitor is ${ctx.audience}`);
    if (live.every((s) => s.retired))
      add(
        'retired-stage',
        `tagged only with retired stage ${listOf([...new Set(live.map((s) => s.id))])}: move it to an active stage`
      );
  }
  if (reasons.length === 0 && ctx.excluded)
    add('excluded', 'listed in exclude (already seen by the visitor)');
  if (reasons.length === 0)
    add('below-limit', `ranked below the limit: ${ctx.limit} better matches filled the list`);
  return reasons;
};
