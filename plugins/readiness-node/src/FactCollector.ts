import {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  FactDefinition,
  FactValue,
} from '@golden-path/plugin-readiness-common';

/**
 * What a collector gets besides the entities.
 * @public
 */
export type FactCollectorContext = {
  logger: LoggerService;
  /** Aborted when the run is cancelled or times out. */
  signal?: AbortSignal;
};

/**
 * What a collector found for one entity. Facts it leaves out keep their
 * stored value; with `error` set and no facts, nothing stored changes and
 * the error is recorded (shown with the checks that read its facts).
 * @public
 */
export type FactCollectorResult = {
  /** The entity ref, as stringifyEntityRef gives it (case does not matter). */
  entityRef: string;
  facts: Record<string, FactValue>;
  error?: string;
};

/**
 * Collects facts about components, on its own schedule (task
 * `readiness-collect-<id>`) and when a component is refreshed. Every fact
 * id is `<id>.<name>` and declared in `facts`.
 * @public
 */
export interface FactCollector {
  /** Lower-case letters, digits and dashes, e.g. `sonarqube`. */
  readonly id: string;
  readonly facts: FactDefinition[];
  /**
   * When it runs unless `goldenPath.readiness.collectors.<id>.schedule`
   * says otherwise. Default: every 30 minutes.
   */
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;
  /**
   * Collects the facts of these components (all of them on a scheduled run,
   * one on a refresh). Throwing records the error for every entity; one
   * entity's trouble is better reported as that entity's `error`.
   */
  collect(
    entities: Entity[],
    ctx: FactCollectorContext,
  ): Promise<FactCollectorResult[]>;
}
