import { SloStore } from '../database/SloStore';
import {
  SliCounts,
  SliSource,
  SliSourceError,
  SloDefinitionForSource,
} from '@golden-path/plugin-slo-node';

const HOUR_MS = 3_600_000;

/**
 * SLI counts from the plugin's own store, fed by `POST /api/slo/v1/sli`.
 * Windows of an hour or more read the hourly roll-ups plus the edge
 * minutes; shorter ones read minutes.
 */
export class BuiltinSliSource implements SliSource {
  constructor(private readonly store: SloStore) {}

  async countsBetween(
    slo: SloDefinitionForSource,
    start: Date,
    end: Date,
  ): Promise<SliCounts | null> {
    return this.store.countsBetween(slo.sloRef, start.getTime(), end.getTime());
  }

  /**
   * Steps aligned to `start`; a bucket goes to the step its start lies in
   * (an hour roll-up straddling two steps goes to the first, which moves at
   * most one hour of data by one step; the totals are exact). Steps shorter
   * than an hour are summed from minutes.
   */
  async countsSeries(
    slo: SloDefinitionForSource,
    start: Date,
    end: Date,
    stepMs: number,
  ): Promise<Array<{ time: string } & SliCounts>> {
    if (!(Number.isFinite(stepMs) && stepMs >= 60_000)) {
      throw new SliSourceError(
        `SLO ${slo.sloRef}: the step must be at least one minute`,
      );
    }
    const startMs = start.getTime();
    const endMs = end.getTime();
    const buckets =
      stepMs < HOUR_MS || stepMs % HOUR_MS !== 0
        ? await this.store.minuteCounts(slo.sloRef, startMs, endMs)
        : await this.store.countsOverTime(slo.sloRef, startMs, endMs);
    const steps = new Map<number, SliCounts>();
    for (const bucket of buckets) {
      const step = Math.floor((bucket.time - startMs) / stepMs);
      const counts = steps.get(step) ?? { good: 0, total: 0 };
      counts.good += bucket.good;
      counts.total += bucket.total;
      steps.set(step, counts);
    }
    return [...steps.entries()]
      .sort(([a], [b]) => a - b)
      .map(([step, counts]) => ({
        time: new Date(
          Math.max(startMs, startMs + step * stepMs),
        ).toISOString(),
        ...counts,
      }));
  }
}
