import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_TIER,
  TIER_NAMES,
  TierName,
} from '@golden-path/plugin-golden-path-common';
import {
  BurnDownPoint,
  SloEntityDetail,
  SloOverview,
  SloServiceRow,
  SloStatus,
  SloSummary,
  SloTierRow,
} from '@golden-path/plugin-slo-common';
import { SloEntity } from '../database/SloDefinition';
import { SloStore } from '../database/SloStore';
import { SloConfig } from '../readSloConfig';
import { currentBurnRate } from './currentBurnRate';
import { pendingSummary } from './pendingSummary';

/**
 * The part of the store the read model may use: reads only, so no GET
 * handler can write.
 */
export type SloReadStore = Pick<
  SloStore,
  'listEntities' | 'getEntity' | 'listDefinitions' | 'listSummaries'
>;

// Worst first: what a service row shows when its SLOs disagree.
const STATUS_RANK: Record<SloStatus, number> = {
  breaching: 4,
  error: 3,
  warning: 2,
  'no-data': 1,
  ok: 0,
};

function quantile(sorted: number[], q: number): number {
  // Linear between closest ranks (R type 7, as numpy's default).
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/**
 * What the dashboard reads (every GET route): the overview and one
 * entity's SLOs with burn-down series, from what the compute command
 * stored. It never writes.
 */
export class SloReadModel {
  constructor(
    private readonly options: {
      store: SloReadStore;
      catalog: CatalogService;
      auth: AuthService;
      config: Pick<SloConfig, 'tiers'>;
    },
  ) {}

  /** The dashboard: tiers, services, firing alerts and tier violations. */
  async overview(filter: {
    owner?: string[];
    system?: string[];
    tier?: TierName[];
    /** Only these components (lower-case refs): those the caller may read. */
    entityRefs?: ReadonlySet<string>;
  }): Promise<SloOverview> {
    const { store } = this.options;
    const { tiers } = this.options.config;
    const entities = (await store.listEntities()).filter(
      entity =>
        (!filter.entityRefs || filter.entityRefs.has(entity.entityRef)) &&
        (!filter.owner || filter.owner.includes(entity.owner ?? '')) &&
        (!filter.system || filter.system.includes(entity.system ?? '')) &&
        (!filter.tier || (entity.tier && filter.tier.includes(entity.tier))),
    );
    const wanted = new Set(entities.map(e => e.entityRef));
    const summaries = await this.summaries();
    const byEntity = new Map<string, SloSummary[]>();
    let computedAt: string | null = null;
    for (const { summary, computedAt: at } of summaries) {
      if (!wanted.has(summary.entityRef)) continue;
      byEntity.set(summary.entityRef, [
        ...(byEntity.get(summary.entityRef) ?? []),
        summary,
      ]);
      if (at && (!computedAt || at > computedAt)) computedAt = at;
    }

    const services: SloServiceRow[] = entities.map(entity => {
      const slos = byEntity.get(entity.entityRef) ?? [];
      return this.serviceRow(entity, slos);
    });
    const tierRows: SloTierRow[] = TIER_NAMES.filter(
      tier => !filter.tier || filter.tier.includes(tier),
    ).map(tier => {
      const rows = services.filter(s => s.tier === tier);
      const budgets = rows
        .map(r => r.budgetRemaining)
        .filter((b): b is number => b !== null)
        .sort((a, b) => a - b);
      return {
        tier,
        title: tiers[tier].title,
        availabilityPercent: tiers[tier].availabilityPercent,
        latencyP99Ms: tiers[tier].latencyP99Ms,
        errorRatePercent: tiers[tier].errorRatePercent,
        services: rows.length,
        meeting: rows.filter(
          r => r.sloCount > 0 && (r.status === 'ok' || r.status === 'warning'),
        ).length,
        breaching: rows.filter(r => r.status === 'breaching').length,
        noData: rows.filter(r => r.status === 'no-data').length,
        errors: rows.filter(r => r.status === 'error').length,
        budgetRemaining:
          budgets.length === 0
            ? null
            : {
                min: budgets[0],
                p25: quantile(budgets, 0.25),
                median: quantile(budgets, 0.5),
                p75: quantile(budgets, 0.75),
                max: budgets[budgets.length - 1],
              },
      };
    });
    const all = [...byEntity.values()].flat();
    return {
      tiers: tierRows,
      services,
      firingAlerts: all.flatMap(slo =>
        slo.firingAlerts.map(alert => ({
          ...alert,
          sloRef: slo.ref,
          entityRef: slo.entityRef,
          sloName: slo.name,
        })),
      ),
      tierViolations: all.flatMap(slo =>
        slo.tierViolations.map(v => ({ ...v, entityRef: slo.entityRef })),
      ),
      computedAt,
    };
  }

  /**
   * One entity's SLOs with burn-down series. An entity of the catalog whose
   * SLOs are not computed yet (the task has not run since it appeared) or
   * that has none gets an empty answer (no SLOs, `computedAt` null); only an
   * entity the catalog does not have, for the caller, is not found.
   */
  async entity(
    entityRef: string,
    credentials?: BackstageCredentials,
  ): Promise<SloEntityDetail> {
    const { store, catalog, auth } = this.options;
    const entity = await store.getEntity(entityRef);
    if (!entity) {
      const known = await catalog.getEntityByRef(entityRef, {
        credentials: credentials ?? (await auth.getOwnServiceCredentials()),
      });
      if (!known) {
        throw new NotFoundError(`The catalog has no entity ${entityRef}`);
      }
      const tier = known.metadata.annotations?.[ANNOTATION_TIER];
      return {
        entityRef,
        tier: TIER_NAMES.includes(tier as TierName) ? (tier as TierName) : null,
        slos: [],
        burnDown: {},
        errors: [],
        computedAt: null,
      };
    }
    const stored = await this.summaries(entityRef, true);
    let computedAt: string | null = null;
    const burnDown: Record<string, BurnDownPoint[]> = {};
    for (const s of stored) {
      burnDown[s.summary.ref] = s.burnDown;
      if (s.computedAt && (!computedAt || s.computedAt > computedAt)) {
        computedAt = s.computedAt;
      }
    }
    return {
      entityRef,
      tier: entity.tier,
      slos: stored.map(s => s.summary),
      burnDown,
      errors: entity.errors,
      computedAt,
    };
  }

  /**
   * The summaries of the current definitions: the stored computation, or a
   * `no-data` summary for an SLO not computed yet (just defined).
   */
  private async summaries(
    entityRef?: string,
    withBurnDown = false,
  ): Promise<
    Array<{
      summary: SloSummary;
      burnDown: BurnDownPoint[];
      computedAt: string | null;
    }>
  > {
    const { store } = this.options;
    const definitions = await store.listDefinitions(entityRef);
    const stored = new Map(
      (await store.listSummaries({ entityRef, withBurnDown })).map(s => [
        s.summary.ref,
        s,
      ]),
    );
    return definitions.map(definition => {
      const found = stored.get(definition.sloRef);
      if (found) {
        // Definitions change between runs (a tightened file): show the
        // current violations rather than the computed ones.
        return {
          ...found,
          summary: {
            ...found.summary,
            tierViolations: definition.tierViolations,
          },
        };
      }
      return {
        summary: pendingSummary(definition),
        burnDown: [],
        computedAt: null,
      };
    });
  }

  private serviceRow(entity: SloEntity, slos: SloSummary[]): SloServiceRow {
    // A definition problem (a broken OpenSLO file) is an error on the row
    // even when the tier's SLOs are fine: some promise is not being watched.
    let status: SloStatus = entity.errors.length > 0 ? 'error' : 'ok';
    if (slos.length === 0 && entity.errors.length === 0) status = 'no-data';
    for (const slo of slos) {
      if (STATUS_RANK[slo.status] > STATUS_RANK[status]) status = slo.status;
    }
    const budgets = slos
      .map(s => s.budgetRemaining)
      .filter((b): b is number => b !== null);
    const burn = currentBurnRate(slos);
    return {
      entityRef: entity.entityRef,
      title: entity.title,
      owner: entity.owner,
      system: entity.system,
      tier: entity.tier,
      status,
      budgetRemaining: budgets.length > 0 ? Math.min(...budgets) : null,
      burnRate: burn?.burnRate ?? null,
      burnRateWindow: burn?.window ?? null,
      firingAlerts: slos.reduce((n, s) => n + s.firingAlerts.length, 0),
      tierViolations: slos.reduce((n, s) => n + s.tierViolations.length, 0),
      sloCount: slos.length,
    };
  }
}
