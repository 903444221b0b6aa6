import { BurnDownPoint, SloSummary } from '@golden-path/plugin-slo-common';
import { SloDefinition, SloEntity } from './SloDefinition';

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

/**
 * Everything the SLO backend keeps: definitions, SLI buckets with their
 * hourly roll-ups and retention, and the computed summaries. The database
 * implementation is DatabaseSloStore; its queries are in `operations/`.
 */
export interface SloStore {
  // ---- definitions (operations/definitions.ts) ---------------------------

  /**
   * Replaces every entity and SLO definition with what the catalog says now,
   * in one transaction; summaries of SLOs that are gone are removed. SLI
   * data is kept (retention removes it), so an SLO that comes back has its
   * history.
   */
  replaceDefinitions(options: {
    entities: SloEntity[];
    definitions: SloDefinition[];
    now: Date;
  }): Promise<void>;

  listEntities(): Promise<SloEntity[]>;

  getEntity(entityRef: string): Promise<SloEntity | undefined>;

  /** Every definition, or those of one entity, in ref order. */
  listDefinitions(entityRef?: string): Promise<SloDefinition[]>;

  /** The definitions of the given refs that exist. */
  getDefinitions(sloRefs: string[]): Promise<Map<string, SloDefinition>>;

  // ---- SLI ingestion (operations/writeBuckets.ts) ------------------------

  /**
   * Stores buckets, replacing any bucket already stored for the same SLO and
   * minute (so a retried batch is stored again, not added), and brings the
   * hourly roll-ups of the touched hours back to the sum of their minutes,
   * all in one transaction. Refuses the whole batch, writing nothing, when a
   * bucket falls in an hour whose minutes retention has already pruned:
   * replacing a minute there could not be told from adding one.
   * @returns the (SLO, hour) pairs that were refused; empty when stored
   */
  writeBuckets(
    buckets: SliBucket[],
  ): Promise<Array<{ sloRef: string; hour: number }>>;

  // ---- SLI counts (operations/counts.ts) ---------------------------------

  /**
   * Counts of an SLO over [startMs, endMs): whole hours from the roll-ups,
   * the partial hours at either edge from minutes. A minute bucket counts
   * when its start lies in the window. Null when no bucket has data.
   */
  countsBetween(
    sloRef: string,
    startMs: number,
    endMs: number,
  ): Promise<{ good: number; total: number } | null>;

  /**
   * The buckets of an SLO over [startMs, endMs) as timed counts: one per
   * whole hour (at the hour's start) and one per minute at the edges, for
   * burn-down series. They add up to countsBetween.
   */
  countsOverTime(
    sloRef: string,
    startMs: number,
    endMs: number,
  ): Promise<TimedSliCounts[]>;

  /** The raw minute buckets over [startMs, endMs) (Timeslices, tests). */
  minuteCounts(
    sloRef: string,
    startMs: number,
    endMs: number,
  ): Promise<TimedSliCounts[]>;

  // ---- retention (operations/prune.ts) -----------------------------------

  /**
   * Retention: deletes minutes before the hour containing `minutesBefore`
   * (whole hours only, marking those hours as pruned so later writes into
   * them are refused) and hour roll-ups before `hoursBefore`, in one
   * transaction.
   */
  prune(options: {
    minutesBefore: Date;
    hoursBefore: Date;
  }): Promise<{ minutes: number; hours: number }>;

  // ---- computed summaries (operations/summaries.ts) ----------------------

  /** Stores computed summaries, replacing earlier ones of the same SLOs. */
  writeSummaries(
    summaries: Array<{ summary: SloSummary; burnDown: BurnDownPoint[] }>,
    computedAt: Date,
  ): Promise<void>;

  /**
   * Stored summaries, of one entity or all; burn-down series only when
   * asked (they are the bulk of the table).
   */
  listSummaries(options: {
    entityRef?: string;
    withBurnDown?: boolean;
  }): Promise<StoredSummary[]>;
}
