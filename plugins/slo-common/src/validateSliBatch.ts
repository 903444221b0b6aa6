import { describeValue } from './describeValue';
import { SliPoint } from './SloSummary';

/**
 * A problem with one point of a batch (`index` null: the whole batch).
 * @public
 */
export type SliBatchError = {
  index: number | null;
  /** The field, e.g. `good`; '' for the point or batch. */
  field: string;
  message: string;
};

/**
 * Limits of {@link validateSliBatch}.
 * @public
 */
export type SliBatchOptions = {
  /** The current time; points are checked against it. */
  now: Date | number;
  maxPoints?: number;
  maxAgeDays?: number;
  maxFutureMinutes?: number;
};

const FIELDS = ['sloRef', 'timestamp', 'good', 'total'];
const MAX_SLO_REF_LENGTH = 512;
const MAX_ERRORS = 100;
// ISO 8601 date-time with a zone; Date.parse alone accepts too much.
const ISO_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Date.parse rolls 2026-02-30 over into March; this does not. */
function isRealDate(timestamp: string): boolean {
  const [year, month, day] = timestamp.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function count(
  value: unknown,
  field: 'good' | 'total',
  index: number,
  errors: SliBatchError[],
): number | null {
  let problem: string | null = null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problem = `must be a number, got ${describeValue(value)}`;
  } else if (!Number.isInteger(value)) {
    problem = `must be a whole number, got ${value}`;
  } else if (value < 0) {
    problem = `must not be negative, got ${value}`;
  } else if (value > Number.MAX_SAFE_INTEGER) {
    problem = 'is too large';
  }
  if (problem) {
    errors.push({
      index,
      field,
      message: `points[${index}].${field} ${problem}`,
    });
    return null;
  }
  return value as number;
}

/**
 * Checks a batch of SLI points before ingestion: an array of at most
 * `maxPoints` (default 10 000; a larger batch gives one error and no
 * per-point work), each with exactly `sloRef`, `timestamp` (ISO 8601 with a
 * zone, not more than `maxFutureMinutes` (5) ahead of `now` nor
 * `maxAgeDays` (400) behind), `good` and `total` (whole numbers, `good` at
 * most `total`), and no two points for the same `sloRef` and instant (a
 * retried batch must upsert, not double-count). Returns the valid points
 * and an error per problem (at most 100), each naming the point and field;
 * the backend answers 400 when there are any.
 * @public
 */
export function validateSliBatch(
  points: unknown,
  options: SliBatchOptions,
): { points: SliPoint[]; errors: SliBatchError[] } {
  const maxPoints = options.maxPoints ?? 10_000;
  const maxAgeDays = options.maxAgeDays ?? 400;
  const maxFutureMinutes = options.maxFutureMinutes ?? 5;
  const now = Number(options.now);
  if (!Array.isArray(points)) {
    return {
      points: [],
      errors: [
        {
          index: null,
          field: '',
          message: `points must be a list, got ${describeValue(points)}`,
        },
      ],
    };
  }
  if (points.length > maxPoints) {
    return {
      points: [],
      errors: [
        {
          index: null,
          field: '',
          message: `the batch has ${points.length} points, over the limit of ${maxPoints}; send smaller batches`,
        },
      ],
    };
  }
  const earliest = now - maxAgeDays * 86_400_000;
  const latest = now + maxFutureMinutes * 60_000;
  const errors: SliBatchError[] = [];
  const valid: SliPoint[] = [];
  const seen = new Map<string, number>();

  for (
    let index = 0;
    index < points.length && errors.length < MAX_ERRORS;
    index++
  ) {
    const point = points[index];
    const at = `points[${index}]`;
    if (point === null || typeof point !== 'object' || Array.isArray(point)) {
      errors.push({
        index,
        field: '',
        message: `${at} must be an object, got ${describeValue(point)}`,
      });
      continue;
    }
    const fields = point as Record<string, unknown>;
    const before = errors.length;
    for (const key of Object.keys(fields)) {
      if (!FIELDS.includes(key)) {
        errors.push({
          index,
          field: key,
          message: `${at} has an unknown field ${describeValue(
            key,
          )}; expected only ${FIELDS.join(', ')}`,
        });
      }
    }
    const { sloRef, timestamp } = fields;
    if (typeof sloRef !== 'string' || sloRef.trim() === '') {
      errors.push({
        index,
        field: 'sloRef',
        message: `${at}.sloRef must be a non-empty string, got ${describeValue(
          sloRef,
        )}`,
      });
    } else if (sloRef.length > MAX_SLO_REF_LENGTH) {
      errors.push({
        index,
        field: 'sloRef',
        message: `${at}.sloRef is longer than ${MAX_SLO_REF_LENGTH} characters`,
      });
    }
    let time = NaN;
    if (typeof timestamp !== 'string' || !ISO_TIMESTAMP.test(timestamp)) {
      errors.push({
        index,
        field: 'timestamp',
        message: `${at}.timestamp must be an ISO 8601 time with a zone, e.g. "2026-03-01T12:34:00Z", got ${describeValue(
          timestamp,
        )}`,
      });
    } else {
      time = Date.parse(timestamp);
      if (!Number.isFinite(time) || !isRealDate(timestamp)) {
        errors.push({
          index,
          field: 'timestamp',
          message: `${at}.timestamp is not a real time: "${timestamp}"`,
        });
      } else if (time > latest) {
        errors.push({
          index,
          field: 'timestamp',
          message: `${at}.timestamp ${timestamp} is more than ${maxFutureMinutes} minutes in the future`,
        });
      } else if (time < earliest) {
        errors.push({
          index,
          field: 'timestamp',
          message: `${at}.timestamp ${timestamp} is more than ${maxAgeDays} days old`,
        });
      }
    }
    const good = count(fields.good, 'good', index, errors);
    const total = count(fields.total, 'total', index, errors);
    if (good !== null && total !== null && good > total) {
      errors.push({
        index,
        field: 'good',
        message: `${at}.good (${good}) must not exceed total (${total})`,
      });
    }
    if (errors.length > before) continue;
    const key = `${time}\u0000${sloRef}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        index,
        field: 'timestamp',
        message: `${at} is for the same sloRef and time as points[${first}]`,
      });
      continue;
    }
    seen.set(key, index);
    valid.push({
      sloRef: sloRef as string,
      timestamp: timestamp as string,
      good: good!,
      total: total!,
    });
  }
  if (errors.length >= MAX_ERRORS) {
    errors.push({
      index: null,
      field: '',
      message: `stopped after ${MAX_ERRORS} errors`,
    });
  }
  return { points: valid, errors };
}
