import { InputError } from '@backstage/errors';
import {
  latencyAttainment,
  validateSliBatch,
} from '@golden-path/plugin-slo-common';
import { SloDefinition } from '../database/SloDefinition';
import { SliBucket, SloStore } from '../database/SloStore';
import { SloConfig } from '../readSloConfig';

/** At most this many points (and histograms) per ingestion request. */
export const MAX_POINTS_PER_REQUEST = 10_000;
/** Points may be this far ahead of the server clock (clock skew). */
const MAX_FUTURE_MINUTES = 5;

/** The body of the ingestion API after zod: shapes checked, values not yet. */
export type SliIngestInput = {
  points?: unknown[];
  histograms?: Array<{
    sloRef: string;
    timestamp: string;
    buckets: Array<{ le: number | '+Inf'; count: number }>;
  }>;
};

/** A bad ingestion request: every problem, each naming its point and field. */
export class SliBatchInputError extends InputError {}

/** The ingestion command (POST /v1/sli): checks a batch of SLI data and stores it. */
export class SliIngestCommand {
  constructor(
    private readonly options: {
      store: Pick<SloStore, 'getDefinitions' | 'writeBuckets'>;
      config: Pick<SloConfig, 'retention'>;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * Checks a batch and stores it in one transaction, all or nothing.
   * @throws SliBatchInputError naming every bad point and field
   */
  async ingest(
    input: SliIngestInput,
  ): Promise<{ accepted: number; slos: number }> {
    const now = this.now();
    const points = input.points ?? [];
    const histograms = input.histograms ?? [];
    const count = points.length + histograms.length;
    if (count === 0) {
      throw new SliBatchInputError(
        'the batch is empty: send points and/or histograms',
      );
    }
    if (count > MAX_POINTS_PER_REQUEST) {
      throw new SliBatchInputError(
        `the batch has ${count} points, over the limit of ${MAX_POINTS_PER_REQUEST}; send smaller batches`,
      );
    }
    const limits = {
      now,
      maxPoints: MAX_POINTS_PER_REQUEST,
      maxAgeDays: this.options.config.retention.hourDays,
      maxFutureMinutes: MAX_FUTURE_MINUTES,
    };
    const errors: string[] = [];
    const checked = validateSliBatch(points, limits);
    errors.push(...checked.errors.map(e => e.message));

    const refs = [
      ...checked.points.map(p => p.sloRef),
      ...histograms.map(h => h.sloRef),
    ];
    const definitions = await this.options.store.getDefinitions(refs);

    // Where each bucket came from, for messages: `points[3]`.
    const entries: Array<{ at: string; bucket: SliBucket }> = [];
    const usable = (at: string, sloRef: string): SloDefinition | undefined => {
      const definition = definitions.get(sloRef);
      if (!definition) {
        errors.push(
          `${at}.sloRef "${sloRef}" names no known SLO; GET /api/slo/v1/entities/... lists the refs`,
        );
      } else if (definition.dataSource.type !== 'builtin') {
        errors.push(
          `${at}.sloRef "${sloRef}" reads its data from Prometheus ('${definition.dataSource.name}'), not from this API`,
        );
        return undefined;
      }
      return definition;
    };
    // Without errors the valid points are the points, in order, so an index
    // names the right point; with errors the batch is refused anyway.
    const pointsAligned = checked.errors.length === 0;
    checked.points.forEach((point, i) => {
      const at = `points[${i}]`;
      if (!pointsAligned || !usable(at, point.sloRef)) return;
      entries.push({
        at,
        bucket: {
          sloRef: point.sloRef,
          minute: Math.floor(Date.parse(point.timestamp) / 60_000),
          good: point.good,
          total: point.total,
        },
      });
    });

    histograms.forEach((histogram, index) => {
      const at = `histograms[${index}]`;
      const definition = usable(at, histogram.sloRef);
      if (!definition) return;
      if (definition.thresholdMs === null) {
        errors.push(
          `${at}.sloRef "${histogram.sloRef}" is not a latency SLO; send good/total points for it`,
        );
        return;
      }
      const latency = latencyAttainment({
        buckets: histogram.buckets,
        thresholdMs: definition.thresholdMs,
      });
      if (!latency.ok) {
        errors.push(`${at}.buckets: ${latency.error}`);
        return;
      }
      const asPoint = validateSliBatch(
        [
          {
            sloRef: histogram.sloRef,
            timestamp: histogram.timestamp,
            good: Math.round(latency.value.good),
            total: latency.value.total,
          },
        ],
        limits,
      );
      if (asPoint.errors.length > 0) {
        errors.push(
          ...asPoint.errors.map(e => e.message.replace(/^points\[0\]/, at)),
        );
        return;
      }
      entries.push({
        at,
        bucket: {
          sloRef: histogram.sloRef,
          minute: Math.floor(Date.parse(histogram.timestamp) / 60_000),
          good: latency.value.good,
          total: latency.value.total,
        },
      });
    });

    // One bucket per SLO and minute: two points for the same minute would
    // make the stored value depend on their order.
    const seen = new Map<string, string>();
    for (const { at, bucket } of entries) {
      const key = `${bucket.sloRef}\u0000${bucket.minute}`;
      const first = seen.get(key);
      if (first) {
        errors.push(
          `${at} is for the same sloRef and minute as ${first}; send one value per minute`,
        );
      } else {
        seen.set(key, at);
      }
    }
    if (errors.length > 0) throw this.batchError(errors);

    const buckets = entries.map(e => e.bucket);
    const sealed = await this.options.store.writeBuckets(buckets);
    if (sealed.length > 0) {
      const sealedKeys = new Set(sealed.map(s => `${s.sloRef}\u0000${s.hour}`));
      const refused = entries
        .filter(({ bucket }) =>
          sealedKeys.has(
            `${bucket.sloRef}\u0000${Math.floor(bucket.minute / 60)}`,
          ),
        )
        .map(
          ({ at }) =>
            `${at}.timestamp falls in an hour whose per-minute data retention has already removed (goldenPath.slo.retention.minuteDays); it can no longer be replaced`,
        );
      throw this.batchError(refused);
    }
    return {
      accepted: buckets.length,
      slos: new Set(buckets.map(b => b.sloRef)).size,
    };
  }

  private batchError(errors: string[]): SliBatchInputError {
    const shown = errors.slice(0, 20);
    const more =
      errors.length > shown.length
        ? `; and ${errors.length - shown.length} more`
        : '';
    return new SliBatchInputError(
      `the batch was refused, nothing was stored: ${shown.join('; ')}${more}`,
    );
  }
}
