import type { Core, UID } from '@strapi/strapi';
import { whyNotReasons, type EntryVersion, type WhyNotReason } from '../../../plugin/src/why-not';
import { isRefusal } from '../utils/errors';
import { titleAttribute } from '../utils/entry-text';
import { journeyTypeUids } from '../utils/journey-types';
import { listRoles, resolveRole, visitorAuth, type PreviewRole } from '../utils/visitor-auth';
import { rowsWithStages, tagStorage, unionAllOf } from '../queries/tag-storage';
import { getService } from '../utils/get-service';
import { isLocalizedSchema } from '../utils/i18n';

/** At most this many not-served entries are explained: a bounded look, never the whole library. */
export const WHY_NOT_MAX = 20;

export interface WhyNotEntry {
  documentId: string;
  contentType: string;
  title: string;
  reasons: WhyNotReason[];
}

interface DetailRow {
  id: number;
  documentId: string;
  locale: string | null;
  published: boolean;
  audience: string;
  title: string | null;
  stageId: string | null;
  retired: boolean;
}

/** One document's rows (a row per version × stage link) as versions with their stages. */
const versionsOf = (rows: DetailRow[]): EntryVersion[] => {
  const byId = new Map<number, EntryVersion>();
  for (const r of rows) {
    const v = byId.get(r.id) ?? {
      locale: r.locale,
      published: r.published,
      audience: r.audience,
      stages: [],
    };
    if (r.stageId) v.stages.push({ id: r.stageId, retired: r.retired });
    byId.set(r.id, v);
  }
  return [...byId.values()];
};

/**
 * "Preview as a visitor" (coverage page): the answer of `GET /api/journey/recommend`
 * for a visitor of a Users & Permissions role, computed by the recommend service
 * itself with that role's auth, plus `meta.whyNot`: entries tagged with the
 * requested stage or its phase that were not served, each with its reasons.
 */
const previewService = ({ strapi }: { strapi: Core.Strapi }) => {
  const displayName = (uid: string) =>
    strapi.contentTypes[uid as UID.ContentType]?.info?.displayName ?? uid;

  const mayFind = async (auth: unknown, scope: string) => {
    try {
      await strapi.get('auth').verify(auth, { scope: [scope] });
      return true;
    } catch (error) {
      if (isRefusal(error)) return false;
      throw error;
    }
  };

  /** Step 1: up to WHY_NOT_MAX documents per type tagged (draft or published, any locale) with one of the stages, not served. */
  const candidateDocs = async (uids: string[], stageIds: string[], served: Set<string>) => {
    if (uids.length === 0 || stageIds.length === 0) return [];
    const knex = strapi.db.connection;
    const schemaName = strapi.db.getSchemaName();
    const q = (name: string) => (schemaName ? `${schemaName}.${name}` : name);
    const selects = uids.map((uid) => {
      const s = tagStorage(strapi, uid);
      return strapi.db
        .getConnection(`${s.table} as t`)
        .distinct(knex.raw('? as content_type', [uid]), 't.document_id')
        .modify((qb: any) => {
          if (served.size) qb.whereNotIn('t.document_id', [...served]);
        })
        .whereExists(function linked(this: any) {
          this.select(knex.raw('1'))
            .from(`${q(s.linkTable)} as l`)
            .join(`${q(s.stageTable)} as st`, 'st.id', `l.${s.stageColumn}`)
            .whereRaw(`l.${s.entryColumn} = t.id`)
            .whereIn('st.stage_id', stageIds);
        })
        .orderBy('t.document_id')
        .limit(WHY_NOT_MAX);
    });
    const rows: any[] = await unionAllOf(strapi, selects, 'w');
    // Round-robin over types, so one type with many tagged entries does not hide the others.
    const perType = uids.map((uid) => rows.filter((r) => r.content_type === uid));
    const picked: Array<{ uid: string; documentId: string }> = [];
    for (let i = 0; picked.length < WHY_NOT_MAX && perType.some((list) => i < list.length); i++) {
      for (const list of perType)
        if (i < list.length && picked.length < WHY_NOT_MAX)
          picked.push({ uid: list[i].content_type, documentId: list[i].document_id });
    }
    return picked;
  };

  /** Step 2: every row (locale × draft/published) of those few documents, with its stage links. */
  const details = async (uid: string, documentIds: string[]): Promise<DetailRow[]> => {
    const { storage: s, query } = rowsWithStages(strapi, uid, documentIds);
    const meta: any = strapi.db.metadata.get(uid as any);
    const schema = strapi.getModel(uid as UID.ContentType);
    const titleAttr = titleAttribute(schema);
    const titleColumn = titleAttr ? (meta.attributes[titleAttr]?.columnName ?? titleAttr) : null;
    const localized = isLocalizedSchema(strapi, schema);
    const rows: any[] = await query.select(
      't.id',
      't.document_id',
      't.published_at',
      `t.${s.audienceColumn} as audience`,
      'st.stage_id',
      'st.retired',
      ...(localized ? ['t.locale'] : []),
      ...(titleColumn ? [`t.${titleColumn} as title`] : [])
    );
    return rows.map((r) => ({
      id: Number(r.id),
      documentId: r.document_id,
      locale: localized ? r.locale : null,
      published: r.published_at !== null && r.published_at !== undefined,
      audience: r.audience ?? 'both',
      title: r.title ?? null,
      stageId: r.stage_id ?? null,
      retired: Boolean(r.retired),
    }));
  };

  return {
    roles: () => listRoles(strapi),

    async preview(query: Record<string, unknown>) {
      const { role: roleParam, ...rest } = query;
      const role: PreviewRole = await resolveRole(strapi, roleParam);
      // Every other parameter goes to the recommend service untouched: its own parser
      // judges them (unknown ones are a 400 there), so new recommend parameters work here too.
      const { auth, permissionCount } = await visitorAuth(strapi, role);
      const answer = await getService('recommend', strapi).recommend(rest, auth);

      // What the real endpoint would answer before reaching the service.
      const endpointStatus =
        role.type === 'public' && permissionCount === 0
          ? 401
          : (await mayFind(auth, 'plugin::journey.recommend.find'))
            ? 200
            : 403;
      const whyNot = await this.whyNot(answer, rest, auth, role);
      return {
        data: answer.data,
        meta: { ...answer.meta, preview: { role, endpointStatus }, whyNot },
      };
    },

    /** Reasons for entries tagged with the requested stage or its phase that the answer does not hold. */
    async whyNot(
      answer: any,
      query: Record<string, unknown>,
      auth: unknown,
      role: PreviewRole
    ): Promise<WhyNotEntry[]> {
      const taxonomy = await getService('taxonomy', strapi).get();
      const requested: string[] = answer.meta.stages ?? [answer.meta.stage];
      const phase = answer.meta.phase;
      const phaseStages = [...taxonomy.byId.values()]
        .filter((s: any) => s.phase === phase)
        .map((s: any) => s.id as string);
      const stageIds = [...new Set([...requested, ...phaseStages])];
      const served = new Set<string>(answer.data.map((d: any) => d.documentId));
      const journey = journeyTypeUids(strapi);
      const docs = await candidateDocs(journey, stageIds, served);
      if (docs.length === 0) return [];

      const byType = new Map<string, string[]>();
      for (const d of docs) byType.set(d.uid, [...(byType.get(d.uid) ?? []), d.documentId]);
      const locales = await getService('recommend', strapi).localesOf(
        journey,
        answer.meta.locale ?? undefined
      );
      const exclude =
        typeof query.exclude === 'string' ? query.exclude.split(',').map((v) => v.trim()) : [];
      const audience: string | null = answer.meta.audience;
      const limit = answer.meta.count;
      const out: WhyNotEntry[] = [];

      for (const [uid, ids] of byType) {
        const rows = await details(uid, ids);
        const findable = await mayFind(auth, `${uid}.find`);
        const requestedType = answer.meta.types.includes(uid);
        for (const documentId of ids) {
          const all = rows.filter((r) => r.documentId === documentId);
          const locale = locales[uid];
          const reasons = whyNotReasons(versionsOf(all), {
            stageIds,
            audience,
            locale,
            typeName: displayName(uid),
            roleName: role.name,
            findable,
            requestedType,
            excluded: exclude.includes(documentId),
            limit,
          });
          const title =
            (
              (locale ? all.find((r) => r.locale === locale && r.title) : undefined) ??
              all.find((r) => r.title)
            )?.title ?? documentId;
          out.push({ documentId, contentType: uid, title, reasons });
        }
      }
      return out;
    },
  };
};

export default previewService;
