import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AlertWindow,
  budgetBurnDown,
  BurnDownPoint,
  errorBudget,
  evaluateBurnRateAlerts,
  parseDuration,
  ratioTimesliceBudget,
  sloStatus,
  SloSummary,
  timesliceBudget,
  windowBounds,
} from '@golden-path/plugin-slo-common';
import {
  SliCounts,
  SliSource,
  SliSourceError,
} from '@golden-path/plugin-slo-node';
import { SloDefinition, SloEntity } from '../database/SloDefinition';
import { SloStore } from '../database/SloStore';
import { SloConfig } from '../readSloConfig';
import { pendingSummary } from './pendingSummary';
import { SloDefinitionReader } from './SloDefinitionReader';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Timeslices budgets over more slices than this are not computed. */
const MAX_SLICES = 50_000;

/**
 * The scheduled command (task `slo-compute`, also run by POST /v1/refresh):
 * reads SLO definitions from the catalog, applies retention, and computes
 * and stores every SLO's budget, burn rates and alerts.
 */
export class SloComputeCommand {
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
      config: Pick<SloConfig, 'burnRatePolicy' | 'retention'>;
      /**
       * Called after definitions or summaries are stored: marks the read
       * model's org view out of date (SloReadModel.invalidate).
       */
      onStored?: () => Promise<void>;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

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
    await this.options.onStored?.();
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
    await this.options.onStored?.();
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
    const pending = pendingSummary(definition);
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
}
