import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { TierName } from '@golden-path/plugin-golden-path-common';
import { entityRefKey } from '@golden-path/plugin-golden-path-node';
import {
  ATTESTATION_COLLECTOR,
  Attestation,
  CheckOutcome,
  EntityCheckResult,
  evaluateCheck,
  FactDefinition,
  FactSnapshot,
  FailingCheck,
  LevelOrNone,
  levelOf,
  ReadinessCategory,
  ReadinessCheck,
  ReadinessChecksResponse,
  ReadinessEntityDetail,
  ReadinessHistoryPoint,
  ReadinessOverview,
  ReadinessRollup,
  ReadinessServiceRow,
  ReadinessStatus,
  readinessStatusOf,
  ReadinessTrendPoint,
  requiredLevelFor,
} from '@golden-path/plugin-readiness-common';
import {
  CollectorRun,
  ReadinessStore,
  StoredAttestation,
  StoredSummary,
  SummaryFilter,
} from '../database/ReadinessStore';
import { ComponentCatalog } from './ComponentCatalog';
import { describeEntity } from './describeEntity';
import { emptyLevels, groupRows } from './groupRows';
import { toApiAttestation } from './toApiAttestation';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The trend and an entity's history cover this many days. */
const SHOWN_DAYS = 90;
/** The message of a check that has no stored result yet. */
const NOT_EVALUATED =
  'not evaluated yet: the next scheduled evaluation, or Refresh now, evaluates it';

/** The filters of the overview and the roll-ups. */
export type OverviewFilter = SummaryFilter & {
  category?: ReadinessCategory[];
};

function emptyStatuses(): Record<ReadinessStatus, number> {
  return { meets: 0, below: 0, awaiting: 0, 'no-tier': 0 };
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The answers of the readiness REST API, from what is stored: it never
 * writes (an entity not evaluated yet is answered as such, and evaluated
 * by the scheduled task, a refresh or an attestation through
 * {@link ReadinessCommands}).
 */
export class ReadinessReadModel {
  private readonly checksById: Map<string, ReadinessCheck>;
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: ReadinessStore;
      components: ComponentCatalog;
      checks: ReadinessCheck[];
      facts: FactDefinition[];
      requiredLevels: Record<TierName, LevelOrNone>;
      now?: () => Date;
    },
  ) {
    this.checksById = new Map(options.checks.map(check => [check.id, check]));
    this.now = options.now ?? (() => new Date());
  }

  /**
   * The component the caller may see in the catalog.
   * @throws NotFoundError when the catalog does not have it (for them),
   *   InputError when it is not a component
   */
  findComponent(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    return this.options.components.findComponent(entityRef, credentials);
  }

  /**
   * The components the caller may read in the catalog (undefined: all);
   * the org views show only those.
   */
  async readableComponentRefs(credentials: BackstageCredentials) {
    return this.options.components.readableComponentRefs(credentials);
  }

  checksResponse(): ReadinessChecksResponse {
    return {
      checks: this.options.checks,
      facts: this.options.facts,
      requiredLevels: this.options.requiredLevels,
    };
  }

  // ---- one entity --------------------------------------------------------

  /**
   * The checks of a component with the facts behind each result, as last
   * evaluated. A component never evaluated answers `evaluatedAt: null`,
   * level none and its applicable checks `awaiting`; a check added since
   * the last evaluation is `awaiting` too.
   */
  async detail(entity: Entity): Promise<ReadinessEntityDetail> {
    const { store, checks } = this.options;
    const entityRef = entityRefKey(entity);
    const now = this.now();
    const [summary, results, current, history, collected] = await Promise.all([
      store.getSummary(entityRef),
      store.getResults(entityRef),
      store.currentAttestations(now, [entityRef]),
      this.history(entityRef, SHOWN_DAYS),
      store.loadFacts([entityRef]),
    ]);
    const attestations = current.get(entityRef);
    const facts = collected.get(entityRef);
    const attestationOf = (check: ReadinessCheck): Attestation | null => {
      const attestation = check.attestation
        ? attestations?.get(check.id)
        : undefined;
      return attestation ? toApiAttestation(attestation, now) : null;
    };
    if (!summary) {
      return this.notEvaluated(entity, { facts, history, attestationOf });
    }

    const resultsById = new Map(
      results.map(result => [result.checkId, result]),
    );
    const evaluatedAt = summary.evaluatedAt;
    const freshen = freshener({ attestations, facts, evaluatedAt });
    const outcomes = { ...summary.outcomes };
    let added = 0;
    const checkResults = checks.map((check): EntityCheckResult => {
      const result = resultsById.get(check.id);
      if (!result) {
        const pending = this.pendingResult(check, summary.tier, facts);
        outcomes[check.id] = pending.outcome;
        if (pending.outcome !== 'not-applicable') added++;
        return { check, ...pending, attestation: attestationOf(check) };
      }
      return {
        check,
        outcome: result.outcome,
        message: result.message,
        facts: result.facts.map(freshen),
        attestation: attestationOf(check),
      };
    });
    return {
      entityRef,
      title: summary.title,
      owner: summary.owner,
      system: summary.system,
      tier: summary.tier,
      ...this.standing(summary, outcomes),
      passed: summary.passed,
      applicable: summary.applicable + added,
      checks: checkResults,
      history,
      evaluatedAt,
    };
  }

  /** What a component never evaluated is answered with. */
  private notEvaluated(
    entity: Entity,
    input: {
      facts?: ReadonlyMap<string, FactSnapshot>;
      history: ReadinessHistoryPoint[];
      attestationOf: (check: ReadinessCheck) => Attestation | null;
    },
  ): ReadinessEntityDetail {
    const { entityRef, title, owner, system, tier } = describeEntity(entity);
    const checks = this.options.checks.map(
      (check): EntityCheckResult => ({
        check,
        ...this.pendingResult(check, tier, input.facts),
        attestation: input.attestationOf(check),
      }),
    );
    const level: LevelOrNone = 'none';
    const requiredLevel = requiredLevelFor(tier, this.options.requiredLevels);
    const awaiting = checks.filter(c => c.outcome === 'awaiting').length;
    const status = readinessStatusOf({ tier, level, requiredLevel, awaiting });
    return {
      entityRef,
      title,
      owner,
      system,
      tier,
      level,
      requiredLevel,
      meetsRequired: status === 'meets',
      status,
      awaiting,
      passed: 0,
      applicable: checks.filter(c => c.outcome !== 'not-applicable').length,
      checks,
      history: input.history,
      evaluatedAt: null,
    };
  }

  /**
   * A check without a stored result: `not-applicable` when the tier does
   * not require it, otherwise `awaiting` its evaluation; with the facts it
   * reads as stored. evaluateCheck runs (in memory) only for that
   * applicability and the fact snapshots; its outcome is not answered.
   */
  private pendingResult(
    check: ReadinessCheck,
    tier: TierName | null,
    facts: ReadonlyMap<string, FactSnapshot> | undefined,
  ): Pick<EntityCheckResult, 'outcome' | 'message' | 'facts'> {
    const pending = evaluateCheck(check, { tier, facts: facts ?? new Map() });
    if (pending.outcome === 'not-applicable') {
      return {
        outcome: pending.outcome,
        message: pending.message,
        facts: pending.facts,
      };
    }
    return {
      outcome: 'awaiting',
      message: NOT_EVALUATED,
      facts: pending.facts,
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

  // ---- the org -----------------------------------------------------------

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
}

/**
 * A stored result keeps the collection times of the evaluation that last
 * changed it; a fact collected again since with the same value shows its
 * newest collection, an attestation fact the attestation's time.
 */
function freshener(input: {
  attestations?: ReadonlyMap<string, StoredAttestation>;
  facts?: ReadonlyMap<string, FactSnapshot>;
  evaluatedAt: string;
}): (fact: FactSnapshot) => FactSnapshot {
  const { attestations, facts, evaluatedAt } = input;
  return fact => {
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
    if (latest && JSON.stringify(latest.value) === JSON.stringify(fact.value)) {
      return { ...fact, collectedAt: latest.collectedAt };
    }
    return fact;
  };
}
