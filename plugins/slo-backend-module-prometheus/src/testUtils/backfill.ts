import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { RunningPrometheus, startPrometheus } from './prometheusTestServer';

const MINUTE = 60_000;

/**
 * One per-minute SLI point, as the built-in store ingests them.
 * @public
 */
export type MinutePoint = {
  timestamp: string | number;
  good: number;
  total: number;
};

/** The counter the backfill writes, and the selectors that read it back. */
export const BACKFILL_METRIC = 'sli_events_total';

/**
 * Selectors for the backfilled counters of `slo`.
 * @public
 */
export function backfillSelectors(slo: string) {
  return {
    good: `${BACKFILL_METRIC}{slo="${slo}",outcome="good"}`,
    bad: `${BACKFILL_METRIC}{slo="${slo}",outcome="bad"}`,
    total: `${BACKFILL_METRIC}{slo="${slo}"}`,
  };
}

/**
 * The points as OpenMetrics text with cumulative counters
 * `sli_events_total{slo, outcome="good"|"bad"}`. The sample at minute
 * boundary T counts every point of the minutes before T, so
 * `counter(end) - counter(start)` is exactly the sum of the points in
 * [start, end), and there is one sample per minute from the first point's
 * minute to the minute after the last (gaps count zero events).
 */
export function toOpenMetrics(points: MinutePoint[], slo: string): string {
  const perMinute = new Map<number, { good: number; bad: number }>();
  for (const point of points) {
    const time =
      typeof point.timestamp === 'number'
        ? point.timestamp
        : Date.parse(point.timestamp);
    const minute = Math.floor(time / MINUTE) * MINUTE;
    const bucket = perMinute.get(minute) ?? { good: 0, bad: 0 };
    bucket.good += point.good;
    bucket.bad += point.total - point.good;
    perMinute.set(minute, bucket);
  }
  if (perMinute.size === 0) return '# EOF\n';
  const minutes = [...perMinute.keys()];
  const first = Math.min(...minutes);
  const last = Math.max(...minutes);
  const lines = [`# TYPE ${BACKFILL_METRIC.replace(/_total$/, '')} counter`];
  for (const outcome of ['good', 'bad'] as const) {
    let cumulative = 0;
    for (let t = first; t <= last + MINUTE; t += MINUTE) {
      lines.push(
        `${BACKFILL_METRIC}{slo="${slo}",outcome="${outcome}"} ${cumulative} ${
          t / 1000
        }`,
      );
      cumulative += perMinute.get(t)?.[outcome] ?? 0;
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

/**
 * Writes the points into a new TSDB with
 * `promtool tsdb create-blocks-from openmetrics` and starts Prometheus on
 * it. `stop()` removes everything.
 * @public
 */
export async function startBackfilledPrometheus(options: {
  prometheus: string;
  promtool: string;
  points: MinutePoint[];
  slo: string;
}): Promise<RunningPrometheus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-backfill-'));
  const input = path.join(dir, 'sli.om');
  const tsdbPath = path.join(dir, 'data');
  fs.writeFileSync(input, toOpenMetrics(options.points, options.slo));
  try {
    await promisify(execFile)(
      options.promtool,
      ['tsdb', 'create-blocks-from', 'openmetrics', input, tsdbPath],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const running = await startPrometheus({
    binary: options.prometheus,
    tsdbPath,
  }).catch(error => {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...running,
    stop: async () => {
      await running.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
