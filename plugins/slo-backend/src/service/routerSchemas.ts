import { TIER_NAMES } from '@golden-path/plugin-golden-path-common';
import {
  entityRefSchema,
  pagingQueryShape,
  repeatableSchema,
} from '@golden-path/plugin-golden-path-node';
import { SLO_SERVICE_SORT_KEYS } from '@golden-path/plugin-slo-common';
import { z } from 'zod';

export { parseInput } from '@golden-path/plugin-golden-path-node';

const filterShape = {
  owner: repeatableSchema(entityRefSchema('group')).optional(),
  system: repeatableSchema(entityRefSchema('system')).optional(),
  tier: repeatableSchema(z.enum(TIER_NAMES)).optional(),
};

/** The query of `GET /v1/overview`. */
export const overviewQuerySchema = z.strictObject(filterShape);

/**
 * The query of `GET /v1/services`: the overview's filters, search text,
 * sort column and the page.
 */
export const servicesQuerySchema = z.strictObject({
  ...filterShape,
  ...pagingQueryShape,
  q: z.string().max(200).optional(),
  sort: z.enum(SLO_SERVICE_SORT_KEYS).default('budget'),
});

/** The entity of `/v1/entities/:kind/:namespace/:name`. */
export const pathEntityRefSchema = entityRefSchema();

/** No query parameters at all. */
export const noQuerySchema = z.strictObject({});

const histogramSchema = z.strictObject({
  sloRef: z.string().min(1).max(512),
  timestamp: z.string().max(64),
  buckets: z
    .array(
      z.strictObject({
        le: z.union([z.number(), z.literal('+Inf')]),
        count: z.number(),
      }),
    )
    .min(1)
    .max(200),
});

/**
 * The body of `POST /v1/sli` (SliIngestRequest). Only the shape: the points
 * themselves are checked by validateSliBatch, which names each bad one.
 * Lists are bounded generously here so an oversized batch gets the one
 * clear "over the limit" message from the service.
 */
export const sliIngestBodySchema = z.strictObject({
  points: z.array(z.unknown()).max(200_000).optional(),
  histograms: z.array(histogramSchema).max(200_000).optional(),
});
