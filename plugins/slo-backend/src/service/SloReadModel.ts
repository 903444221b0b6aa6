import {
  AuthService,
  LoggerService,
  BackstageCredentials,
  CacheService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_TIER,
  facetCounts,
  PagedRows,
  TIER_NAMES,
  TierName,
} from '@golden-path/plugin-golden-path-common';
import {
  compareText,
  matchesText,
  pageOf,
  SharedSnapshot,
} from '@golden-path/plugin-golden-path-node';
import {
  BurnDownPoint,
  SloEntityDetail,
  SloOverview,
  SloServiceRow,
  SloServiceSortKey,
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

// Worst first when sorted ascending: what needs attention on top.
const STATUS_ORDER: Record<SloStatus, number> = {
  error: 0,
  breaching: 1,
  warning: 2,
  'no-data': 3,
  ok: 4,
};

/** The snapshot's rebuild without an invalidation (catalog titles, owners). */
export const OVERVIEW_MAX_AGE_MS = 5 * 60_000;

type FiringAlertRow = SloOverview['firingAlerts'][number];
type TierViolationRow = SloOverview['tierViolations'][number];

/** One service of the snapshot: its row and what the aggregates need. */
type OverviewEntry = {
  row: SloServiceRow;
  firingAlerts: FiringAlertRow[];
  tierViolations: TierViolationRow[];
  computedAt: string | null;
};

/** The org view built once (every service, no caller's view in it). */
type OverviewSnapshot = {
  entries: OverviewEntry[];
  /** The overview without filters, once computed. */
  whole?: SloOverview;
};

/** The filters of the overview and of the services' pages. */
export type SloFilter = {
  owner?: string[];
  system?: string[];
  tier?: TierName[];
  /** Only these components (lower-case refs): those the caller may read. */
  entityRefs?: ReadonlySet<string>;
};

/** A page of the services table. */
export type SloServicesPageQuery = SloFilter & {
  q?: string;
  sort: SloServiceSortKey;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
};

const nameOf = (ref: string) => ref.replace(/^[^/]*\//, '');

/**
 * Compares two rows on one column; rows without a value last whatever the
 * order (the comparison is multiplied by the order's sign in pageOf).
 */
function columnCompare(
  sort: SloServiceSortKey,
  order: 'asc' | 'desc',
): (a: SloServiceRow, b: SloServiceRow) => number {
  const sign = order === 'desc' ? -1 : 1;
  const value = (row: SloServiceRow): number | string | null => {
    switch (sort) {
      case 'service':
        return row.title ?? nameOf(row.entityRef);
      case 'owner':
        return row.owner ? nameOf(row.owner) : null;
      case 'tier':
        return row.tier ? TIER_NAMES.indexOf(row.tier) : null;
      case 'status':
        return STATUS_ORDER[row.status];
      case 'budget':
        return Number.isFinite(row.budgetRemaining)
          ? row.budgetRemaining
          : null;
      default:
        return Number.isFinite(row.burnRate) ? row.burnRate : null;
    }
  };
  return (a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) {
      if (va === vb) return 0;
      return (va === null ? 1 : -1) * sign;
    }
    if (typeof va === 'number' && typeof vb === 'number') return va - vb;
    return compareText(String(va), String(vb));
  };
}

function matchesFilter(row: SloServiceRow, filter: SloFilter): boolean {
  return (
    (!filter.owner || filter.owner.includes(row.owner ?? '')) &&
    (!filter.system || filter.system.includes(row.system ?? '')) &&
    (!filter.tier || (row.tier !== null && filter.tier.includes(row.tier)))
  );
}

function quantile(sorted: number[], q: number): number {
  // Linear between closest ranks (R type 7, as numpy's default).
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/**
 * What the dashboard reads (every GET route): the overview's aggregates,
 * the services a page at a time, and one entity's SLOs with burn-down
 * series, from what the compute command stored. It never writes.
 *
 * The org view (every service's row and what the aggregates need) is built
 * once into a {@link SharedSnapshot} and served from memory until the
 * compute command stores new definitions or summaries ({@link invalidate})
 * or it is {@link OVERVIEW_MAX_AGE_MS} old. Each request then narrows it to
 * the caller's readable components and the filters, in memory.
 */
export class SloReadModel {
  readonly #snapshot: SharedSnapshot<OverviewSnapshot>;

  constructor(
    private readonly options: {
      store: SloReadStore;
      catalog: CatalogService;
      auth: AuthService;
      config: Pick<SloConfig, 'tiers'>;
      /** The plugin's cache (`coreServices.cache`): the snapshot's generation. */
      cache: CacheService;
      /** Rebuild after this long without an invalidation (5 minutes). */
      maxAgeMs?: number;
      /** Where a failed background rebuild is reported. */
      logger?: LoggerService;
      /** The clock of the snapshot's age (tests). */
      now?: () => number;
    },
  ) {
    this.#snapshot = new SharedSnapshot({
      cache: options.cache,
      logger: options.logger,
      key: 'overview',
      load: () => this.build(),
      maxAgeMs: options.maxAgeMs ?? OVERVIEW_MAX_AGE_MS,
      now: options.now,
    });
  }

  /**
   * Marks the org view out of date on every replica sharing the cache: the
   * compute command calls it after storing definitions or summaries.
   */
  async invalidate(): Promise<void> {
    await this.#snapshot.invalidate();
  }

  /**
   * The dashboard's aggregates over the filtered services: tiers, count,
   * firing alerts and tier violations; the pickers' choices over every
   * readable service.
   */
  async overview(filter: SloFilter): Promise<SloOverview> {
    const snapshot = await this.#snapshot.get();
    // The whole org's overview (no filter, every service readable: what
    // most requests ask) is computed once per snapshot.
    const whole =
      !filter.entityRefs &&
      !filter.owner?.length &&
      !filter.system?.length &&
      !filter.tier?.length;
    if (!whole) return this.computeOverview(snapshot, filter);
    snapshot.whole ??= this.computeOverview(snapshot, filter);
    return snapshot.whole;
  }

  private computeOverview(
    { entries }: OverviewSnapshot,
    filter: SloFilter,
  ): SloOverview {
    const { tiers } = this.options.config;
    const readable = filter.entityRefs
      ? entries.filter(e => filter.entityRefs!.has(e.row.entityRef))
      : entries;
    const selected = readable.filter(e => matchesFilter(e.row, filter));
    const services = selected.map(e => e.row);
    let computedAt: string | null = null;
    for (const entry of selected) {
      const at = entry.computedAt;
      if (at && (!computedAt || at > computedAt)) computedAt = at;
    }
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
    return {
      tiers: tierRows,
      totalServices: selected.length,
      choices: {
        owner: facetCounts(
          readable.map(({ row }) => row),
          'owner',
        ),
        system: facetCounts(
          readable.map(({ row }) => row),
          'system',
        ),
      },
      firingAlerts: selected.flatMap(e => e.firingAlerts),
      tierViolations: selected.flatMap(e => e.tierViolations),
      computedAt,
    };
  }

  /**
   * One page of the filtered services the caller may read: filtered, then
   * searched, sorted and cut, with the total of the filtered set.
   */
  async services(
    query: SloServicesPageQuery,
  ): Promise<PagedRows<SloServiceRow>> {
    const { entries } = await this.#snapshot.get();
    const rows: SloServiceRow[] = [];
    for (const { row } of entries) {
      if (query.entityRefs && !query.entityRefs.has(row.entityRef)) continue;
      if (!matchesFilter(row, query)) continue;
      if (
        !matchesText(
          query.q,
          row.title ?? undefined,
          row.entityRef,
          row.owner ?? undefined,
          row.system ?? undefined,
        )
      ) {
        continue;
      }
      rows.push(row);
    }
    return pageOf(rows, {
      offset: query.offset,
      limit: query.limit,
      order: query.order,
      compare: columnCompare(query.sort, query.order),
      tieBreak: (a, b) => compareText(a.entityRef, b.entityRef),
    });
  }

  /** Every service's row and aggregates' inputs, from the store. */
  private async build(): Promise<OverviewSnapshot> {
    const entities = await this.options.store.listEntities();
    const byEntity = new Map<
      string,
      Array<{ summary: SloSummary; computedAt: string | null }>
    >();
    for (const stored of await this.summaries()) {
      const ref = stored.summary.entityRef;
      const list = byEntity.get(ref);
      if (list) list.push(stored);
      else byEntity.set(ref, [stored]);
    }
    return {
      entries: entities.map(entity => {
        const stored = byEntity.get(entity.entityRef) ?? [];
        const slos = stored.map(s => s.summary);
        let computedAt: string | null = null;
        for (const s of stored) {
          if (s.computedAt && (!computedAt || s.computedAt > computedAt)) {
            computedAt = s.computedAt;
          }
        }
        return {
          row: this.serviceRow(entity, slos),
          firingAlerts: slos.flatMap(slo =>
            slo.firingAlerts.map(alert => ({
              ...alert,
              sloRef: slo.ref,
              entityRef: slo.entityRef,
              sloName: slo.name,
            })),
          ),
          tierViolations: slos.flatMap(slo =>
            slo.tierViolations.map(v => ({ ...v, entityRef: slo.entityRef })),
          ),
          computedAt,
        };
      }),
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
