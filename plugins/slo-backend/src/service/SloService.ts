import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_TIER,
  TIER_NAMES,
  TierName,
} from '@golden-path/plugin-golden-path-common';
import {
  AlertWindow,
  budgetBurnDown,
  BurnDownPoint,
  errorBudget,
  evaluateBurnRateAlerts,
  latencyAttainment,
  parseDuration,
  ratioTimesliceBudget,
  sloStatus,
  SloEntityDetail,
  SloOverview,
  SloServiceRow,
  SloStatus,
  SloSummary,
  SloTierRow,
  timesliceBudget,
  validateSliBatch,
  windowBounds,
} from '@golden-path/plugin-slo-common';
import { SloDefinition, SloEntity } from '../database/SloDefinition';
import { SliBucket, SloStore } from '../database/SloStore';
import { SloConfig } from '../readSloConfig';
import {
  SliCounts,
  SliSource,
  SliSourceError,
} from '@golden-path/plugin-slo-node';
import { SloDefinitionReader } from './SloDefinitionReader';

/** At most this many points (and histograms) per ingestion request. */
export const MAX_POINTS_PER_REQUEST = 10_000;
/** Points may be this far ahead of the server clock (clock skew). */
const MAX_FUTURE_MINUTES = 5;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Timeslices budgets over more slices than this are not computed. */
const MAX_SLICES = 50_000;

/** The body of the ingestion API after zod: shapes checked, values not yet. */
export type SliIngestInput = {
  points?: unknown[];
  histograms?: Array<{
    sloRef: string;
    timestamp: string;
    buckets: Array<{ le: number | '+Inf'; count: number }>;
  }>;
};

/** A bad ingestion request: every problem, each naming its point and field. */
export class SliBatchInputError extends InputError {}

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

function describeWindow(definition: SloDefinition) {
  return {
    duration: definition.timeWindow.duration.text,
    isRolling: definition.timeWindow.isRolling,
  };
}

/**
 * The SLO behaviour: reads SLO definitions from the catalog, takes in SLI
 * data, computes budgets, burn rates and alerts, and answers the dashboard.
 */
export class SloService {
  constructor(
    private readonly options: {
      store: SloStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      definitionReader: SloDefinitionReader;
      /**
       * The SLI source of each data source type (`builtin`, and those
       * modules add, e.g. `prometheus`).
       */
      sources: ReadonlyMap<string, SliSource>;
      config: Pick<SloConfig, 'burnRatePolicy' | 'retention' | 'tiers'>;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  // ---- the scheduled run -------------------------------------------------

  /** One run of the task: definitions from the catalog, retention, budgets. */
  async runOnce(): Promise<void> {
    await this.syncDefinitions();
    await this.prune();
    await this.computeAll();
  }

  /** Reads every component with a tier or an OpenSLO file and stores its SLOs. */
  async syncDefinitions(): Promise<{ entities: number; slos: number }> {
    const { catalog, auth, definitionReader, store, logger } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      { filter: { kind: 'Component' } },
      { credentials },
    );
    const entities: SloEntity[] = [];
    const definitions: SloDefinition[] = [];
    for (const entity of items.filter(SloDefinitionReader.hasSlos)) {
      const read = await definitionReader.read(entity);
      if (read.entity.errors.length > 0) {
        logger.warn('Problems with the SLO definitions of an entity', {
          entityRef: read.entity.entityRef,
          errors: read.entity.errors.length,
        });
      }
      entities.push(read.entity);
      definitions.push(...read.definitions);
    }
    await store.replaceDefinitions({ entities, definitions, now: this.now() });
    return { entities: entities.length, slos: definitions.length };
  }

  async prune() {
    const now = this.now().getTime();
    const { minuteDays, hourDays } = this.options.config.retention;
    return this.options.store.prune({
      minutesBefore: new Date(now - minuteDays * DAY_MS),
      hoursBefore: new Date(now - hourDays * DAY_MS),
    });
  }

  /** Computes and stores the summary of every SLO. */
  async computeAll(): Promise<void> {
    const { store, logger } = this.options;
    const now = this.now();
    const definitions = await store.listDefinitions();
    const computed: Array<{ summary: SloSummary; burnDown: BurnDownPoint[] }> =
      [];
    for (const definition of definitions) {
      computed.push(await this.compute(definition, now));
    }
    await store.writeSummaries(computed, now);
    logger.debug('Computed SLO budgets', { slos: computed.length });
  }

  private sourceOf(definition: SloDefinition): SliSource {
    const { dataSource } = definition;
    const source = this.options.sources.get(dataSource.type);
    if (!source) {
      const name = 'name' in dataSource ? ` '${dataSource.name}'` : '';
      throw new SliSourceError(
        `no SLI source for data sources of type ${dataSource.type} is installed in this backend (data source${name}); add the backend module that reads them`,
      );
    }
    return source;
  }

  /**
   * The summary of one SLO at `now`. A source that fails gives status
   * `error` with its message, never a budget computed from missing data.
   */
  async compute(
    definition: SloDefinition,
    now: Date,
  ): Promise<{ summary: SloSummary; burnDown: BurnDownPoint[] }> {
    const bounds = windowBounds(definition.timeWindow, now);
    const pending = this.pendingSummary(definition);
    const base: SloSummary = {
      ...pending,
      window: {
        ...pending.window,
        start: bounds.ok ? bounds.value.start.toISOString() : '',
        end: bounds.ok ? bounds.value.end.toISOString() : '',
      },
    };
    const failed = (error: string) => ({
      summary: { ...base, status: 'error' as const, error },
      burnDown: [],
    });
    if (!bounds.ok) return failed(`the time window: ${bounds.error}`);
    const start = bounds.value.start;
    // Data exist only up to now (a calendar window ends later).
    const end = new Date(Math.min(bounds.value.end.getTime(), now.getTime()));

    try {
      const source = this.sourceOf(definition);
      let attainment: number | null = null;
      let budgetRemaining: number | null = null;
      let burnDown: BurnDownPoint[] = [];
      if (definition.budgetingMethod === 'Occurrences') {
        const counts = await source.countsBetween(definition, start, end);
        const budget = counts
          ? errorBudget({ target: definition.target, ...counts })
          : null;
        if (counts && !budget) {
          return failed(
            `the source answered impossible counts (good ${counts.good} of ${counts.total})`,
          );
        }
        attainment = budget?.attainment ?? null;
        budgetRemaining = budget?.remainingFraction ?? null;
        if (counts && start < end) {
          const series = await source.countsSeries(
            definition,
            start,
            end,
            HOUR_MS,
          );
          burnDown =
            budgetBurnDown(series, {
              target: definition.target,
              window: { start, end: bounds.value.end },
              stepMs: HOUR_MS,
            })?.points ?? [];
        }
      } else {
        const sliceMs = definition.timeSliceWindowMs;
        if (!sliceMs || sliceMs < 60_000) {
          return failed('the time slice window must be at least one minute');
        }
        const expectedSlices = Math.floor(
          (bounds.value.end.getTime() - start.getTime()) / sliceMs,
        );
        if (expectedSlices > MAX_SLICES) {
          return failed(
            `the window has ${expectedSlices} time slices, over the limit of ${MAX_SLICES}; use a longer timeSliceWindow`,
          );
        }
        const slices = (
          await source.countsSeries(definition, start, end, sliceMs)
        ).slice(0, expectedSlices);
        const budget =
          definition.budgetingMethod === 'Timeslices'
            ? timesliceBudget({
                target: definition.target,
                timeSliceTarget: definition.timeSliceTarget ?? NaN,
                slices,
                expectedSlices,
              })
            : ratioTimesliceBudget({
                target: definition.target,
                slices,
                expectedSlices,
              });
        if (!budget) return failed('the time slices could not be evaluated');
        attainment = budget.attainment;
        budgetRemaining = budget.remainingFraction;
      }

      const windowCounts = new Map<string, SliCounts | null>();
      for (const rule of this.options.config.burnRatePolicy.rules) {
        for (const window of [rule.longWindow, rule.shortWindow]) {
          if (windowCounts.has(window)) continue;
          const ms = parseDuration(window);
          if (!ms.ok) continue;
          windowCounts.set(
            window,
            await source.countsBetween(
              definition,
              new Date(now.getTime() - ms.value),
              now,
            ),
          );
        }
      }
      const alerts = evaluateBurnRateAlerts({
        target: definition.target,
        policy: this.options.config.burnRatePolicy,
        windows: (window: AlertWindow) =>
          windowCounts.get(window.duration) ?? null,
      });
      const firing = alerts?.firing ?? [];
      return {
        summary: {
          ...base,
          attainment,
          budgetRemaining,
          burnRates: (alerts?.windows ?? []).map(w => ({
            window: w.duration,
            burnRate: w.burnRate,
          })),
          firingAlerts: firing.map(alert => ({
            name: alert.rule.name,
            severity: alert.rule.severity,
            threshold: alert.rule.burnRate,
            longWindow: alert.rule.longWindow,
            shortWindow: alert.rule.shortWindow,
            longBurnRate: alert.long.burnRate ?? 0,
            shortBurnRate: alert.short.burnRate ?? 0,
          })),
          status: sloStatus({
            attainment,
            budgetRemaining,
            firingSeverities: firing.map(alert => alert.rule.severity),
          }),
        },
        burnDown,
      };
    } catch (error) {
      if (error instanceof SliSourceError) return failed(error.message);
      this.options.logger.error('Could not compute an SLO', {
        sloRef: definition.sloRef,
        error: String(error),
      });
      return failed('the SLO could not be computed; see the backend log');
    }
  }

  // ---- ingestion ---------------------------------------------------------

  /**
   * Checks a batch and stores it in one transaction, all or nothing.
   * @throws SliBatchInputError naming every bad point and field
   */
  async ingest(
    input: SliIngestInput,
  ): Promise<{ accepted: number; slos: number }> {
    const now = this.now();
    const points = input.points ?? [];
    const histograms = input.histograms ?? [];
    const count = points.length + histograms.length;
    if (count === 0) {
      throw new SliBatchInputError(
        'the batch is empty: send points and/or histograms',
      );
    }
    if (count > MAX_POINTS_PER_REQUEST) {
      throw new SliBatchInputError(
        `the batch has ${count} points, over the limit of ${MAX_POINTS_PER_REQUEST}; send smaller batches`,
      );
    }
    const limits = {
      now,
      maxPoints: MAX_POINTS_PER_REQUEST,
      maxAgeDays: this.options.config.retention.hourDays,
      maxFutureMinutes: MAX_FUTURE_MINUTES,
    };
    const errors: string[] = [];
    const checked = validateSliBatch(points, limits);
    errors.push(...checked.errors.map(e => e.message));

    const refs = [
      ...checked.points.map(p => p.sloRef),
      ...histograms.map(h => h.sloRef),
    ];
    const definitions = await this.options.store.getDefinitions(refs);

    // Where each bucket came from, for messages: `points[3]`.
    const entries: Array<{ at: string; bucket: SliBucket }> = [];
    const usable = (at: string, sloRef: string): SloDefinition | undefined => {
      const definition = definitions.get(sloRef);
      if (!definition) {
        errors.push(
          `${at}.sloRef "${sloRef}" names no known SLO; GET /api/slo/v1/entities/... lists the refs`,
        );
      } else if (definition.dataSource.type !== 'builtin') {
        errors.push(
          `${at}.sloRef "${sloRef}" reads its data from Prometheus ('${definition.dataSource.name}'), not from this API`,
        );
        return undefined;
      }
      return definition;
    };
    // Without errors the valid points are the points, in order, so an index
    // names the right point; with errors the batch is refused anyway.
    const pointsAligned = checked.errors.length === 0;
    checked.points.forEach((point, i) => {
      const at = `points[${i}]`;
      if (!pointsAligned || !usable(at, point.sloRef)) return;
      entries.push({
        at,
        bucket: {
          sloRef: point.sloRef,
          minute: Math.floor(Date.parse(point.timestamp) / 60_000),
          good: point.good,
          total: point.total,
        },
      });
    });

    histograms.forEach((histogram, index) => {
      const at = `histograms[${index}]`;
      const definition = usable(at, histogram.sloRef);
      if (!definition) return;
      if (definition.thresholdMs === null) {
        errors.push(
          `${at}.sloRef "${histogram.sloRef}" is not a latency SLO; send good/total points for it`,
        );
        return;
      }
      const latency = latencyAttainment({
        buckets: histogram.buckets,
        thresholdMs: definition.thresholdMs,
      });
      if (!latency.ok) {
        errors.push(`${at}.buckets: ${latency.error}`);
        return;
      }
      const asPoint = validateSliBatch(
        [
          {
            sloRef: histogram.sloRef,
            timestamp: histogram.timestamp,
            good: Math.round(latency.value.good),
            total: latency.value.total,
          },
        ],
        limits,
      );
      if (asPoint.errors.length > 0) {
        errors.push(
          ...asPoint.errors.map(e => e.message.replace(/^points\[0\]/, at)),
        );
        return;
      }
      entries.push({
        at,
        bucket: {
          sloRef: histogram.sloRef,
          minute: Math.floor(Date.parse(histogram.timestamp) / 60_000),
          good: latency.value.good,
          total: latency.value.total,
        },
      });
    });

    // One bucket per SLO and minute: two points for the same minute would
    // make the stored value depend on their order.
    const seen = new Map<string, string>();
    for (const { at, bucket } of entries) {
      const key = `${bucket.sloRef}\u0000${bucket.minute}`;
      const first = seen.get(key);
      if (first) {
        errors.push(
          `${at} is for the same sloRef and minute as ${first}; send one value per minute`,
        );
      } else {
        seen.set(key, at);
      }
    }
    if (errors.length > 0) throw this.batchError(errors);

    const buckets = entries.map(e => e.bucket);
    const sealed = await this.options.store.writeBuckets(buckets);
    if (sealed.length > 0) {
      const sealedKeys = new Set(sealed.map(s => `${s.sloRef}\u0000${s.hour}`));
      const refused = entries
        .filter(({ bucket }) =>
          sealedKeys.has(
            `${bucket.sloRef}\u0000${Math.floor(bucket.minute / 60)}`,
          ),
        )
        .map(
          ({ at }) =>
            `${at}.timestamp falls in an hour whose per-minute data retention has already removed (goldenPath.slo.retention.minuteDays); it can no longer be replaced`,
        );
      throw this.batchError(refused);
    }
    return {
      accepted: buckets.length,
      slos: new Set(buckets.map(b => b.sloRef)).size,
    };
  }

  private batchError(errors: string[]): SliBatchInputError {
    const shown = errors.slice(0, 20);
    const more =
      errors.length > shown.length
        ? `; and ${errors.length - shown.length} more`
        : '';
    return new SliBatchInputError(
      `the batch was refused, nothing was stored: ${shown.join('; ')}${more}`,
    );
  }

  // ---- queries -----------------------------------------------------------

  /** The dashboard: tiers, services, firing alerts and tier violations. */
  async overview(filter: {
    owner?: string[];
    system?: string[];
    tier?: TierName[];
  }): Promise<SloOverview> {
    const { store } = this.options;
    const { tiers } = this.options.config;
    const entities = (await store.listEntities()).filter(
      entity =>
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
        summary: this.pendingSummary(definition),
        burnDown: [],
        computedAt: null,
      };
    });
  }

  /** An SLO's summary before (or without) any counts: status `no-data`. */
  private pendingSummary(definition: SloDefinition): SloSummary {
    return {
      ref: definition.sloRef,
      entityRef: definition.entityRef,
      name: definition.name,
      ...(definition.displayName
        ? { displayName: definition.displayName }
        : {}),
      objective: definition.objective,
      source: definition.source,
      tier: definition.tier,
      target: definition.target,
      thresholdMs: definition.thresholdMs,
      window: { ...describeWindow(definition), start: '', end: '' },
      budgetingMethod: definition.budgetingMethod,
      attainment: null,
      budgetRemaining: null,
      burnRates: [],
      firingAlerts: [],
      tierViolations: definition.tierViolations,
      status: 'no-data',
      error: null,
    };
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

/**
 * A service's burn rate now: the highest of its SLOs over the shortest
 * alert window in which any of them had events. The shortest window (5 m)
 * alone is empty whenever data arrives late or traffic is thin, which left
 * every row without a burn rate; the window is named beside the number.
 */
export function currentBurnRate(
  slos: ReadonlyArray<Pick<SloSummary, 'burnRates'>>,
): { burnRate: number; window: string } | null {
  const byWindow = new Map<string, { ms: number; rates: number[] }>();
  for (const slo of slos) {
    for (const { window, burnRate } of slo.burnRates) {
      const ms = parseDuration(window);
      if (!ms.ok) continue;
      const entry = byWindow.get(window) ?? { ms: ms.value, rates: [] };
      if (burnRate !== null && Number.isFinite(burnRate)) {
        entry.rates.push(burnRate);
      }
      byWindow.set(window, entry);
    }
  }
  const shortest = [...byWindow.entries()]
    .filter(([, entry]) => entry.rates.length > 0)
    .sort((a, b) => a[1].ms - b[1].ms)[0];
  if (!shortest) return null;
  return { burnRate: Math.max(...shortest[1].rates), window: shortest[0] };
}
