import type { Core, UID } from '@strapi/strapi';
import {
  JourneyInputError,
  listOf,
  matchTiers,
  rankCandidates,
  requestPhase,
  type Candidate,
  type ExperimentArm,
  type Stage,
  type VisitorAudience,
} from '../../../plugin/src';
import { readableTypes } from '../utils/readable-types';
import { AUDIENCE_ATTRIBUTE, STAGES_ATTRIBUTE } from '../constants';
import { journeyTypeUids, typeFormat } from '../utils/journey-types';
import { parseRecommendParams } from '../validation/recommend';
import { assertSiteLocale } from '../utils/locales';
import { candidateSql, type CandidateRow } from '../queries/candidates';
import { titleAttribute } from '../utils/entry-text';
import { getService } from '../utils/get-service';
import { sanitizedQuery } from '../utils/sanitized-query';
import { defaultLocale, isLocalized } from '../utils/i18n';
import { TAXONOMY_SCOPE, typeScope, type Versions } from '../utils/content-version';
import { permissionFingerprint, stableJson } from '../utils/fingerprint';

type Auth = unknown;

/** Strapi's REST API accepts `fields=a,b`, `fields[0]=a`; the sanitizer keeps either form. */
const asFieldList = (fields: unknown): string[] =>
  typeof fields === 'string'
    ? fields
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)
    : Array.isArray(fields)
      ? fields.map(String)
      : [];

const POPULATABLE = ['relation', 'component', 'media', 'dynamiczone'];

/** `populate=a`, `populate=a,b`, `populate[0]=a`, `populate[a][fields][0]=x`, `populate=*` → an object. */
const asPopulateObject = (populate: unknown, schema: any): Record<string, unknown> => {
  if (!populate) return {};
  if (populate === '*') {
    return Object.fromEntries(
      Object.entries(schema.attributes)
        .filter(([, a]: any) => POPULATABLE.includes(a.type))
        .map(([k]) => [k, true])
    );
  }
  const list =
    typeof populate === 'string'
      ? populate.split(',')
      : Array.isArray(populate)
        ? populate.map(String)
        : null;
  if (list)
    return Object.fromEntries(
      list
        .map((k) => k.trim())
        .filter(Boolean)
        .map((k) => [k, true])
    );
  return typeof populate === 'object' ? (populate as Record<string, unknown>) : {};
};

const rowKey = (row: CandidateRow) => `${row.uid}|${row.id}`;

/** Why a baseline arm served an entry: in words, with the arm's label. */
const baselineReason = (arm: ExperimentArm) =>
  arm.kind === 'fixed'
    ? `On the fixed list of the experiment arm “${arm.label}”`
    : `Among the newest published entries (experiment arm “${arm.label}”)`;

/**
 * `GET /api/journey/recommend` (SPEC §4). Candidates come from the database tier by
 * tier (exact stage, same phase, next phase, previous phase), every type queried
 * concurrently with the stage, audience, locale, exclude and published filters in
 * the query and at most `limit` rows per type and tier, so the cost does not grow
 * with the library. The small candidate set is then ranked by the pure model.
 */
const recommendService = ({ strapi }: { strapi: Core.Strapi }) => {
  /** Resolves `types` (uids or plural API names) to journey types the caller may find. */
  const servedTypes = (allowed: string[], requested?: string[]) => {
    const journey = journeyTypeUids(strapi);
    if (!requested) return allowed;
    const byName = new Map<string, string>();
    for (const uid of journey) {
      byName.set(uid, uid);
      byName.set(strapi.contentTypes[uid as UID.ContentType].info.pluralName, uid);
    }
    const names = allowed.map((uid) => strapi.contentTypes[uid as UID.ContentType].info.pluralName);
    return [
      ...new Set(
        requested.map((name) => {
          const uid = byName.get(name);
          // A type the caller may not find is reported exactly like one that does not exist: not revealed.
          if (!uid || !allowed.includes(uid)) {
            if (uid)
              throw new JourneyInputError(
                'types',
                `types: "${name}" is not a type you may read: use ${listOf(names) || 'none'}`,
                names,
                403
              );
            throw new JourneyInputError(
              'types',
              `types: "${name}" is not a content type with journey tags you may read: use ${listOf(names) || 'none'}`,
              names
            );
          }
          return uid;
        })
      ),
    ];
  };

  return {
    /**
     * `versions`: the change counters the response cache read for this request; with
     * them, the taxonomy (and the visitor's seen tags and rules) are read once per
     * counter value instead of on every computation.
     */
    async recommend(query: Record<string, unknown>, auth: Auth, versions?: Versions) {
      const taxonomies = getService('taxonomy', strapi);
      const taxonomy = versions
        ? await taxonomies.at(versions[TAXONOMY_SCOPE] ?? 0)
        : await taxonomies.get();
      const params = parseRecommendParams(taxonomy, query);
      const readable = await readableTypes(strapi, auth);
      const uids = servedTypes(readable, params.types);
      await assertSiteLocale(strapi, params.locale);
      // The visitor's signals (seen entries of any readable type count), `from`, `stage=auto`.
      const locales = await this.localesOf(readable, params.locale);
      // The experiment arm this request is served by, if one covers its audience × locale.
      const choice = await getService('experiments', strapi).choose(
        { audience: params.audience, locale: params.locale },
        params.arm,
        versions
      );
      const arm = choice?.arm ?? null;
      const visitor = await getService('visitor', strapi).resolve(
        taxonomy,
        params,
        readable,
        locales,
        versions,
        arm?.kind === 'variant' ? arm.defaultStage : undefined
      );

      // fields / populate: validated and sanitized exactly as Strapi's REST API does, per type.
      const queries = new Map<string, { fields?: string[]; populate?: unknown }>();
      for (const uid of uids) {
        const raw: Record<string, unknown> = {};
        if (params.fields !== undefined) raw.fields = params.fields;
        if (params.populate !== undefined) raw.populate = params.populate;
        queries.set(uid, await sanitizedQuery(strapi, uid, raw, auth));
      }

      const req = {
        stages: visitor.stages as Stage[],
        audience: visitor.audience as VisitorAudience | undefined,
      };
      const sql = candidateSql({ strapi });
      const scope = {
        audience: req.audience,
        locales,
        exclude: visitor.exclude as string[],
        excludeTagged: visitor.excludeTagged,
        limit: params.limit,
      };
      const rows: Array<CandidateRow & { tier: number }> = [];
      const seen = new Set<string>();
      let exactCount = 0;
      let widened = false;

      const baseline = arm?.kind === 'newest' || arm?.kind === 'fixed';
      if (baseline) {
        rows.push(
          ...(
            await sql.baselineRows(uids, scope, arm.kind === 'fixed' ? arm.documentIds : undefined)
          ).map((row) => ({ ...row, tier: 0 }))
        );
      }
      // Tier by tier (exact, phase, next phase, previous phase) until `limit` is filled;
      // an entry keeps the first (best) tier it appears in.
      for (const [i, tier] of (baseline ? [] : matchTiers(taxonomy, req)).entries()) {
        if (rows.length >= params.limit) break;
        if (i > 0) widened = true;
        const tierRows = await getService('candidate-cache', strapi).tierRows(
          uids,
          tier.stageIds,
          scope,
          versions
        );
        for (const row of tierRows) {
          const key = `${row.uid}|${row.id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          rows.push({ ...row, tier: i });
        }
        if (i === 0) exactCount = rows.length;
      }

      const stagesOf = await this.stagesOf(rows, versions);
      const candidates: Array<Candidate & { row: CandidateRow }> = rows.map((row) => ({
        documentId: row.documentId,
        contentType: row.uid,
        format: typeFormat(strapi, row.uid),
        publishedAt: row.publishedAt,
        stages: stagesOf.get(`${row.uid}|${row.id}`) ?? [],
        audience: row.audience as Candidate['audience'],
        row,
      }));
      const ranked = baseline
        ? candidates.map((candidate) => ({
            candidate,
            match: 'baseline' as const,
            reason: baselineReason(arm),
          }))
        : rankCandidates(taxonomy, req, candidates).slice(0, params.limit);
      const entries = await this.servedEntries(
        ranked.map((r) => r.candidate.row),
        { locales: scope.locales, queries, auth, versions, populate: params.populate !== undefined }
      );

      const data = await Promise.all(
        ranked.map(async ({ candidate, match, reason }) => {
          const schema = strapi.getModel(candidate.contentType as any);
          const entry = entries.get(`${candidate.contentType}|${candidate.row.id}`);
          // A copy: the sanitized entry may be shared with other answers (entry cache).
          const clean: any = entry ? { ...entry } : { documentId: candidate.documentId };
          // The title is loaded whatever `fields` asked (hydrate), and shown only in `journey`.
          const titleField = titleAttribute(schema);
          const title = titleField ? (clean[titleField] ?? null) : null;
          const asked = queries.get(candidate.contentType)?.fields;
          if (titleField && asked && !asFieldList(asked).includes(titleField))
            delete clean[titleField];
          return {
            ...clean,
            contentType: candidate.contentType,
            journey: {
              title: typeof title === 'string' && title !== '' ? title : null,
              stages: candidate.stages,
              audience: candidate.audience,
              match,
              reason,
            },
          };
        })
      );

      return {
        data,
        meta: {
          stage: req.stages[0].id,
          ...(req.stages.length > 1 ? { stages: req.stages.map((s) => s.id) } : {}),
          phase: requestPhase(req),
          audience: req.audience ?? null,
          locale: params.locale ?? null,
          types: uids,
          fallback: widened && exactCount < params.limit,
          count: data.length,
          ...visitor.meta,
          ...(choice ? { experiment: { id: choice.experiment.id, arm: arm?.id ?? null } } : {}),
        },
      };
    },

    /** The locale each localized type answers in: the request's, else the site's default (as Strapi's REST API). */
    async localesOf(uids: string[], locale?: string): Promise<Record<string, string | undefined>> {
      const localized = uids.filter((uid) => isLocalized(strapi, uid));
      if (localized.length === 0) return {};
      const code = locale ?? (await defaultLocale(strapi));
      return Object.fromEntries(localized.map((uid) => [uid, code]));
    },

    /**
     * Stage ids of candidate rows, primary first: through the entry cache when the change
     * counters are known (a row's stages change only with a write to its type, which moves
     * the type's counter, and a retire or restore moves every type's).
     */
    async stagesOf(rows: CandidateRow[], versions?: Versions): Promise<Map<string, string[]>> {
      const sql = candidateSql({ strapi });
      if (!versions) return sql.stagesOf(rows);
      const keyOf = (row: CandidateRow) =>
        ['stages', row.uid, row.id, versions[typeScope(row.uid)] ?? 0].join('\u0000');
      const byKey = new Map(rows.map((row) => [keyOf(row), row]));
      const cached = await getService('entry-cache', strapi).getMany<string[]>(
        [...byKey.keys()],
        async (missing) => {
          const found = await sql.stagesOf(missing.map((key) => byKey.get(key)!));
          return new Map(missing.map((key) => [key, found.get(rowKey(byKey.get(key)!)) ?? []]));
        }
      );
      return new Map([...byKey].map(([key, row]) => [rowKey(row), cached.get(key) ?? []]));
    },

    /**
     * The winning entries, sanitized for the caller, without their journey fields (they are in
     * `journey`), keyed `uid|row id`. Through the entry cache when the answer's change counters
     * are known and nothing is populated (a populated relation can change without a write to
     * this type): each key names the type, row, locale, fields, permissions and the type's
     * counter, so what it returns is what loading and sanitizing again would give.
     */
    async servedEntries(
      rows: CandidateRow[],
      opts: {
        locales: Record<string, string | undefined>;
        queries: Map<string, { fields?: unknown; populate?: unknown }>;
        auth: Auth;
        versions?: Versions;
        populate: boolean;
      }
    ): Promise<Map<string, Record<string, unknown>>> {
      const load = async (wanted: CandidateRow[]) => {
        const loaded = await this.hydrate(wanted, opts.locales, opts.queries);
        const out = new Map<string, Record<string, unknown>>();
        await Promise.all(
          wanted.map(async (row) => {
            const entry = loaded.get(`${row.uid}|${row.id}`);
            if (!entry) return;
            const schema = strapi.getModel(row.uid as any);
            const clean: any = await strapi.contentAPI.sanitize.output(entry, schema, {
              auth: opts.auth,
            } as any);
            delete clean[STAGES_ATTRIBUTE];
            delete clean[AUDIENCE_ATTRIBUTE];
            out.set(`${row.uid}|${row.id}`, clean);
          })
        );
        return out;
      };
      const { versions } = opts;
      if (!versions || opts.populate) return load(rows);
      const who = permissionFingerprint(opts.auth);
      const keyOf = (row: CandidateRow) =>
        [
          row.uid,
          row.id,
          opts.locales[row.uid] ?? '',
          stableJson(opts.queries.get(row.uid) ?? {}),
          who,
          versions[typeScope(row.uid)] ?? 0,
        ].join('\u0000');
      const byKey = new Map(rows.map((row) => [keyOf(row), row]));
      const cached = await getService('entry-cache', strapi).getMany(
        [...byKey.keys()],
        async (missing) => {
          const loaded = await load(missing.map((key) => byKey.get(key)!));
          return new Map(
            missing
              .filter((key) => loaded.has(rowKey(byKey.get(key)!)))
              .map((key) => [key, loaded.get(rowKey(byKey.get(key)!))!])
          );
        }
      );
      return new Map(
        [...byKey]
          .filter(([key]) => cached.has(key))
          .map(([key, row]) => [rowKey(row), cached.get(key)!])
      );
    },

    /** Loads only the winning entries, per type, through the Document Service with the caller's fields and populate. */
    async hydrate(
      rows: CandidateRow[],
      locales: Record<string, string | undefined>,
      queries: Map<string, { fields?: unknown; populate?: unknown }>
    ) {
      const out = new Map<string, any>();
      const byType = new Map<string, number[]>();
      for (const r of rows) byType.set(r.uid, [...(byType.get(r.uid) ?? []), r.id]);
      await Promise.all(
        [...byType].map(async ([uid, ids]) => {
          const schema = strapi.getModel(uid as UID.ContentType);
          const q = queries.get(uid) ?? {};
          const title = titleAttribute(schema);
          const fields = q.fields
            ? [
                ...new Set([
                  ...asFieldList(q.fields),
                  'documentId',
                  'publishedAt',
                  ...(title ? [title] : []),
                ]),
              ]
            : undefined;
          const populate = asPopulateObject(q.populate, schema);
          const entries = await strapi.documents(uid as any).findMany({
            status: 'published',
            ...(locales[uid] ? { locale: locales[uid] } : {}),
            filters: { id: { $in: ids } },
            ...(fields ? { fields } : {}),
            ...(Object.keys(populate).length ? { populate } : {}),
            limit: ids.length,
          } as any);
          for (const e of entries as any[]) out.set(`${uid}|${Number(e.id)}`, e);
        })
      );
      return out;
    },
  };
};

export default recommendService;
