import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  facetCounts,
  PagedRows,
  TIER_NAMES,
  TierName,
} from '@golden-path/plugin-golden-path-common';
import {
  compareText,
  entityRefKey,
  matchesText,
  pageOf,
} from '@golden-path/plugin-golden-path-node';
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
  compareLevels,
  MAX_ROW_FAILING_CHECKS,
  ReadinessOverview,
  ReadinessRollup,
  ReadinessServiceListRow,
  ReadinessServiceSort,
  ReadinessServiceSummary,
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
import {
  decodeTrend,
  OverviewSnapshotValue,
  SnapshotService,
} from './OverviewSnapshot';
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

/** A service row of the org views, with what the aggregates need. */
type OrgRow = Omit<
  ReadinessServiceListRow,
  'failingCount' | 'failingChecks'
> & {
  /** Every failing check (of the filtered categories). */
  allFailing: FailingCheck[];
  evaluatedAt: string;
  /** See OverviewSnapshot's trendCode. */
  trend: Uint8Array;
};

/** Needs work first: below, awaiting its facts, without a tier, meets. */
const STATUS_ORDER: Record<ReadinessStatus, number> = {
  below: 0,
  awaiting: 1,
  'no-tier': 2,
  meets: 3,
};
const TIER_ORDER = new Map<string, number>(TIER_NAMES.map((t, i) => [t, i]));

/** The table row of an org row: its failing checks counted, the first few listed. */
function toListRow(row: OrgRow): ReadinessServiceListRow {
  const { allFailing, evaluatedAt: _evaluatedAt, trend: _trend, ...rest } = row;
  return {
    ...rest,
    failingCount: allFailing.length,
    failingChecks: allFailing.slice(0, MAX_ROW_FAILING_CHECKS),
  };
}

/** passed/applicable, or null when no check applies. */
function scoreOf(row: Pick<OrgRow, 'passed' | 'applicable'>): number | null {
  return row.applicable > 0 ? row.passed / row.applicable : null;
}

/** The name of an entity ref (`component:default/orders` → `orders`). */
function nameOf(entityRef: string): string {
  return entityRef.slice(entityRef.lastIndexOf('/') + 1);
}

/**
 * Compares two rows by a column; `pageOf` applies the order. Rows without
 * a score (no applicable check) come after the scored ones in either
 * order.
 */
function comparator(
  sort: ReadinessServiceSort,
  order: 'asc' | 'desc',
): (a: OrgRow, b: OrgRow) => number {
  const sign = order === 'desc' ? -1 : 1;
  const byScore = (a: OrgRow, b: OrgRow) => {
    const sa = scoreOf(a);
    const sb = scoreOf(b);
    if (sa === null || sb === null) return 0;
    return sa - sb;
  };
  // Undone by pageOf's sign: the unscored stay last in either order.
  const unscoredLast = (a: OrgRow, b: OrgRow) =>
    sign * (Number(scoreOf(a) === null) - Number(scoreOf(b) === null));
  switch (sort) {
    case 'title':
      return (a, b) =>
        compareText(
          a.title ?? nameOf(a.entityRef),
          b.title ?? nameOf(b.entityRef),
        );
    case 'owner':
      return (a, b) => compareText(a.owner ?? undefined, b.owner ?? undefined);
    case 'tier':
      return (a, b) =>
        (TIER_ORDER.get(a.tier ?? '') ?? TIER_NAMES.length) -
        (TIER_ORDER.get(b.tier ?? '') ?? TIER_NAMES.length);
    case 'level':
      return (a, b) =>
        compareLevels(a.level, b.level) || unscoredLast(a, b) || byScore(a, b);
    case 'status':
      return (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    case 'failing':
      return (a, b) => a.allFailing.length - b.allFailing.length;
    case 'score':
    default:
      return (a, b) =>
        unscoredLast(a, b) || byScore(a, b) || compareLevels(a.level, b.level);
  }
}

/** The rows' daily states summed per day (days with none left out). */
function trendOf(
  rows: readonly OrgRow[],
  days: readonly string[],
): ReadinessTrendPoint[] {
  // counts[day * 8 + code - 1]
  const counts = new Uint32Array(days.length * 8);
  for (const row of rows) {
    const trend = row.trend;
    for (let day = 0; day < trend.length; day++) {
      const code = trend[day];
      if (code) counts[day * 8 + code - 1]++;
    }
  }
  const points: ReadinessTrendPoint[] = [];
  for (let day = 0; day < days.length; day++) {
    let point: ReadinessTrendPoint | undefined;
    for (let code = 1; code <= 8; code++) {
      const count = counts[day * 8 + code - 1];
      if (!count) continue;
      point ??= {
        date: days[day],
        services: 0,
        meetingRequired: 0,
        levels: emptyLevels(),
      };
      const { level, meetsRequired } = decodeTrend(code);
      point.services += count;
      if (meetsRequired) point.meetingRequired += count;
      point.levels[level] += count;
    }
    if (point) points.push(point);
  }
  return points;
}

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
      /** The org views' snapshot (see OverviewSnapshot). */
      snapshot: { get(): Promise<OverviewSnapshotValue> };
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

  /**
   * The aggregates of the org page over the services matching the filter
   * (and readable: `entityRefs`); the rows come paged from
   * {@link ReadinessReadModel.services}.
   */
  async overview(filter: OverviewFilter): Promise<ReadinessOverview> {
    // The whole org's overview (no filter, every service readable: what
    // most requests ask) is computed once per snapshot.
    const whole =
      !filter.entityRefs &&
      !filter.owner?.length &&
      !filter.system?.length &&
      !filter.tier?.length;
    const snapshot = whole ? await this.options.snapshot.get() : undefined;
    const memoKey = `overview:${[...new Set(filter.category ?? [])]
      .sort()
      .join(',')}`;
    const known = snapshot?.memo.get(memoKey) as ReadinessOverview | undefined;
    if (known) return known;
    const overview = await this.computeOverview(filter);
    snapshot?.memo.set(memoKey, overview);
    return overview;
  }

  private async computeOverview(
    filter: OverviewFilter,
  ): Promise<ReadinessOverview> {
    const { rows, readable, days } = await this.orgRows(filter);
    const levels = emptyLevels();
    const statuses = emptyStatuses();
    const failing = new Map<string, FailingCheck & { services: number }>();
    let evaluatedAt: string | null = null;
    for (const row of rows) {
      levels[row.level]++;
      statuses[row.status]++;
      for (const check of row.allFailing) {
        const known = failing.get(check.id);
        if (known) known.services++;
        else failing.set(check.id, { ...check, services: 1 });
      }
      if (!evaluatedAt || row.evaluatedAt > evaluatedAt) {
        evaluatedAt = row.evaluatedAt;
      }
    }
    return {
      totalServices: rows.length,
      levels,
      meetingRequired: statuses.meets,
      statuses,
      teams: groupRows(rows, row => row.owner),
      trend: trendOf(rows, days),
      failingChecks: [...failing.values()].sort(
        (a, b) => b.services - a.services || (a.id < b.id ? -1 : 1),
      ),
      choices: {
        owner: facetCounts(readable, 'owner'),
        system: facetCounts(readable, 'system'),
      },
      evaluatedAt,
    };
  }

  /**
   * One page of the services table: the services matching the filter,
   * readable (`entityRefs`) and the search words `q` (title, ref, owner,
   * system), sorted by `sort` in `order` (ties by entity ref).
   */
  async services(
    query: OverviewFilter & {
      q?: string;
      sort: ReadinessServiceSort;
      order: 'asc' | 'desc';
      offset: number;
      limit: number;
    },
  ): Promise<PagedRows<ReadinessServiceListRow>> {
    const { q, sort, order, offset, limit, ...filter } = query;
    // Rows come in the sorted order (kept per snapshot); filtering keeps it.
    const { rows } = await this.orgRows(filter, { sort, order });
    const matching = q
      ? rows.filter(row =>
          matchesText(
            q,
            row.title ?? undefined,
            row.entityRef,
            row.owner ?? undefined,
            row.system ?? undefined,
          ),
        )
      : rows;
    return {
      items: matching.slice(offset, offset + limit).map(toListRow),
      totalItems: matching.length,
      offset,
      limit,
    };
  }

  /** Services grouped by owner, system or domain (those without one are left out). */
  async rollups(
    by: ReadinessRollup['by'],
    filter: OverviewFilter,
  ): Promise<ReadinessRollup> {
    const { rows } = await this.orgRows(filter);
    return { by, groups: groupRows(rows, row => row[by]) };
  }

  /**
   * The snapshot's rows of the categories (memoised in the snapshot), then
   * those the caller may read (`readable`, the filter choices), then those
   * matching the owner, system and tier filters (`rows`).
   */
  private async orgRows(
    filter: OverviewFilter,
    sorted?: { sort: ReadinessServiceSort; order: 'asc' | 'desc' },
  ): Promise<{
    rows: OrgRow[];
    readable: OrgRow[];
    days: string[];
  }> {
    const { category, entityRefs, owner, system, tier } = filter;
    const snapshot = await this.options.snapshot.get();
    const categories = category?.length
      ? [...new Set(category)].sort()
      : undefined;
    const memoKey = `rows:${categories?.join(',') ?? '*'}`;
    let all = snapshot.memo.get(memoKey) as OrgRow[] | undefined;
    if (!all) {
      all = this.serviceRows(snapshot.services, categories);
      snapshot.memo.set(memoKey, all);
    }
    if (sorted) {
      const sortKey = `${memoKey}:${sorted.sort}:${sorted.order}`;
      let inOrder = snapshot.memo.get(sortKey) as OrgRow[] | undefined;
      if (!inOrder) {
        inOrder = pageOf(all, {
          offset: 0,
          limit: all.length,
          order: sorted.order,
          compare: comparator(sorted.sort, sorted.order),
          tieBreak: (a, b) => compareText(a.entityRef, b.entityRef),
        }).items;
        snapshot.memo.set(sortKey, inOrder);
      }
      all = inOrder;
    }
    const readable = entityRefs
      ? all.filter(row => entityRefs.has(row.entityRef))
      : all;
    const owners = owner?.length ? new Set(owner) : undefined;
    const systems = system?.length ? new Set(system) : undefined;
    const tiers = tier?.length ? new Set<string>(tier) : undefined;
    const rows =
      owners || systems || tiers
        ? readable.filter(
            row =>
              (!owners || (row.owner !== null && owners.has(row.owner))) &&
              (!systems || (row.system !== null && systems.has(row.system))) &&
              (!tiers || (row.tier !== null && tiers.has(row.tier))),
          )
        : readable;
    return { rows, readable, days: snapshot.days };
  }

  private serviceRows(
    services: readonly SnapshotService[],
    categories?: readonly ReadinessCategory[],
  ): OrgRow[] {
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
    return services.map(({ summary, trend }) => {
      let passed = 0;
      let applicable = 0;
      const allFailing: FailingCheck[] = [];
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
          allFailing.push(failing(check));
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
        allFailing,
        evaluatedAt: summary.evaluatedAt,
        trend,
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
    ReadinessServiceSummary,
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
