import { ADR_STATUS_FILTERS } from '@golden-path/plugin-adr-common';
import { InputError } from '@backstage/errors';
import {
  entityRefSchema as fullEntityRefSchema,
  repeatableSchema,
} from '@golden-path/plugin-golden-path-node';
import { z } from 'zod';

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

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** The query of `GET /adrs`. */
export const listQuerySchema = z.strictObject({
  entity: repeatableSchema(entityRefSchema).optional(),
  status: repeatableSchema(z.enum(ADR_STATUS_FILTERS)).optional(),
  owner: repeatableSchema(entityRefSchema).optional(),
  system: repeatableSchema(entityRefSchema).optional(),
  decisionMaker: z.string().trim().min(1).max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: z.string().max(500).optional(),
  stale: booleanText.optional(),
  limit: wholeNumber(1, 500).default(50),
  offset: wholeNumber(0, 1_000_000_000).default(0),
  order: z.enum(['date', 'number', 'title', 'status']).default('date'),
  withBody: booleanText.optional(),
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
