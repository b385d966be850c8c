import type { Core } from '@strapi/strapi';
import { STAGES_ATTRIBUTE } from '../constants';
import { coreErrors } from '../utils/host-errors';
import { hasJourney } from '../utils/journey-types';
import { shareStageRows } from './locks';
import type { Next, WriteContext } from './writes';

type Ref = string | number | { documentId?: string; id?: number | string };

/** Stage references of a relation input in any form the Document Service takes (ids, documentIds, set/connect). */
const linkedRefs = (input: unknown): Ref[] => {
  if (input === null || input === undefined) return [];
  if (Array.isArray(input)) return input as Ref[];
  if (typeof input === 'object') {
    const { set, connect } = input as { set?: unknown; connect?: unknown };
    return [...linkedRefs(set), ...linkedRefs(connect)];
  }
  return [input as Ref];
};

const refKey = (ref: Ref) =>
  typeof ref === 'object'
    ? (ref.documentId ?? (ref.id !== undefined ? Number(ref.id) : undefined))
    : typeof ref === 'number'
      ? ref
      : ref;

/**
 * Document Service middleware, step 2 of a write (after lock-document.ts locked the
 * entry's rows): refuses to newly link a retired stage, on any path — the Content
 * Manager's Save and Publish (the Journey panel writes the entry's form), the tag
 * API, or code. Stages the entry already carries may stay. The stage rows are read
 * with a shared lock inside the write's transaction (locks.ts shareStageRows), so a
 * concurrent retire (which updates them first) either committed before — and the
 * write is refused — or waits until the write committed and then moves its links.
 */
export const guardRetiredStages =
  (strapi: Core.Strapi) => async (ctx: WriteContext, next: Next) => {
    const data = ctx.params?.data;
    if (
      !['create', 'update'].includes(ctx.action) ||
      !data ||
      !(STAGES_ATTRIBUTE in data) ||
      !hasJourney(strapi.contentTypes[ctx.uid as keyof typeof strapi.contentTypes] as any)
    ) {
      return next();
    }
    const refs = linkedRefs(data[STAGES_ATTRIBUTE])
      .map(refKey)
      .filter((k) => k !== undefined);

    if (refs.length === 0) return next();
    // Joins the transaction lock-document.ts opened: the write's own.
    return strapi.db.transaction(async ({ trx }: any) => {
      const byDocumentId = refs.filter((k) => typeof k === 'string') as string[];
      const byId = refs.filter((k) => typeof k === 'number') as number[];
      const rows = await shareStageRows(strapi, trx, (qb) =>
        qb
          .where((w: any) => w.whereIn('document_id', byDocumentId).orWhereIn('id', byId))
          .select('id', 'document_id', 'stage_id', 'retired')
      );
      const retired = rows.filter((r: any) => Boolean(r.retired));
      if (retired.length > 0) {
        const current =
          ctx.action === 'update' && ctx.params.documentId
            ? await strapi.db.query(ctx.uid).findOne({
                where: {
                  documentId: ctx.params.documentId,
                  publishedAt: null,
                  ...(ctx.params.locale ? { locale: ctx.params.locale } : {}),
                },
                populate: { [STAGES_ATTRIBUTE]: { select: ['id'] } },
              })
            : null;
        // Types without draft & publish have no draft row: their only row is the current one.
        const entry =
          current ??
          (ctx.action === 'update'
            ? await strapi.db.query(ctx.uid).findOne({
                where: {
                  documentId: ctx.params.documentId,
                  ...(ctx.params.locale ? { locale: ctx.params.locale } : {}),
                },
                populate: { [STAGES_ATTRIBUTE]: { select: ['id'] } },
              })
            : null);
        const kept = new Set(
          ((entry?.[STAGES_ATTRIBUTE] ?? []) as Array<{ id: number }>).map((s) => Number(s.id))
        );
        const added = retired
          .filter((r: any) => !kept.has(Number(r.id)))
          .map((r: any) => r.stage_id);
        if (added.length > 0) {
          // Answered by whichever route wrote (the Content Manager's too): built from the host's class.
          throw new (coreErrors(strapi).ValidationError)(
            `${STAGES_ATTRIBUTE}: ${added.join(', ')} ${added.length > 1 ? 'are' : 'is'} retired: pick an active stage`,
            {
              param: STAGES_ATTRIBUTE,
              retired: added,
            }
          );
        }
      }
      return next();
    });
  };
