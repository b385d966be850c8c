import type { Core } from '@strapi/strapi';
import {
  clickThrough,
  formatSuitsPhase,
  isOutcome,
  periodDays,
  progressionTable,
  rankWriteNext,
  stageDemand,
  totalsOf,
  type CoverageMatrix,
  type DemandRow,
  type SupplyCell,
  type Taxonomy,
} from '../../../plugin/src';
import { typeFormat } from '../utils/journey-types';
import { assertSiteLocale } from '../utils/locales';
import { pluginConfig } from '../utils/plugin-config';
import { DEMAND_TABLE, EVENT_TABLE, PROGRESS_TABLE } from './demand';
import { getService } from '../utils/get-service';
import { readableTypes } from '../utils/readable-types';
import { resolveRole, visitorAuth } from '../utils/visitor-auth';
import { parseDemandQuery } from '../validation/coverage';

/** Supply scope of each demand audience: requests without an audience are served from every entry. */
const SUPPLY_SCOPE: Record<string, string> = { b2b: 'b2b', b2c: 'b2c', any: 'all' };

/**
 * `GET /journey/demand` (admin): demand per stage beside supply, the ranked
 * "write next" list, daily series, click-through and progression, all from
 * grouped SQL over the aggregate tables (rows per day × key, never per request).
 */
const demandReportService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * The journey types visitors are served: those the Public role may `find` (every type
   * when Users & Permissions is not installed, as then nothing restricts the content API
   * by role). Write next proposes only these: an entry of a type visitors never get closes
   * no visitor's gap.
   */
  async servedTypes(): Promise<Set<string> | null> {
    if (!strapi.plugin('users-permissions')) return null;
    const { auth } = await visitorAuth(strapi, await resolveRole(strapi, undefined));
    return new Set(await readableTypes(strapi, auth));
  },

  async report(query: Record<string, unknown>, now: Date | number = Date.now()) {
    const scope = parseDemandQuery(query);
    await assertSiteLocale(strapi, scope.locale);
    const taxonomy: Taxonomy = await getService('taxonomy', strapi).get();
    const days = periodDays(scope.days, now);
    const from = days[0];
    const knex = strapi.db.connection;

    const demandQuery = strapi.db
      .getConnection(DEMAND_TABLE)
      .where('day', '>=', from)
      .groupBy('day', 'stage_id', 'audience', 'outcome')
      .select('day', 'stage_id as stage', 'audience', 'outcome', knex.raw('SUM(n) as n'));
    if (scope.audience !== 'all') demandQuery.where('audience', scope.audience);
    if (scope.locale) demandQuery.where('locale_code', scope.locale);
    const [demandRows, eventRows, progressRows] = await Promise.all([
      demandQuery,
      strapi.db
        .getConnection(EVENT_TABLE)
        .where('day', '>=', from)
        .groupBy('stage_id', 'kind')
        .select('stage_id as stage', 'kind', knex.raw('SUM(n) as n')),
      strapi.db
        .getConnection(PROGRESS_TABLE)
        .where('day', '>=', from)
        .groupBy('from_stage', 'to_stage')
        .select('from_stage as from', 'to_stage as to', knex.raw('SUM(n) as n')),
    ]);
    const rows: DemandRow[] = (demandRows as any[])
      .filter((r) => isOutcome(r.outcome))
      .map((r) => ({
        day: String(r.day),
        stage: r.stage,
        audience: r.audience,
        locale: scope.locale ?? '',
        outcome: r.outcome,
        n: Number(r.n),
      }));

    // Supply from the coverage matrix (cached per scope), one per audience the demand names.
    const audiences = [...new Set(rows.map((r) => r.audience || 'any'))];
    const coverage = getService('coverage', strapi);
    const matrices: Record<string, CoverageMatrix> = {};
    const mainScope = scope.audience;
    for (const scopeName of new Set([
      mainScope,
      ...audiences.map((a) => SUPPLY_SCOPE[a] ?? 'all'),
    ])) {
      matrices[scopeName] = (
        (await coverage.matrix({
          audience: scopeName,
          status: 'published',
          ...(scope.locale ? { locale: scope.locale } : {}),
        })) as any
      ).data;
    }
    const served = await this.servedTypes();
    const isServed = (uid: string) => !served || served.has(uid);
    const supply: Record<string, Record<string, SupplyCell[]>> = {};
    for (const audience of audiences) {
      const matrix = matrices[SUPPLY_SCOPE[audience] ?? 'all'];
      const byStage: Record<string, SupplyCell[]> = {};
      for (const stage of taxonomy.stages) {
        // A type marked "not applicable" for the stage, or a stage the scope's audience
        // does not show (services/coverage.ts), is never proposed.
        byStage[stage.id] = matrix.rows
          .filter((row) => isServed(row.uid) && row.cells[stage.id]?.applies)
          .map((row) => ({
            uid: row.uid,
            displayName: row.displayName,
            suits: formatSuitsPhase(
              taxonomy.formatAffinity,
              typeFormat(strapi, row.uid),
              stage.phase
            ),
            count: row.cells[stage.id].count,
            target: row.cells[stage.id].target,
          }));
      }
      supply[audience] = byStage;
    }

    const events: Record<string, { views: number; clicks: number }> = {};
    for (const r of eventRows as any[]) {
      const e = (events[r.stage] ??= { views: 0, clicks: 0 });
      if (r.kind === 'view') e.views += Number(r.n);
      if (r.kind === 'click') e.clicks += Number(r.n);
    }
    const known = new Set(taxonomy.stages.map((s) => s.id));
    const main = matrices[mainScope];
    const stages = stageDemand(
      taxonomy.stages.map((s) => s.id),
      rows,
      days
    )
      .filter((s) => known.has(s.id))
      .map((s) => {
        const stage = taxonomy.byId.get(s.id)!;
        const ev = events[s.id] ?? { views: 0, clicks: 0 };
        return {
          ...s,
          label: stage.label,
          phase: stage.phase,
          framework: stage.framework,
          supply: main.totals[s.id] ?? 0,
          target: stage.target,
          views: ev.views,
          clicks: ev.clicks,
          clickThrough: clickThrough(ev.views, ev.clicks),
        };
      });
    const writeNext = rankWriteNext({ stages: taxonomy.stages, rows, supply, limit: 10 });
    const config = pluginConfig(strapi).demand;
    return {
      data: {
        days,
        counting: { enabled: config.enabled, events: config.events },
        totals: totalsOf(rows),
        stages,
        writeNext: writeNext.map((item) => ({
          ...item,
          stageLabel: taxonomy.byId.get(item.stage)?.label ?? item.stage,
        })),
        // Types left out of Write next because the Public role may not read them (said on the page).
        notServed: main.rows
          .filter((row) => !isServed(row.uid))
          .map((row) => ({ uid: row.uid, displayName: row.displayName })),
        progression: progressionTable(
          taxonomy.stages.map((s) => s.id),
          (progressRows as any[]).map((r) => ({ from: r.from, to: r.to, n: Number(r.n) }))
        ),
      },
      meta: scope,
    };
  },

  /** What the settings page shows: whether counting and events are on, and which roles may send events. */
  async status() {
    const config = pluginConfig(strapi).demand;
    const grants = strapi.plugin('users-permissions')
      ? await strapi.db
          .query('plugin::users-permissions.permission')
          .findMany({ where: { action: 'plugin::journey.events.create' }, populate: ['role'] })
      : [];
    return {
      data: {
        ...config,
        eventsGrantedTo: [...new Set((grants as any[]).map((g) => g.role?.name).filter(Boolean))],
      },
    };
  },
});

export default demandReportService;
