import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  entityRefKey,
  normalizeEntityRef,
} from '@golden-path/plugin-golden-path-node';
import {
  Attestation,
  AttestationRequest,
  ReadinessCheck,
} from '@golden-path/plugin-readiness-common';
import { randomUUID } from 'node:crypto';
import { FactCollector } from '@golden-path/plugin-readiness-node';
import { ReadinessStore, StoredAttestation } from '../database/ReadinessStore';
import { ComponentCatalog } from './ComponentCatalog';
import { CollectionStats, FactCollection } from './FactCollection';
import { EvaluationStats, ReadinessEvaluator } from './ReadinessEvaluator';
import { toApiAttestation } from './toApiAttestation';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A refresh waits this long for each collector. */
export const REFRESH_TIMEOUT_MS = 10_000;
/** An attestation may expire at most this far ahead. */
const MAX_ATTESTATION_DAYS = 365;

/**
 * Everything of the readiness backend that writes: collecting facts (all
 * components on schedule, one on refresh), evaluating, and attestations.
 * The answers of the REST API come from {@link ReadinessReadModel}.
 */
export class ReadinessCommands {
  private readonly collection: FactCollection;
  private readonly checksById: Map<string, ReadinessCheck>;
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: ReadinessStore;
      evaluator: ReadinessEvaluator;
      collectors: FactCollector[];
      components: ComponentCatalog;
      logger: LoggerService;
      checks: ReadinessCheck[];
      /**
       * The org views' snapshot (see OverviewSnapshot): invalidated after
       * every write of summaries, results, history or attestations.
       */
      snapshot: { invalidate(): Promise<void> };
      now?: () => Date;
    },
  ) {
    this.collection = new FactCollection({
      store: options.store,
      logger: options.logger,
    });
    this.checksById = new Map(options.checks.map(check => [check.id, check]));
    this.now = options.now ?? (() => new Date());
  }

  get collectors(): readonly FactCollector[] {
    return this.options.collectors;
  }

  /** Runs one collector over every component and forgets components that left. */
  async collectAll(
    collectorId: string,
    signal?: AbortSignal,
  ): Promise<CollectionStats> {
    const collector = this.options.collectors.find(c => c.id === collectorId);
    if (!collector) throw new Error(`No fact collector '${collectorId}'`);
    const entities = await this.options.components.listComponents();
    const stats = await this.collection.run(collector, entities, {
      signal,
      now: this.now,
    });
    await this.options.store.pruneCollector(
      collector.id,
      new Set(entities.map(entityRefKey)),
    );
    return stats;
  }

  /**
   * Runs a write of what the org views read, then invalidates their
   * snapshot (also when it failed part-way: some of it may be written).
   */
  private async changing<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      await this.options.snapshot.invalidate();
    }
  }

  /** Evaluates every component from the stored facts. */
  async evaluateAll(): Promise<EvaluationStats> {
    const { components, evaluator } = this.options;
    const [entities, systemDomains] = await Promise.all([
      components.listComponents(),
      components.systemDomains(),
    ]);
    // Summaries, results, history written; components gone removed; old
    // history pruned; evaluatedAt of unchanged ones touched.
    return this.changing(() =>
      evaluator.evaluate(entities, { complete: true, systemDomains }),
    );
  }

  /** Evaluates one component from the stored facts. */
  async evaluateOne(entity: Entity): Promise<void> {
    const system = normalizeEntityRef(
      (entity.spec as Record<string, unknown> | undefined)?.system,
      'system',
      entity.metadata.namespace ?? 'default',
    );
    const systemDomains = await this.options.components.systemDomains(
      system ? [system] : [],
    );
    await this.changing(() =>
      this.options.evaluator.evaluate([entity], { systemDomains }),
    );
  }

  /**
   * Re-collects one component with every collector (in parallel, each
   * given REFRESH_TIMEOUT_MS) and evaluates it.
   */
  async refresh(entity: Entity): Promise<void> {
    const entityRef = entityRefKey(entity);
    await Promise.all(
      this.options.collectors.map(async collector => {
        const controller = new AbortController();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>(resolve => {
          timer = setTimeout(() => {
            controller.abort(new Error('timeout'));
            resolve('timeout');
          }, REFRESH_TIMEOUT_MS);
        });
        try {
          const outcome = await Promise.race([
            this.collection.run(collector, [entity], {
              signal: controller.signal,
              now: this.now,
            }),
            timedOut,
          ]);
          if (outcome === 'timeout') throw new Error('timeout');
        } catch (error) {
          const message = controller.signal.aborted
            ? `did not answer within ${
                REFRESH_TIMEOUT_MS / 1000
              } s of a refresh`
            : (error as Error)?.message ?? String(error);
          await this.options.store.writeCollection({
            collector: collector.id,
            entities: [{ entityRef, facts: {}, error: message }],
            collectedAt: this.now(),
          });
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    await this.evaluateOne(entity);
  }

  /**
   * Records an attestation by `author` and re-evaluates the component.
   * @throws InputError naming the field: unknown or not attestable check,
   *   expiry not in the future or more than a year ahead
   */
  async attest(
    entity: Entity,
    request: AttestationRequest,
    author: string,
  ): Promise<Attestation> {
    const check = this.checksById.get(request.checkId);
    const attestable = this.options.checks
      .filter(c => c.attestation)
      .map(c => c.id);
    if (!check) {
      throw new InputError(
        `Invalid body field 'checkId': there is no check '${
          request.checkId
        }'; the attestable checks are ${attestable.join(', ') || 'none'}`,
      );
    }
    if (!check.attestation) {
      throw new InputError(
        `Invalid body field 'checkId': the check '${
          check.id
        }' is not attestable (it is evaluated from collected facts); the attestable checks are ${
          attestable.join(', ') || 'none'
        }`,
      );
    }
    const now = this.now();
    let expiresAt: Date;
    if (request.expiresAt === undefined) {
      expiresAt = new Date(
        now.getTime() + check.attestation.validDays * DAY_MS,
      );
    } else {
      expiresAt = new Date(request.expiresAt);
      if (isNaN(expiresAt.getTime())) {
        throw new InputError(
          `Invalid body field 'expiresAt': '${request.expiresAt}' is not a date and time`,
        );
      }
      if (expiresAt.getTime() <= now.getTime()) {
        throw new InputError(
          `Invalid body field 'expiresAt': must be in the future, got ${expiresAt.toISOString()}`,
        );
      }
      if (expiresAt.getTime() > now.getTime() + MAX_ATTESTATION_DAYS * DAY_MS) {
        throw new InputError(
          `Invalid body field 'expiresAt': must be at most a year (${MAX_ATTESTATION_DAYS} days) ahead, got ${expiresAt.toISOString()}`,
        );
      }
    }
    const attestation: StoredAttestation = {
      id: randomUUID(),
      entityRef: entityRefKey(entity),
      checkId: check.id,
      author,
      comment: request.comment,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    };
    await this.changing(() => this.options.store.addAttestation(attestation));
    this.options.logger.info('Readiness check attested', {
      entityRef: attestation.entityRef,
      checkId: attestation.checkId,
      author,
      expiresAt: attestation.expiresAt,
    });
    await this.evaluateOne(entity);
    return toApiAttestation(attestation, now);
  }
}
