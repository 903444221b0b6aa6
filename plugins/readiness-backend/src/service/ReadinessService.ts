import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TierName } from '@golden-path/plugin-golden-path-common';
import {
  ATTESTATION_COLLECTOR,
  Attestation,
  AttestationRequest,
  CheckOutcome,
  FactDefinition,
  FactSnapshot,
  FailingCheck,
  LevelCounts,
  LevelOrNone,
  ReadinessCategory,
  ReadinessCheck,
  ReadinessChecksResponse,
  ReadinessEntityDetail,
  ReadinessGroupRow,
  ReadinessHistoryPoint,
  ReadinessOverview,
  ReadinessRollup,
  ReadinessServiceRow,
  ReadinessStatus,
  ReadinessTrendPoint,
  levelOf,
  readinessStatusOf,
} from '@golden-path/plugin-readiness-common';
import { randomUUID } from 'node:crypto';
import {
  entityRefKey,
  normalizeEntityRef,
} from '@golden-path/plugin-golden-path-node';
import { FactCollector } from '../collectors/FactCollector';
import {
  CollectorRun,
  ReadinessStore,
  StoredAttestation,
  StoredSummary,
  SummaryFilter,
} from '../database/ReadinessStore';
import { CollectionStats, FactCollection } from './FactCollection';
import { EvaluationStats, ReadinessEvaluator } from './ReadinessEvaluator';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The trend and an entity's history cover this many days. */
const SHOWN_DAYS = 90;
/** A refresh waits this long for each collector. */
export const REFRESH_TIMEOUT_MS = 10_000;
/** An attestation may expire at most this far ahead. */
const MAX_ATTESTATION_DAYS = 365;

/** The filters of the overview and the roll-ups. */
export type OverviewFilter = SummaryFilter & {
  category?: ReadinessCategory[];
};

function emptyLevels(): LevelCounts {
  return { none: 0, bronze: 0, silver: 0, gold: 0 };
}

function emptyStatuses(): Record<ReadinessStatus, number> {
  return { meets: 0, below: 0, awaiting: 0, 'no-tier': 0 };
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function toApiAttestation(
  attestation: StoredAttestation,
  now: Date,
): Attestation {
  return {
    ...attestation,
    expired: attestation.expiresAt <= now.toISOString(),
  };
}

/** Mean of passed/applicable; a service with no applicable check scores 1. */
function scoreOf(rows: ReadonlyArray<{ passed: number; applicable: number }>) {
  if (rows.length === 0) return 0;
  const sum = rows.reduce(
    (total, row) =>
      total + (row.applicable === 0 ? 1 : row.passed / row.applicable),
    0,
  );
  return sum / rows.length;
}

function groupRows(
  services: readonly ReadinessServiceRow[],
  keyOf: (row: ReadinessServiceRow) => string | null,
): ReadinessGroupRow[] {
  const groups = new Map<string, ReadinessServiceRow[]>();
  for (const service of services) {
    const key = keyOf(service);
    if (!key) continue;
    const list = groups.get(key) ?? [];
    list.push(service);
    groups.set(key, list);
  }
  return [...groups.entries()]
    .map(([key, rows]) => {
      const levels = emptyLevels();
      for (const row of rows) levels[row.level]++;
      return {
        key,
        services: rows.length,
        meetingRequired: rows.filter(row => row.meetsRequired).length,
        score: scoreOf(rows),
        levels,
      };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.meetingRequired - a.meetingRequired ||
        b.services - a.services ||
        (a.key < b.key ? -1 : 1),
    );
}

/**
 * The behaviour of the readiness backend: collecting facts (all components
 * on schedule, one on refresh), evaluating, attestations, and the answers
 * of the REST API.
 */
export class ReadinessService {
  private readonly collection: FactCollection;
  private readonly checksById: Map<string, ReadinessCheck>;
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: ReadinessStore;
      evaluator: ReadinessEvaluator;
      collectors: FactCollector[];
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      checks: ReadinessCheck[];
      facts: FactDefinition[];
      requiredLevels: Record<TierName, LevelOrNone>;
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

  // ---- scheduled work ----------------------------------------------------

  /** Runs one collector over every component and forgets components that left. */
  async collectAll(
    collectorId: string,
    signal?: AbortSignal,
  ): Promise<CollectionStats> {
    const collector = this.options.collectors.find(c => c.id === collectorId);
    if (!collector) throw new Error(`No fact collector '${collectorId}'`);
    const entities = await this.listComponents();
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

  /** Evaluates every component from the stored facts. */
  async evaluateAll(): Promise<EvaluationStats> {
    const [entities, systemDomains] = await Promise.all([
      this.listComponents(),
      this.systemDomains(),
    ]);
    return this.options.evaluator.evaluate(entities, {
      complete: true,
      systemDomains,
    });
  }

  private async listComponents(): Promise<Entity[]> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const seen = new Map<string, Entity>();
    for await (const page of catalog.streamEntities(
      { filter: { kind: 'Component' } },
      { credentials },
    )) {
      for (const entity of page) seen.set(entityRefKey(entity), entity);
    }
    return [...seen.values()];
  }

  /** The domain of each system (all systems, or the named ones). */
  private async systemDomains(
    systemRefs?: string[],
  ): Promise<Map<string, string | null>> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const domains = new Map<string, string | null>();
    const add = (system: Entity | undefined) => {
      if (!system) return;
      const spec = (system.spec ?? {}) as Record<string, unknown>;
      domains.set(
        entityRefKey(system),
        normalizeEntityRef(
          spec.domain,
          'domain',
          system.metadata.namespace ?? 'default',
        ),
      );
    };
    const fields = [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'spec.domain',
    ];
    if (systemRefs) {
      if (systemRefs.length === 0) return domains;
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: systemRefs, fields },
        { credentials },
      );
      items.forEach(add);
      return domains;
    }
    for await (const page of catalog.streamEntities(
      { filter: { kind: 'System' }, fields },
      { credentials },
    )) {
      page.forEach(add);
    }
    return domains;
  }

  // ---- one entity --------------------------------------------------------

  /**
   * The component the caller may see in the catalog.
   * @throws NotFoundError when the catalog does not have it (for them),
   *   InputError when it is not a component
   */
  async findComponent(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRef} not found in the catalog`);
    }
    if (entity.kind.toLowerCase() !== 'component') {
      throw new InputError(
        `Invalid entity ref in the URL: readiness is evaluated for components, and ${entityRef} is a ${entity.kind}`,
      );
    }
    return entity;
  }

  /** Evaluates one component from the stored facts. */
  async evaluateOne(entity: Entity): Promise<void> {
    const system = normalizeEntityRef(
      (entity.spec as Record<string, unknown> | undefined)?.system,
      'system',
      entity.metadata.namespace ?? 'default',
    );
    const systemDomains = await this.systemDomains(system ? [system] : []);
    await this.options.evaluator.evaluate([entity], { systemDomains });
  }

  /**
   * Re-collects one component with every collector (in parallel, each
   * given REFRESH_TIMEOUT_MS), evaluates it and answers its detail.
   */
  async refresh(entity: Entity): Promise<ReadinessEntityDetail> {
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
    return this.detail(entity);
  }

  /**
   * The checks of a component with the facts behind each result. A
   * component never evaluated (or evaluated before a check was added) is
   * evaluated now from the stored facts.
   */
  async detail(entity: Entity): Promise<ReadinessEntityDetail> {
    const { store, checks } = this.options;
    const entityRef = entityRefKey(entity);
    let summary = await store.getSummary(entityRef);
    let results = await store.getResults(entityRef);
    const evaluated = new Set(results.map(result => result.checkId));
    if (!summary || checks.some(check => !evaluated.has(check.id))) {
      await this.evaluateOne(entity);
      summary = await store.getSummary(entityRef);
      results = await store.getResults(entityRef);
    }
    if (!summary) {
      throw new Error(`The evaluation of ${entityRef} was not stored`);
    }
    const now = this.now();
    const [current, history, collected] = await Promise.all([
      store.currentAttestations(now, [entityRef]),
      this.history(entityRef, SHOWN_DAYS),
      store.loadFacts([entityRef]),
    ]);
    const resultsById = new Map(
      results.map(result => [result.checkId, result]),
    );
    const attestations = current.get(entityRef);
    const facts = collected.get(entityRef);
    const evaluatedAt = summary.evaluatedAt;
    // A stored result keeps the collection times of the evaluation that
    // last changed it; a fact collected again since with the same value
    // shows its newest collection.
    const freshen = (fact: FactSnapshot): FactSnapshot => {
      if (fact.collector === ATTESTATION_COLLECTOR) {
        const checkId = fact.id.slice(ATTESTATION_COLLECTOR.length + 1);
        const attestation = attestations?.get(checkId);
        if (fact.value === true && attestation) {
          return { ...fact, collectedAt: attestation.createdAt };
        }
        return fact.value === false
          ? { ...fact, collectedAt: evaluatedAt }
          : fact;
      }
      const latest = facts?.get(fact.id);
      if (
        latest &&
        JSON.stringify(latest.value) === JSON.stringify(fact.value)
      ) {
        return { ...fact, collectedAt: latest.collectedAt };
      }
      return fact;
    };
    return {
      entityRef,
      title: summary.title,
      owner: summary.owner,
      system: summary.system,
      tier: summary.tier,
      ...this.standing(summary, summary.outcomes),
      passed: summary.passed,
      applicable: summary.applicable,
      checks: checks.map(check => {
        const result = resultsById.get(check.id)!;
        const attestation = check.attestation
          ? attestations?.get(check.id)
          : undefined;
        return {
          check,
          outcome: result.outcome,
          message: result.message,
          facts: result.facts.map(freshen),
          attestation: attestation ? toApiAttestation(attestation, now) : null,
        };
      }),
      history,
      evaluatedAt: summary.evaluatedAt,
    };
  }

  /** A component's evaluations over the last `days` days, oldest first. */
  async history(
    entityRef: string,
    days: number,
  ): Promise<ReadinessHistoryPoint[]> {
    const since = dayOf(new Date(this.now().getTime() - (days - 1) * DAY_MS));
    const points = await this.options.store.history(entityRef, since);
    return points.map(point => ({
      evaluatedAt: point.evaluatedAt,
      level: point.level,
      passed: point.passed,
      applicable: point.applicable,
    }));
  }

  /** The audit trail of a component's attestations, newest first. */
  async listAttestations(entityRef: string): Promise<Attestation[]> {
    const now = this.now();
    return (await this.options.store.listAttestations(entityRef)).map(a =>
      toApiAttestation(a, now),
    );
  }

  /** The collectors' last runs for a component, with their errors. */
  async collectorRuns(entityRef: string): Promise<CollectorRun[]> {
    return (
      (await this.options.store.loadCollectorRuns([entityRef])).get(
        entityRef,
      ) ?? []
    );
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
    await this.options.store.addAttestation(attestation);
    this.options.logger.info('Readiness check attested', {
      entityRef: attestation.entityRef,
      checkId: attestation.checkId,
      author,
      expiresAt: attestation.expiresAt,
    });
    await this.evaluateOne(entity);
    return toApiAttestation(attestation, now);
  }

  // ---- the org -----------------------------------------------------------

  checksResponse(): ReadinessChecksResponse {
    return {
      checks: this.options.checks,
      facts: this.options.facts,
      requiredLevels: this.options.requiredLevels,
    };
  }

  private serviceRows(
    summaries: readonly StoredSummary[],
    categories?: readonly ReadinessCategory[],
  ): ReadinessServiceRow[] {
    const wanted = categories ? new Set(categories) : undefined;
    const failingOf = new Map<string, FailingCheck>();
    const failing = (check: ReadinessCheck): FailingCheck => {
      let known = failingOf.get(check.id);
      if (!known) {
        known = {
          id: check.id,
          title: check.title,
          category: check.category,
          level: check.level,
        };
        failingOf.set(check.id, known);
      }
      return known;
    };
    return summaries.map(summary => {
      let passed = 0;
      let applicable = 0;
      const failingChecks: FailingCheck[] = [];
      const outcomes: Record<string, CheckOutcome> = {};
      for (const [checkId, outcome] of Object.entries(summary.outcomes)) {
        const check = this.checksById.get(checkId);
        if (!check || (wanted && !wanted.has(check.category))) continue;
        outcomes[checkId] = outcome;
        if (outcome === 'not-applicable') continue;
        applicable++;
        if (outcome === 'pass') {
          passed++;
        } else if (outcome !== 'awaiting') {
          failingChecks.push(failing(check));
        }
      }
      return {
        entityRef: summary.entityRef,
        title: summary.title,
        owner: summary.owner,
        system: summary.system,
        domain: summary.domain,
        tier: summary.tier,
        ...this.standing(summary, outcomes, wanted !== undefined),
        passed,
        applicable,
        failingChecks,
      };
    });
  }

  /**
   * A service's level and status from the outcomes of its checks: the
   * stored level, or on an overview filtered by category the level of
   * those categories' checks alone, so the summary and the table answer
   * for the same checks.
   */
  private standing(
    summary: StoredSummary,
    outcomes: Readonly<Record<string, CheckOutcome>>,
    ofCategories = false,
  ): Pick<
    ReadinessServiceRow,
    'level' | 'requiredLevel' | 'meetsRequired' | 'status' | 'awaiting'
  > {
    const known = Object.entries(outcomes).flatMap(([checkId, outcome]) => {
      const check = this.checksById.get(checkId);
      return check ? [{ level: check.level, outcome }] : [];
    });
    const level = ofCategories ? levelOf(known) : summary.level;
    const awaiting = known.filter(
      result => result.outcome === 'awaiting',
    ).length;
    const status = readinessStatusOf({
      tier: summary.tier,
      level,
      requiredLevel: summary.requiredLevel,
      awaiting,
    });
    return {
      level,
      requiredLevel: summary.requiredLevel,
      meetsRequired: status === 'meets',
      status,
      awaiting,
    };
  }

  async overview(filter: OverviewFilter): Promise<ReadinessOverview> {
    const { category, ...summaryFilter } = filter;
    const now = this.now();
    const [summaries, trendRows] = await Promise.all([
      this.options.store.listSummaries(summaryFilter),
      this.options.store.trend({
        sinceDay: dayOf(new Date(now.getTime() - (SHOWN_DAYS - 1) * DAY_MS)),
        filter: summaryFilter,
      }),
    ]);
    const services = this.serviceRows(summaries, category);
    const levels = emptyLevels();
    const statuses = emptyStatuses();
    for (const service of services) {
      levels[service.level]++;
      statuses[service.status]++;
    }

    const failing = new Map<string, FailingCheck & { services: number }>();
    for (const service of services) {
      for (const check of service.failingChecks) {
        const known = failing.get(check.id);
        if (known) known.services++;
        else failing.set(check.id, { ...check, services: 1 });
      }
    }

    const trend = new Map<string, ReadinessTrendPoint>();
    for (const row of trendRows) {
      let point = trend.get(row.day);
      if (!point) {
        point = {
          date: row.day,
          services: 0,
          meetingRequired: 0,
          levels: emptyLevels(),
        };
        trend.set(row.day, point);
      }
      point.services += row.count;
      if (row.meetsRequired) point.meetingRequired += row.count;
      point.levels[row.level] += row.count;
    }

    return {
      services,
      levels,
      meetingRequired: statuses.meets,
      statuses,
      teams: groupRows(services, service => service.owner),
      trend: [...trend.values()].sort((a, b) => (a.date < b.date ? -1 : 1)),
      failingChecks: [...failing.values()].sort(
        (a, b) => b.services - a.services || (a.id < b.id ? -1 : 1),
      ),
      evaluatedAt: summaries.reduce<string | null>(
        (latest, summary) =>
          !latest || summary.evaluatedAt > latest
            ? summary.evaluatedAt
            : latest,
        null,
      ),
    };
  }

  /** Services grouped by owner, system or domain (those without one are left out). */
  async rollups(
    by: ReadinessRollup['by'],
    filter: OverviewFilter,
  ): Promise<ReadinessRollup> {
    const { category, ...summaryFilter } = filter;
    const services = this.serviceRows(
      await this.options.store.listSummaries(summaryFilter),
      category,
    );
    return { by, groups: groupRows(services, service => service[by]) };
  }
}
