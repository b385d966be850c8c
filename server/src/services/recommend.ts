import type { Core } from '@strapi/strapi';
import {
  JourneyInputError,
  listOf,
  matchTiers,
  rankCandidates,
  requestPhase,
  audiencesServing,
  type Candidate,
} from '../../../plugin/src';
import { AUDIENCE_ATTRIBUTE, STAGES_ATTRIBUTE } from '../constants';
import { journeyTypeUids, typeFormat } from '../utils/journey-types';
import { parseRecommendParams } from '../utils/recommend-params';
import { assertSiteLocale } from '../utils/locales';

type Auth = unknown;

/** Strapi's REST API accepts `fields=a,b`, `fields[0]=a`; the sanitizer keeps either form. */
const asFieldList = (fields: unknown): string[] =>
  typeof fields === 'string' ? fields.split(',').map((f) => f.trim()).filter(Boolean) : Array.isArray(fields) ? fields.map(String) : [];

const POPULATABLE = ['relation', 'component', 'media', 'dynamiczone'];

/** `populate=a`, `populate=a,b`, `populate[0]=a`, `populate[a][fields][0]=x`, `populate=*` → an object. */
const asPopulateObject = (populate: unknown, schema: any): Record<string, unknown> => {
  if (!populate) return {};
  if (populate === '*') {
    return Object.fromEntries(Object.entries(schema.attributes).filter(([, a]: any) => POPULATABLE.includes(a.type)).map(([k]) => [k, true]));
  }
  const list = typeof populate === 'string' ? populate.split(',') : Array.isArray(populate) ? populate.map(String) : null;
  if (list) return Object.fromEntries(list.map((k) => k.trim()).filter(Boolean).map((k) => [k, true]));
  return typeof populate === 'object' ? (populate as Record<string, unknown>) : {};
};

/**
 * `GET /api/journey/recommend` (SPEC §4). Candidates come from the database tier by
 * tier (exact stage, same phase, next phase, previous phase), every type queried
 * concurrently with the stage, audience, locale, exclude and published filters in
 * the query and at most `limit` rows per type and tier, so the cost does not grow
 * with the library. The small candidate set is then ranked by the pure model.
 */
const recommendService = ({ strapi }: { strapi: Core.Strapi }) => {
  const mayFind = async (auth: Auth, uid: string) => {
    try {
      await strapi.get('auth').verify(auth, { scope: [`${uid}.find`] });
      return true;
    } catch {
      return false;
    }
  };

  /** Resolves `types` (uids or plural API names) to journey types the caller may find. */
  const servedTypes = async (auth: Auth, requested?: string[]) => {
    const journey = journeyTypeUids(strapi);
    const allowed = (await Promise.all(journey.map(async (uid) => ((await mayFind(auth, uid)) ? uid : null)))).filter(Boolean) as string[];
    if (!requested) return allowed;
    const byName = new Map<string, string>();
    for (const uid of journey) {
      byName.set(uid, uid);
      byName.set((strapi.contentTypes as any)[uid].info.pluralName, uid);
    }
    const names = allowed.map((uid) => (strapi.contentTypes as any)[uid].info.pluralName);
    return [...new Set(requested.map((name) => {
      const uid = byName.get(name);
      // A type the caller may not find is reported exactly like one that does not exist: not revealed.
      if (!uid || !allowed.includes(uid)) {
        if (uid) throw new JourneyInputError('types', `types: "${name}" is not a type you may read: use ${listOf(names) || 'none'}`, names, 403);
        throw new JourneyInputError('types', `types: "${name}" is not a content type with journey tags you may read: use ${listOf(names) || 'none'}`, names);
      }
      return uid;
    }))];
  };

  return {
    async recommend(query: Record<string, unknown>, auth: Auth) {
      const taxonomy = await strapi.plugin('journey').service('taxonomy').get();
      const params = parseRecommendParams(taxonomy, query);
      const uids = await servedTypes(auth, params.types);
      await assertSiteLocale(strapi, params.locale);

      // fields / populate: validated and sanitized exactly as Strapi's REST API does, per type.
      const queries = new Map<string, { fields?: string[]; populate?: unknown }>();
      for (const uid of uids) {
        const schema = strapi.getModel(uid as any);
        const raw: Record<string, unknown> = {};
        if (params.fields !== undefined) raw.fields = params.fields;
        if (params.populate !== undefined) raw.populate = params.populate;
        await strapi.contentAPI.validate.query(raw, schema, { auth } as any);
        queries.set(uid, await strapi.contentAPI.sanitize.query(raw, schema, { auth } as any));
      }

      const req = { stages: params.stages, audience: params.audience };
      const candidates: Array<Candidate & { entry: any }> = [];
      const seen = new Set<string>();
      let exactCount = 0;
      let widened = false;

      for (const [i, tier] of matchTiers(taxonomy, req).entries()) {
        if (candidates.length >= params.limit) break;
        if (i > 0) widened = true;
        if (tier.stageIds.length === 0) continue;
        const batches = await Promise.all(uids.map((uid) => this.tierCandidates(uid, tier.stageIds, params, queries.get(uid)!)));
        for (const c of batches.flat()) {
          const key = `${c.contentType}|${c.documentId}`;
          if (seen.has(key)) continue;
          seen.add(key);
          candidates.push(c);
        }
        if (i === 0) exactCount = candidates.length;
      }

      const ranked = rankCandidates(taxonomy, req, candidates).slice(0, params.limit);
      const data = await Promise.all(
        ranked.map(async ({ candidate, match, reason }) => {
          const schema = strapi.getModel(candidate.contentType as any);
          const clean: any = await strapi.contentAPI.sanitize.output(candidate.entry, schema, { auth } as any);
          delete clean[STAGES_ATTRIBUTE];
          delete clean[AUDIENCE_ATTRIBUTE];
          return {
            ...clean,
            contentType: candidate.contentType,
            journey: { stages: candidate.stages, audience: candidate.audience, match, reason },
          };
        })
      );

      return {
        data,
        meta: {
          stage: params.stages[0].id,
          ...(params.stages.length > 1 ? { stages: params.stages.map((s) => s.id) } : {}),
          phase: requestPhase(req),
          audience: params.audience ?? null,
          locale: params.locale ?? null,
          types: uids,
          fallback: widened && exactCount < params.limit,
          count: data.length,
        },
      };
    },

    /** At most `limit` published entries of one type whose stages fall in one match tier. */
    async tierCandidates(uid: string, stageIds: string[], params: ReturnType<typeof parseRecommendParams>, q: { fields?: string[]; populate?: any }) {
      const schema: any = strapi.getModel(uid as any);
      const localized = schema.pluginOptions?.i18n?.localized === true;
      const filters: any = { [STAGES_ATTRIBUTE]: { stageId: { $in: stageIds } } };
      if (params.audience) filters[AUDIENCE_ATTRIBUTE] = { $in: audiencesServing(params.audience) };
      if (params.exclude.length) filters.documentId = { $notIn: params.exclude };
      const fields = q.fields ? [...new Set([...asFieldList(q.fields), 'documentId', 'publishedAt', AUDIENCE_ATTRIBUTE])] : undefined;
      const populate = { ...asPopulateObject(q.populate, schema), [STAGES_ATTRIBUTE]: { fields: ['stageId'] } };
      const rows = await strapi.documents(uid as any).findMany({
        status: 'published',
        ...(localized && params.locale ? { locale: params.locale } : {}),
        filters,
        // With an audience, 'b2b'/'b2c' sort before 'both' (audience-exact first, as the
        // ranking wants); without one, audience does not rank and newest comes first.
        sort: [...(params.audience ? [{ [AUDIENCE_ATTRIBUTE]: 'asc' }] : []), { publishedAt: 'desc' }, { documentId: 'asc' }],
        limit: params.limit,
        ...(fields ? { fields } : {}),
        populate,
      } as any);
      const format = typeFormat(strapi, uid);
      return (rows as any[]).map((entry) => ({
        documentId: entry.documentId,
        contentType: uid,
        format,
        publishedAt: entry.publishedAt ? new Date(entry.publishedAt).toISOString() : null,
        stages: (entry[STAGES_ATTRIBUTE] ?? []).map((s: any) => s.stageId),
        audience: entry[AUDIENCE_ATTRIBUTE],
        entry,
      }));
    },
  };
};

export default recommendService;
