import { TIER_NAMES } from '@golden-path/plugin-golden-path-common';
import {
  entityRefSchema,
  pagingQueryShape,
  repeatableSchema,
} from '@golden-path/plugin-golden-path-node';
import {
  READINESS_CATEGORIES,
  READINESS_SERVICE_SORTS,
  ReadinessServiceSort,
} from '@golden-path/plugin-readiness-common';
import { z } from 'zod';

export { parseInput } from '@golden-path/plugin-golden-path-node';

const filters = {
  owner: repeatableSchema(entityRefSchema('group')).optional(),
  system: repeatableSchema(entityRefSchema('system')).optional(),
  tier: repeatableSchema(z.enum(TIER_NAMES)).optional(),
  category: repeatableSchema(z.enum(READINESS_CATEGORIES)).optional(),
};

/** The query of `GET /v1/overview`. */
export const overviewQuerySchema = z.strictObject(filters);

/** The query of `GET /v1/services`: the overview's filters, paging, sort, search. */
export const servicesQuerySchema = z.strictObject({
  ...filters,
  ...pagingQueryShape,
  sort: z
    .enum(
      READINESS_SERVICE_SORTS as unknown as [
        ReadinessServiceSort,
        ...ReadinessServiceSort[],
      ],
    )
    .default('score'),
  q: z.string().trim().max(200).optional(),
});

/** The query of `GET /v1/rollups`. */
export const rollupsQuerySchema = z.strictObject({
  ...filters,
  by: z.enum(['owner', 'system', 'domain']),
});

/** The query of `GET /v1/entities/.../history`. */
export const historyQuerySchema = z.strictObject({
  days: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number of days')
    .transform(Number)
    .pipe(z.number().int().min(1).max(3650))
    .optional(),
});

/** The entity of `/v1/entities/:kind/:namespace/:name`. */
export const pathEntityRefSchema = entityRefSchema();

/** No query parameters or body fields at all. */
export const noQuerySchema = z.strictObject({});

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2})))?$/;

/**
 * Whether `value` is an ISO date, or date and time with a zone, whose
 * fields exist: `2027-02-30`, `2027-01-01T24:00:00Z` or a `+25:00` zone are
 * refused instead of rolled over into another date, as `Date` would.
 */
export function isCalendarDateTime(value: string): boolean {
  const m = ISO_DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return false;
  if (m[4] !== undefined) {
    if (Number(m[4]) > 23 || Number(m[5]) > 59) return false;
    if (m[6] !== undefined && Number(m[6]) > 59) return false;
    if (m[8] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) {
      return false;
    }
  }
  return !isNaN(new Date(value).getTime());
}

/** The body of `POST /v1/entities/.../attestations` (AttestationRequest). */
export const attestationBodySchema = z.strictObject({
  checkId: z.string().min(1).max(100),
  comment: z
    .string()
    .trim()
    .min(1, 'must say why the check holds (1 to 2000 characters)')
    .max(2000, 'must be at most 2000 characters'),
  expiresAt: z
    .string()
    .max(64)
    .refine(
      isCalendarDateTime,
      'must be an ISO date (2025-12-31) or date and time with a zone (2025-12-31T12:00:00Z) that exists on the calendar',
    )
    .optional(),
});
