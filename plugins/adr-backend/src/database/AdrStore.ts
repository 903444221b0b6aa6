import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import {
  AdrFacets,
  AdrFacetValue,
  AdrFormat,
  AdrLink,
  AdrListQuery,
  AdrSourceStatus,
  AdrStatus,
  AdrStatusCounts,
  AdrSummary,
} from '@golden-path/plugin-adr-common';
import { parseJson } from '@golden-path/plugin-golden-path-node';
import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { AdrPermissionQuery } from '../permissions/rules';

const migrationsDir = resolvePackagePath(
  '@golden-path/plugin-adr-backend',
  'migrations',
);

const SOURCES = 'adr_sources';
const RECORDS = 'adr_records';
const STATUSES: AdrStatus[] = [
  'proposed',
  'accepted',
  'rejected',
  'deprecated',
  'superseded',
];
const INSERT_CHUNK = 50;
const DELETE_CHUNK = 500;

/** A row-level permission filter, already turned into column conditions. */
export type AdrPermissionFilter = PermissionCriteria<AdrPermissionQuery>;

/** One ADR as ingestion hands it to the store. */
export type AdrWrite = {
  path: string;
  number: number | null;
  slug: string;
  title: string | null;
  status: AdrStatus | null;
  statusRaw: string | null;
  date: string | null;
  decisionMakers: string[];
  consulted: string[];
  informed: string[];
  format: AdrFormat;
  supersedes: AdrLink[];
  supersededBy: AdrLink[];
  warnings: string[];
  body: string;
  sourceLocation: string;
};

/** What ingestion read of one entity's folder. */
export type AdrSourceWrite = {
  entityRef: string;
  annotation: string;
  location: string | null;
  owner: string | null;
  system: string | null;
  etag: string | null;
  warnings: Array<{ path: string; message: string }>;
};

/** The filters of a list request, values already validated and lower-cased. */
export type AdrListFilter = Omit<AdrListQuery, 'limit' | 'offset' | 'order'>;

/** Paging and order of a list request. */
export type AdrListPage = {
  limit: number;
  offset: number;
  order: 'date' | 'number' | 'title' | 'status';
};

/** A summary with the body, for the search collator. */
export type AdrSummaryWithBody = AdrSummary & { body?: string };

/** One ADR with everything stored about it. */
export type StoredAdr = AdrSummary & {
  body: string;
  consulted: string[];
  informed: string[];
  sourceLocation: string;
};

/** The supersede links of one ADR, for walking chains. */
export type AdrGraphNode = {
  path: string;
  number: number | null;
  title: string | null;
  status: AdrStatus | null;
  statusRaw: string | null;
  date: string | null;
  supersedes: AdrLink[];
  supersededBy: AdrLink[];
};

/** Counts for the stats route. */
export type AdrCounts = {
  total: number;
  byStatus: AdrStatusCounts;
  staleProposed: number;
  entities: number;
  entitiesWithErrors: number;
};

/** A stored source with its ETag, which the REST API does not show. */
export type StoredSource = AdrSourceStatus & {
  etag: string | null;
  owner: string | null;
  system: string | null;
};

type RecordRow = {
  entity_ref: string;
  path: string;
  number: number | null;
  slug: string;
  title: string | null;
  title_sort: string | null;
  status: string | null;
  status_raw: string | null;
  date: string | null;
  age_date: string;
  decision_makers: string;
  consulted: string;
  informed: string;
  format: string;
  owner: string | null;
  system: string | null;
  supersedes: string;
  superseded_by: string;
  warnings: string;
  body: string;
  source_location: string;
  search_text: string;
  people_text: string;
  first_seen_at: string;
  content_hash: string;
};

type SourceRow = {
  entity_ref: string;
  annotation: string;
  location: string | null;
  owner: string | null;
  system: string | null;
  etag: string | null;
  last_read_at: string | null;
  error: string | null;
  warnings: string;
  adr_count: number;
};

const SUMMARY_COLUMNS = [
  'entity_ref',
  'path',
  'number',
  'slug',
  'title',
  'status',
  'status_raw',
  'date',
  'age_date',
  'decision_makers',
  'format',
  'owner',
  'system',
  'supersedes',
  'superseded_by',
  'warnings',
  'first_seen_at',
];

function emptyCounts(): AdrStatusCounts {
  return {
    proposed: 0,
    accepted: 0,
    rejected: 0,
    deprecated: 0,
    superseded: 0,
    unknown: 0,
  };
}

/** LIKE pattern for a substring, with the LIKE wildcards escaped. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

function toSummary(row: RecordRow, staleCutoff: string): AdrSummary {
  return {
    entityRef: row.entity_ref,
    path: row.path,
    number: row.number === null ? null : Number(row.number),
    slug: row.slug,
    title: row.title,
    status: (row.status as AdrStatus | null) ?? null,
    statusRaw: row.status_raw,
    date: row.date,
    decisionMakers: parseJson(row.decision_makers, []),
    format: row.format as AdrFormat,
    owner: row.owner,
    system: row.system,
    supersedes: parseJson(row.supersedes, []),
    supersededBy: parseJson(row.superseded_by, []),
    staleProposed: row.status === 'proposed' && row.age_date < staleCutoff,
    firstSeenAt: row.first_seen_at,
    warnings: parseJson(row.warnings, []),
  };
}

function toSource(row: SourceRow): StoredSource {
  return {
    entityRef: row.entity_ref,
    annotation: row.annotation,
    location: row.location,
    lastReadAt: row.last_read_at,
    error: row.error,
    warnings: parseJson(row.warnings, []),
    adrCount: Number(row.adr_count),
    etag: row.etag,
    owner: row.owner,
    system: row.system,
  };
}

/** The columns of one ADR, without first_seen_at/age_date/hash. */
function recordColumns(
  source: AdrSourceWrite,
  adr: AdrWrite,
): Omit<RecordRow, 'first_seen_at' | 'age_date' | 'content_hash'> {
  const people = [...adr.decisionMakers, ...adr.consulted, ...adr.informed];
  return {
    entity_ref: source.entityRef,
    path: adr.path,
    number: adr.number,
    slug: adr.slug,
    title: adr.title,
    title_sort: adr.title?.toLowerCase() ?? null,
    status: adr.status,
    status_raw: adr.statusRaw,
    date: adr.date,
    decision_makers: JSON.stringify(adr.decisionMakers),
    consulted: JSON.stringify(adr.consulted),
    informed: JSON.stringify(adr.informed),
    format: adr.format,
    owner: source.owner,
    system: source.system,
    supersedes: JSON.stringify(adr.supersedes),
    superseded_by: JSON.stringify(adr.supersededBy),
    warnings: JSON.stringify(adr.warnings),
    body: adr.body,
    source_location: adr.sourceLocation,
    search_text: [adr.title ?? '', adr.body, ...people]
      .join('\n')
      .toLowerCase(),
    people_text: adr.decisionMakers.join('\n').toLowerCase(),
  };
}

/**
 * Every query of the ADR plugin: the sources (one ADR folder per entity) and
 * the parsed ADRs, on SQLite and PostgreSQL.
 */
export class AdrStore {
  /** Connects and, unless `database.migrations.skip`, migrates. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<AdrStore> {
    const { database } = options;
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new AdrStore(knex);
  }

  /** Undoes every migration of the plugin (tests of the `down` path). */
  static async rollbackAll(knex: Knex): Promise<void> {
    await knex.migrate.rollback({ directory: migrationsDir }, true);
  }

  private constructor(private readonly db: Knex) {}

  // ---- ingestion ---------------------------------------------------------

  async getSource(entityRef: string): Promise<StoredSource | undefined> {
    const row = await this.db<SourceRow>(SOURCES)
      .where({ entity_ref: entityRef })
      .first();
    return row ? toSource(row) : undefined;
  }

  async listSourceRefs(): Promise<string[]> {
    const rows = await this.db<SourceRow>(SOURCES).select('entity_ref');
    return rows.map(row => row.entity_ref);
  }

  /**
   * Replaces what is stored of one entity's folder, in one transaction:
   * new files are added, changed files updated (first_seen_at kept), files
   * gone deleted; unchanged rows are not written at all.
   */
  async writeFolder(options: {
    source: AdrSourceWrite;
    adrs: AdrWrite[];
    now: Date;
  }): Promise<{ added: number; updated: number; removed: number }> {
    const { source, adrs, now } = options;
    const nowIso = now.toISOString();
    return this.db.transaction(async tx => {
      const existing = new Map(
        (
          await tx<RecordRow>(RECORDS)
            .where({ entity_ref: source.entityRef })
            .select('path', 'content_hash', 'first_seen_at')
        ).map(row => [row.path, row]),
      );
      const inserts: RecordRow[] = [];
      let updated = 0;
      for (const adr of adrs) {
        const columns = recordColumns(source, adr);
        const hash = createHash('sha256')
          .update(JSON.stringify(columns))
          .digest('hex');
        const old = existing.get(adr.path);
        existing.delete(adr.path);
        if (old && old.content_hash === hash) continue;
        const firstSeenAt = old?.first_seen_at ?? nowIso;
        const row: RecordRow = {
          ...columns,
          first_seen_at: firstSeenAt,
          age_date: adr.date ?? firstSeenAt.slice(0, 10),
          content_hash: hash,
        };
        if (old) {
          await tx(RECORDS)
            .where({ entity_ref: source.entityRef, path: adr.path })
            .update(row);
          updated++;
        } else {
          inserts.push(row);
        }
      }
      for (let i = 0; i < inserts.length; i += INSERT_CHUNK) {
        await tx(RECORDS).insert(inserts.slice(i, i + INSERT_CHUNK));
      }
      const gone = [...existing.keys()];
      for (let i = 0; i < gone.length; i += DELETE_CHUNK) {
        await tx(RECORDS)
          .where({ entity_ref: source.entityRef })
          .whereIn('path', gone.slice(i, i + DELETE_CHUNK))
          .delete();
      }
      const sourceRow: SourceRow = {
        entity_ref: source.entityRef,
        annotation: source.annotation,
        location: source.location,
        owner: source.owner,
        system: source.system,
        etag: source.etag,
        last_read_at: nowIso,
        error: null,
        warnings: JSON.stringify(source.warnings),
        adr_count: adrs.length,
      };
      await tx(SOURCES)
        .insert(sourceRow)
        .onConflict('entity_ref')
        .merge(Object.keys(sourceRow).filter(key => key !== 'entity_ref'));
      return { added: inserts.length, updated, removed: gone.length };
    });
  }

  /**
   * Records that an entity's folder could not be read. The ADRs of the last
   * good read are kept, so a transient outage loses nothing.
   */
  async writeSourceError(options: {
    source: Omit<AdrSourceWrite, 'etag' | 'warnings'>;
    error: string;
  }): Promise<void> {
    const { source, error } = options;
    await this.db(SOURCES)
      .insert({
        entity_ref: source.entityRef,
        annotation: source.annotation,
        location: source.location,
        owner: source.owner,
        system: source.system,
        error,
      })
      .onConflict('entity_ref')
      .merge(['annotation', 'location', 'owner', 'system', 'error']);
  }

  /** The folder did not change since the stored ETag. */
  async markSourceNotModified(entityRef: string, now: Date): Promise<void> {
    await this.db(SOURCES)
      .where({ entity_ref: entityRef })
      .update({ last_read_at: now.toISOString(), error: null });
  }

  /** Removes sources (and their ADRs) not in `keep`; answers the removed refs. */
  async deleteSourcesExcept(keep: Iterable<string>): Promise<string[]> {
    const keepSet = new Set(keep);
    const gone = (await this.listSourceRefs()).filter(ref => !keepSet.has(ref));
    for (let i = 0; i < gone.length; i += DELETE_CHUNK) {
      const chunk = gone.slice(i, i + DELETE_CHUNK);
      await this.db.transaction(async tx => {
        await tx(RECORDS).whereIn('entity_ref', chunk).delete();
        await tx(SOURCES).whereIn('entity_ref', chunk).delete();
      });
    }
    return gone;
  }

  // ---- queries -----------------------------------------------------------

  /** A page of ADRs with counts, in two queries. */
  async list(options: {
    filter: AdrListFilter;
    page: AdrListPage;
    permission?: AdrPermissionFilter;
    staleCutoff: string;
    withBody?: boolean;
  }): Promise<{
    items: AdrSummaryWithBody[];
    totalCount: number;
    counts: AdrStatusCounts;
    staleProposedCount: number;
  }> {
    const { filter, page, permission, staleCutoff, withBody } = options;
    const { totalCount, counts, staleProposedCount } = await this.aggregate(
      filter,
      permission,
      staleCutoff,
    );
    let items: AdrSummaryWithBody[] = [];
    if (totalCount > page.offset) {
      const rows = (await this.db(RECORDS)
        .modify(qb => {
          this.applyFilter(qb, filter, staleCutoff);
          this.applyPermission(qb, permission);
          this.applyOrder(qb, page.order);
        })
        .select(withBody ? [...SUMMARY_COLUMNS, 'body'] : SUMMARY_COLUMNS)
        .limit(page.limit)
        .offset(page.offset)) as RecordRow[];
      items = rows.map(row =>
        withBody
          ? { ...toSummary(row, staleCutoff), body: row.body }
          : toSummary(row, staleCutoff),
      );
    }
    return { items, totalCount, counts, staleProposedCount };
  }

  /**
   * One grouped query answers the counts by status (without the status
   * filter), the total and the stale count (both with it).
   */
  private async aggregate(
    filter: AdrListFilter,
    permission: AdrPermissionFilter | undefined,
    staleCutoff: string,
  ): Promise<{
    totalCount: number;
    counts: AdrStatusCounts;
    staleProposedCount: number;
  }> {
    const grouped = await this.db(RECORDS)
      .modify(qb => {
        this.applyFilter(qb, { ...filter, status: undefined }, staleCutoff);
        this.applyPermission(qb, permission);
      })
      .select('status')
      .count({ count: '*' })
      .select(
        this.db.raw(
          'sum(case when ?? = ? and ?? < ? then 1 else 0 end) as stale',
          ['status', 'proposed', 'age_date', staleCutoff],
        ),
      )
      .groupBy('status');
    const counts = emptyCounts();
    const wanted = filter.status ? new Set(filter.status) : undefined;
    let totalCount = 0;
    let staleProposedCount = 0;
    for (const row of grouped as Array<{
      status: string | null;
      count: number | string;
      stale: number | string | null;
    }>) {
      const key = (row.status ?? 'unknown') as AdrStatus | 'unknown';
      const count = Number(row.count);
      if (key in counts) counts[key] += count;
      if (!wanted || wanted.has(key)) {
        totalCount += count;
        staleProposedCount += Number(row.stale ?? 0);
      }
    }
    return { totalCount, counts, staleProposedCount };
  }

  /** Every ADR of one entity, ordered by number then path. */
  async listEntity(options: {
    entityRef: string;
    permission?: AdrPermissionFilter;
    staleCutoff: string;
  }): Promise<AdrSummary[]> {
    const rows = (await this.db(RECORDS)
      .where({ entity_ref: options.entityRef })
      .modify(qb => {
        this.applyPermission(qb, options.permission);
        this.applyOrder(qb, 'number');
      })
      .select(SUMMARY_COLUMNS)) as RecordRow[];
    return rows.map(row => toSummary(row, options.staleCutoff));
  }

  /** One ADR with its body, or undefined (missing or filtered out). */
  async get(options: {
    entityRef: string;
    path: string;
    permission?: AdrPermissionFilter;
    staleCutoff: string;
  }): Promise<StoredAdr | undefined> {
    const row = (await this.db(RECORDS)
      .where({ entity_ref: options.entityRef, path: options.path })
      .modify(qb => this.applyPermission(qb, options.permission))
      .first()) as RecordRow | undefined;
    if (!row) return undefined;
    return {
      ...toSummary(row, options.staleCutoff),
      body: row.body,
      consulted: parseJson(row.consulted, []),
      informed: parseJson(row.informed, []),
      sourceLocation: row.source_location,
    };
  }

  /** The supersede links of every ADR of one entity. */
  async getGraph(entityRef: string): Promise<AdrGraphNode[]> {
    const rows = (await this.db(RECORDS)
      .where({ entity_ref: entityRef })
      .select(
        'path',
        'number',
        'title',
        'status',
        'status_raw',
        'date',
        'supersedes',
        'superseded_by',
      )) as RecordRow[];
    return rows.map(row => ({
      path: row.path,
      number: row.number === null ? null : Number(row.number),
      title: row.title,
      status: (row.status as AdrStatus | null) ?? null,
      statusRaw: row.status_raw,
      date: row.date,
      supersedes: parseJson(row.supersedes, []),
      supersededBy: parseJson(row.superseded_by, []),
    }));
  }

  async facets(permission?: AdrPermissionFilter): Promise<AdrFacets> {
    const byColumn = async (column: string) => {
      const rows = (await this.db(RECORDS)
        .whereNotNull(column)
        .modify(qb => this.applyPermission(qb, permission))
        .select({ value: column })
        .count({ count: '*' })
        .groupBy(column)) as Array<{ value: string; count: number | string }>;
      return sortFacets(
        rows.map(row => ({ value: row.value, count: Number(row.count) })),
      );
    };
    const people = (await this.db(RECORDS)
      .modify(qb => this.applyPermission(qb, permission))
      .select('decision_makers')) as Array<{ decision_makers: string }>;
    // Names differ in case between ADRs; the first spelling seen is shown.
    const names = new Map<string, AdrFacetValue>();
    for (const row of people) {
      const seen = new Set<string>();
      for (const name of parseJson<string[]>(row.decision_makers, [])) {
        const key = name.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        const facet = names.get(key);
        if (facet) facet.count++;
        else names.set(key, { value: name, count: 1 });
      }
    }
    return {
      owners: await byColumn('owner'),
      systems: await byColumn('system'),
      entities: await byColumn('entity_ref'),
      decisionMakers: sortFacets([...names.values()]),
    };
  }

  async counts(options: {
    permission?: AdrPermissionFilter;
    staleCutoff: string;
  }): Promise<AdrCounts> {
    const list = await this.aggregate(
      {},
      options.permission,
      options.staleCutoff,
    );
    const sources = (await this.db(SOURCES)
      .modify(qb => this.applyPermission(qb, options.permission))
      .select(
        this.db.raw('count(*) as entities'),
        this.db.raw(
          'sum(case when ?? is not null then 1 else 0 end) as with_errors',
          ['error'],
        ),
      )
      .first()) as
      | { entities: number | string; with_errors: number | string | null }
      | undefined;
    return {
      total: list.totalCount,
      byStatus: list.counts,
      staleProposed: list.staleProposedCount,
      entities: Number(sources?.entities ?? 0),
      entitiesWithErrors: Number(sources?.with_errors ?? 0),
    };
  }

  // ---- query building ----------------------------------------------------

  private applyFilter(
    qb: Knex.QueryBuilder,
    filter: AdrListFilter,
    staleCutoff: string,
  ): void {
    if (filter.entity?.length) qb.whereIn('entity_ref', filter.entity);
    if (filter.owner?.length) qb.whereIn('owner', filter.owner);
    if (filter.system?.length) qb.whereIn('system', filter.system);
    if (filter.status?.length) {
      const known = filter.status.filter(s => STATUSES.includes(s as any));
      const unknown = filter.status.includes('unknown');
      qb.where(inner => {
        if (known.length) inner.orWhereIn('status', known);
        if (unknown) inner.orWhereNull('status');
      });
    }
    if (filter.from) qb.where('date', '>=', filter.from);
    if (filter.to) qb.where('date', '<=', filter.to);
    if (filter.decisionMaker) {
      qb.whereRaw("?? like ? escape '\\'", [
        'people_text',
        likeContains(filter.decisionMaker.toLowerCase()),
      ]);
    }
    if (filter.q) {
      for (const word of filter.q.toLowerCase().split(/\s+/)) {
        if (!word) continue;
        qb.whereRaw("?? like ? escape '\\'", [
          'search_text',
          likeContains(word),
        ]);
      }
    }
    if (filter.stale) {
      qb.where('status', 'proposed').where('age_date', '<', staleCutoff);
    }
  }

  private applyPermission(
    qb: Knex.QueryBuilder,
    permission: AdrPermissionFilter | undefined,
  ): void {
    if (!permission) return;
    qb.where(inner => applyCriteria(inner, permission));
  }

  private applyOrder(qb: Knex.QueryBuilder, order: AdrListPage['order']) {
    const nullsLast = (column: string) =>
      qb.orderByRaw('case when ?? is null then 1 else 0 end', [column]);
    switch (order) {
      case 'number':
        nullsLast('number').orderBy('number', 'asc');
        break;
      case 'title':
        nullsLast('title_sort').orderBy('title_sort', 'asc');
        break;
      case 'status':
        nullsLast('status').orderBy('status', 'asc');
        break;
      default:
        nullsLast('date').orderBy('date', 'desc');
    }
    qb.orderBy('entity_ref', 'asc').orderBy('path', 'asc');
  }
}

function sortFacets(facets: AdrFacetValue[]): AdrFacetValue[] {
  return facets.sort(
    (a, b) => b.count - a.count || a.value.localeCompare(b.value, 'en'),
  );
}

/** Turns allOf/anyOf/not criteria of column conditions into where-clauses. */
function applyCriteria(
  qb: Knex.QueryBuilder,
  criteria: AdrPermissionFilter,
): void {
  if (isAndCriteria(criteria)) {
    for (const sub of criteria.allOf) qb.andWhere(b => applyCriteria(b, sub));
  } else if (isOrCriteria(criteria)) {
    qb.where(outer => {
      for (const sub of criteria.anyOf) {
        outer.orWhere(b => applyCriteria(b, sub));
      }
    });
  } else if (isNotCriteria(criteria)) {
    qb.whereNot(b => applyCriteria(b, criteria.not));
  } else if (criteria.values.length === 0) {
    // An empty allow-list matches nothing (whereIn with [] would too, but
    // says it less plainly across dialects).
    qb.whereRaw('1 = 0');
  } else {
    // "is not null" keeps NOT(HAS_OWNER) true for ADRs without an owner, as
    // the rule's apply() says, instead of SQL's unknown.
    qb.whereNotNull(criteria.column).whereIn(criteria.column, criteria.values);
  }
}
