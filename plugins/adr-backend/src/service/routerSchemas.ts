import {
  ADR_LIST_SORTS,
  ADR_STATUS_FILTERS,
} from '@golden-path/plugin-adr-common';
import { InputError } from '@backstage/errors';
import {
  entityRefSchema as fullEntityRefSchema,
  pagingQueryShape,
  repeatableSchema,
} from '@golden-path/plugin-golden-path-node';
import { z } from 'zod';

import { defaultOrder } from './AdrIndex';

export { parseInput } from '@golden-path/plugin-golden-path-node';

/** A full entity ref (`kind:namespace/name`, namespace optional), lower-cased. */
export const entityRefSchema = fullEntityRefSchema();

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2024-05-31')
  .refine(value => {
    const date = new Date(`${value}T00:00:00Z`);
    return !isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'is not a calendar date');

const booleanText = z
  .enum(['true', 'false'])
  .transform(value => value === 'true');

/** The columns the older `order` parameter named (`sort` now). */
const LEGACY_ORDERS = ['date', 'number', 'title', 'status'] as const;

/**
 * The query of `GET /adrs`: filters, `sort` (a column), `order` (`asc` or
 * `desc`; a column name there is the older form of `sort`), `offset` and
 * `limit` of the shared paging shape.
 */
export const listQuerySchema = z
  .strictObject({
    entity: repeatableSchema(entityRefSchema).optional(),
    status: repeatableSchema(z.enum(ADR_STATUS_FILTERS)).optional(),
    owner: repeatableSchema(entityRefSchema).optional(),
    system: repeatableSchema(entityRefSchema).optional(),
    decisionMaker: z.string().trim().min(1).max(200).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    q: z.string().max(500).optional(),
    stale: booleanText.optional(),
    offset: pagingQueryShape.offset,
    limit: pagingQueryShape.limit,
    sort: z.enum(ADR_LIST_SORTS).optional(),
    order: z.enum(['asc', 'desc', ...LEGACY_ORDERS]).optional(),
    withBody: booleanText.optional(),
  })
  .superRefine((query, ctx) => {
    if (
      query.sort &&
      query.order &&
      query.order !== 'asc' &&
      query.order !== 'desc'
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['order'],
        message: "must be 'asc' or 'desc' when 'sort' is given",
      });
    }
  })
  .transform(({ sort, order, ...rest }) => {
    const legacy = order === 'asc' || order === 'desc' ? undefined : order;
    const column = sort ?? legacy ?? 'date';
    const direction =
      order === 'asc' || order === 'desc' ? order : defaultOrder(column);
    return { ...rest, sort: column, order: direction };
  });

/**
 * A path relative to the ADR folder: `/`-separated, no `..`, `.` or empty
 * segments, not absolute, no backslashes or control characters.
 */
export const adrFilePathSchema = z
  .string()
  .min(1)
  .max(1024)
  .superRefine((value, ctx) => {
    const problem = filePathProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

function filePathProblem(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\\]/.test(value)) {
    return 'must not hold backslashes or control characters';
  }
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value)) {
    return 'must be relative to the ADR folder, not absolute';
  }
  if (value.split('/').some(p => p === '..' || p === '.' || p === '')) {
    return "must not hold '..', '.' or empty segments";
  }
  return undefined;
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/** The Content-Type `/file` answers with. @throws InputError */
export function contentTypeOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const type = CONTENT_TYPES[extension];
  if (!type) {
    throw new InputError(
      `Invalid query parameter 'path': ${
        extension
          ? `files of type '.${extension}'`
          : 'files without an extension'
      } are not served; allowed: ${Object.keys(CONTENT_TYPES)
        .map(e => `.${e}`)
        .join(', ')}`,
    );
  }
  return type;
}
