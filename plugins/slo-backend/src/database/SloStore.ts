import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { chunks, parseJson } from '@golden-path/plugin-golden-path-node';
import { BurnDownPoint, SloSummary } from '@golden-path/plugin-slo-common';
import { Knex } from 'knex';
import { SloDefinition, SloEntity } from './SloDefinition';

const migrationsDir = resolvePackagePath(
  '@golden-path/plugin-slo-backend',
  'migrations',
);

const ENTITIES = 'slo_entities';
const DEFINITIONS = 'slo_definitions';
const MINUTES = 'slo_sli_minutes';
const HOURS = 'slo_sli_hours';
const SUMMARIES = 'slo_summaries';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
// Rows per INSERT: 4 or 5 bindings each, under SQLite's 999-variable limit.
const INSERT_CHUNK = 150;
const IN_CHUNK = 500;

/** One per-minute bucket to store. */
export type SliBucket = {
  sloRef: string;
  /** Minutes since the epoch. */
  minute: number;
  good: number;
  total: number;
};

/** Counts at a time (epoch milliseconds). */
export type TimedSliCounts = { time: number; good: number; total: number };

/** A summary as computed, with its burn-down series. */
export type StoredSummary = {
  summary: SloSummary;
  burnDown: BurnDownPoint[];
  computedAt: string;
};

type SumRow = { good: number | string | null; total: number | string | null };

/** PostgreSQL answers SUM() of doubles as numbers, of integers as strings. */
function num(value: number | string | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/**
 * Every query of the SLO backend: definitions, SLI buckets with their hourly
 * roll-ups and retention, and the computed summaries. Works on SQLite and
 * PostgreSQL.
 */
export class SloStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<SloStore> {
    const { database } = options;
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new SloStore(knex);
  }

  /** Undoes every migration of the plugin (tests of the `down` path). */
  static async rollbackAll(knex: Knex): Promise<void> {
    await knex.migrate.rollback({ directory: migrationsDir }, true);
  }

  private constructor(private readonly db: Knex) {}

  // ---- definitions -------------------------------------------------------

  /**
   * Replaces every entity and SLO definition with what the catalog says now,
   * in one transaction; summaries of SLOs that are gone are removed. SLI
   * data is kept (retention removes it), so an SLO that comes back has its
   * history.
   */
  async replaceDefinitions(options: {
    entities: SloEntity[];
    definitions: SloDefinition[];
    now: Date;
  }): Promise<void> {
    const updatedAt = options.now.toISOString();
    await this.db.transaction(async tx => {
      const entityRefs = new Set(options.entities.map(e => e.entityRef));
      const sloRefs = new Set(options.definitions.map(d => d.sloRef));
      const oldEntities: string[] = (
        await tx(ENTITIES).select('entity_ref')
      ).map((row: { entity_ref: string }) => row.entity_ref);
      for (const gone of chunks(
        oldEntities.filter(ref => !entityRefs.has(ref)),
        IN_CHUNK,
      )) {
        await tx(ENTITIES).whereIn('entity_ref', gone).delete();
      }
      const oldSlos: string[] = (await tx(DEFINITIONS).select('slo_ref')).map(
        (row: { slo_ref: string }) => row.slo_ref,
      );
      for (const gone of chunks(
        oldSlos.filter(ref => !sloRefs.has(ref)),
        IN_CHUNK,
      )) {
        await tx(DEFINITIONS).whereIn('slo_ref', gone).delete();
      }
      const oldSummaries: string[] = (
        await tx(SUMMARIES).select('slo_ref')
      ).map((row: { slo_ref: string }) => row.slo_ref);
      for (const gone of chunks(
        oldSummaries.filter(ref => !sloRefs.has(ref)),
        IN_CHUNK,
      )) {
        await tx(SUMMARIES).whereIn('slo_ref', gone).delete();
      }
      for (const chunk of chunks(options.entities, INSERT_CHUNK)) {
        await tx(ENTITIES)
          .insert(
            chunk.map(entity => ({
              entity_ref: entity.entityRef,
              title: entity.title,
              owner: entity.owner,
              system: entity.system,
              tier: entity.tier,
              errors: JSON.stringify(entity.errors),
              updated_at: updatedAt,
            })),
          )
          .onConflict('entity_ref')
          .merge(['title', 'owner', 'system', 'tier', 'errors', 'updated_at']);
      }
      for (const chunk of chunks(options.definitions, INSERT_CHUNK)) {
        await tx(DEFINITIONS)
          .insert(
            chunk.map(definition => ({
              slo_ref: definition.sloRef,
              entity_ref: definition.entityRef,
              definition: JSON.stringify(definition),
            })),
          )
          .onConflict('slo_ref')
          .merge(['entity_ref', 'definition']);
      }
    });
  }

  async listEntities(): Promise<SloEntity[]> {
    const rows = await this.db(ENTITIES).select().orderBy('entity_ref');
    return rows.map(toEntity);
  }

  async getEntity(entityRef: string): Promise<SloEntity | undefined> {
    const row = await this.db(ENTITIES)
      .where({ entity_ref: entityRef })
      .first();
    return row ? toEntity(row) : undefined;
  }

  /** Every definition, or those of one entity, in ref order. */
  async listDefinitions(entityRef?: string): Promise<SloDefinition[]> {
    const query = this.db(DEFINITIONS).select('definition').orderBy('slo_ref');
    if (entityRef) query.where({ entity_ref: entityRef });
    const rows: Array<{ definition: string }> = await query;
    return rows.map(row => JSON.parse(row.definition) as SloDefinition);
  }

  /** The definitions of the given refs that exist. */
  async getDefinitions(sloRefs: string[]): Promise<Map<string, SloDefinition>> {
    const found = new Map<string, SloDefinition>();
    for (const chunk of chunks([...new Set(sloRefs)], IN_CHUNK)) {
      const rows: Array<{ slo_ref: string; definition: string }> =
        await this.db(DEFINITIONS)
          .select('slo_ref', 'definition')
          .whereIn('slo_ref', chunk);
      for (const row of rows) {
        found.set(row.slo_ref, JSON.parse(row.definition));
      }
    }
    return found;
  }

  // ---- SLI data ----------------------------------------------------------

  /**
   * Stores buckets, replacing any bucket already stored for the same SLO and
   * minute (so a retried batch is stored again, not added), and brings the
   * hourly roll-ups of the touched hours back to the sum of their minutes,
   * all in one transaction. Refuses the whole batch, writing nothing, when a
   * bucket falls in an hour whose minutes retention has already pruned:
   * replacing a minute there could not be told from adding one.
   * @returns the (SLO, hour) pairs that were refused; empty when stored
   */
  async writeBuckets(
    buckets: SliBucket[],
  ): Promise<Array<{ sloRef: string; hour: number }>> {
    if (buckets.length === 0) return [];
    return this.db.transaction(async tx => {
      const hoursBySlo = new Map<string, Set<number>>();
      for (const bucket of buckets) {
        const hours = hoursBySlo.get(bucket.sloRef) ?? new Set<number>();
        hours.add(Math.floor(bucket.minute / 60));
        hoursBySlo.set(bucket.sloRef, hours);
      }
      const sealed: Array<{ sloRef: string; hour: number }> = [];
      for (const [sloRef, hours] of hoursBySlo) {
        for (const chunk of chunks([...hours], IN_CHUNK)) {
          const rows: Array<{ hour: number | string }> = await tx(HOURS)
            .select('hour')
            .where({ slo_ref: sloRef, minutes_pruned: 1 })
            .whereIn('hour', chunk);
          for (const row of rows)
            sealed.push({ sloRef, hour: Number(row.hour) });
        }
      }
      if (sealed.length > 0) return sealed;

      for (const chunk of chunks(buckets, INSERT_CHUNK)) {
        await tx(MINUTES)
          .insert(
            chunk.map(bucket => ({
              slo_ref: bucket.sloRef,
              minute: bucket.minute,
              good: bucket.good,
              total: bucket.total,
            })),
          )
          .onConflict(['slo_ref', 'minute'])
          .merge(['good', 'total']);
      }

      for (const [sloRef, hours] of hoursBySlo) {
        const sorted = [...hours].sort((a, b) => a - b);
        const sums: Array<{
          hour: number | string;
          good: number | string;
          total: number | string;
        }> = await tx(MINUTES)
          .select(
            tx.raw('minute / 60 as hour'),
            tx.raw('sum(good) as good'),
            tx.raw('sum(total) as total'),
          )
          .where({ slo_ref: sloRef })
          .where('minute', '>=', sorted[0] * 60)
          .where('minute', '<', (sorted[sorted.length - 1] + 1) * 60)
          .groupByRaw('minute / 60');
        const rollups = sums
          .map(row => ({
            slo_ref: sloRef,
            hour: Number(row.hour),
            good: num(row.good),
            total: num(row.total),
          }))
          // Only the touched hours: the others are already in step.
          .filter(row => hours.has(row.hour));
        for (const chunk of chunks(rollups, INSERT_CHUNK)) {
          await tx(HOURS)
            .insert(chunk)
            .onConflict(['slo_ref', 'hour'])
            .merge(['good', 'total']);
        }
      }
      return [];
    });
  }

  /**
   * Counts of an SLO over [startMs, endMs): whole hours from the roll-ups,
   * the partial hours at either edge from minutes, so a 30-day window reads
   * about 720 hour rows and at most 118 minute rows. A minute bucket counts
   * when its start lies in the window. Null when no bucket has data.
   */
  async countsBetween(
    sloRef: string,
    startMs: number,
    endMs: number,
  ): Promise<{ good: number; total: number } | null> {
    const startMinute = Math.ceil(startMs / MINUTE_MS);
    const endMinute = Math.ceil(endMs / MINUTE_MS);
    if (!(startMinute < endMinute)) return null;
    const firstHour = Math.ceil(startMinute / 60);
    const endHour = Math.floor(endMinute / 60);
    const parts: Array<Promise<SumRow & { n: number | string }>> = [];
    const sumMinutes = (from: number, to: number) =>
      this.db(MINUTES)
        .where({ slo_ref: sloRef })
        .where('minute', '>=', from)
        .where('minute', '<', to)
        .first(
          this.db.raw('sum(good) as good'),
          this.db.raw('sum(total) as total'),
          this.db.raw('count(*) as n'),
        ) as Promise<SumRow & { n: number | string }>;
    if (firstHour < endHour) {
      parts.push(
        this.db(HOURS)
          .where({ slo_ref: sloRef })
          .where('hour', '>=', firstHour)
          .where('hour', '<', endHour)
          .first(
            this.db.raw('sum(good) as good'),
            this.db.raw('sum(total) as total'),
            this.db.raw('count(*) as n'),
          ) as Promise<SumRow & { n: number | string }>,
      );
      if (startMinute < firstHour * 60) {
        parts.push(sumMinutes(startMinute, firstHour * 60));
      }
      if (endHour * 60 < endMinute)
        parts.push(sumMinutes(endHour * 60, endMinute));
    } else {
      parts.push(sumMinutes(startMinute, endMinute));
    }
    const rows = await Promise.all(parts);
    let rowsFound = 0;
    let good = 0;
    let total = 0;
    for (const row of rows) {
      rowsFound += num(row?.n);
      good += num(row?.good);
      total += num(row?.total);
    }
    return rowsFound === 0 ? null : { good, total };
  }

  /**
   * The buckets of an SLO over [startMs, endMs) as timed counts: one per
   * whole hour (at the hour's start) and one per minute at the edges, for
   * burn-down series. They add up to countsBetween.
   */
  async countsOverTime(
    sloRef: string,
    startMs: number,
    endMs: number,
  ): Promise<TimedSliCounts[]> {
    const startMinute = Math.ceil(startMs / MINUTE_MS);
    const endMinute = Math.ceil(endMs / MINUTE_MS);
    if (!(startMinute < endMinute)) return [];
    const firstHour = Math.ceil(startMinute / 60);
    const endHour = Math.floor(endMinute / 60);
    const minutes = (from: number, to: number) =>
      this.minuteCounts(sloRef, from * MINUTE_MS, to * MINUTE_MS);
    if (!(firstHour < endHour)) return minutes(startMinute, endMinute);
    const hours: Array<{ hour: number | string } & SumRow> = await this.db(
      HOURS,
    )
      .select('hour', 'good', 'total')
      .where({ slo_ref: sloRef })
      .where('hour', '>=', firstHour)
      .where('hour', '<', endHour)
      .orderBy('hour');
    return [
      ...(await minutes(startMinute, firstHour * 60)),
      ...hours.map(row => ({
        time: Number(row.hour) * HOUR_MS,
        good: num(row.good),
        total: num(row.total),
      })),
      ...(await minutes(endHour * 60, endMinute)),
    ];
  }

  /** The raw minute buckets over [startMs, endMs) (Timeslices, tests). */
  async minuteCounts(
    sloRef: string,
    startMs: number,
    endMs: number,
  ): Promise<TimedSliCounts[]> {
    const from = Math.ceil(startMs / MINUTE_MS);
    const to = Math.ceil(endMs / MINUTE_MS);
    if (!(from < to)) return [];
    const rows: Array<{ minute: number | string } & SumRow> = await this.db(
      MINUTES,
    )
      .select('minute', 'good', 'total')
      .where({ slo_ref: sloRef })
      .where('minute', '>=', from)
      .where('minute', '<', to)
      .orderBy('minute');
    return rows.map(row => ({
      time: Number(row.minute) * MINUTE_MS,
      good: num(row.good),
      total: num(row.total),
    }));
  }

  /**
   * Retention: deletes minutes before the hour containing `minutesBefore`
   * (whole hours only, marking those hours as pruned so later writes into
   * them are refused) and hour roll-ups before `hoursBefore`, in one
   * transaction.
   */
  async prune(options: {
    minutesBefore: Date;
    hoursBefore: Date;
  }): Promise<{ minutes: number; hours: number }> {
    const minuteCutoffHour = Math.floor(
      options.minutesBefore.getTime() / HOUR_MS,
    );
    const hourCutoff = Math.floor(options.hoursBefore.getTime() / HOUR_MS);
    return this.db.transaction(async tx => {
      await tx(HOURS)
        .where('hour', '<', minuteCutoffHour)
        .where({ minutes_pruned: 0 })
        .update({ minutes_pruned: 1 });
      const minutes = await tx(MINUTES)
        .where('minute', '<', minuteCutoffHour * 60)
        .delete();
      const hours = await tx(HOURS).where('hour', '<', hourCutoff).delete();
      return { minutes, hours };
    });
  }

  // ---- summaries ---------------------------------------------------------

  /** Stores computed summaries, replacing earlier ones of the same SLOs. */
  async writeSummaries(
    summaries: Array<{ summary: SloSummary; burnDown: BurnDownPoint[] }>,
    computedAt: Date,
  ): Promise<void> {
    const at = computedAt.toISOString();
    await this.db.transaction(async tx => {
      for (const chunk of chunks(summaries, INSERT_CHUNK)) {
        await tx(SUMMARIES)
          .insert(
            chunk.map(({ summary, burnDown }) => ({
              slo_ref: summary.ref,
              entity_ref: summary.entityRef,
              summary: JSON.stringify(summary),
              burn_down: JSON.stringify(burnDown),
              computed_at: at,
            })),
          )
          .onConflict('slo_ref')
          .merge(['entity_ref', 'summary', 'burn_down', 'computed_at']);
      }
    });
  }

  /**
   * Stored summaries, of one entity or all; burn-down series only when
   * asked (they are the bulk of the table).
   */
  async listSummaries(options: {
    entityRef?: string;
    withBurnDown?: boolean;
  }): Promise<StoredSummary[]> {
    const columns = ['summary', 'computed_at'];
    if (options.withBurnDown) columns.push('burn_down');
    const query = this.db(SUMMARIES).select(columns).orderBy('slo_ref');
    if (options.entityRef) query.where({ entity_ref: options.entityRef });
    const rows: Array<{
      summary: string;
      burn_down?: string;
      computed_at: string;
    }> = await query;
    return rows.map(row => ({
      summary: JSON.parse(row.summary),
      burnDown: parseJson<BurnDownPoint[]>(row.burn_down, []),
      computedAt: row.computed_at,
    }));
  }
}

function toEntity(row: {
  entity_ref: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  tier: string | null;
  errors: string;
}): SloEntity {
  return {
    entityRef: row.entity_ref,
    title: row.title,
    owner: row.owner,
    system: row.system,
    tier: row.tier as SloEntity['tier'],
    errors: parseJson<string[]>(row.errors, []),
  };
}
