import { isChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { z as zod } from 'zod/v3';
import { parseActionInput } from './parseActionInput';
import { resolveWorkspacePath } from './resolveWorkspacePath';

/** The statuses MADR 4 suggests. */
export const ADR_STATUSES = [
  'proposed',
  'accepted',
  'rejected',
  'deprecated',
  'superseded',
] as const;

const MAX_SLUG_LENGTH = 60;
const ADR_FILE = /^(\d{4})-.*\.md$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const line = (z: typeof zod, max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .refine(value => !/[\r\n]/.test(value) && !CONTROL_CHARACTERS.test(value), {
      message: 'must be one line without control characters',
    });

const text = (z: typeof zod) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(20_000)
    .refine(value => !CONTROL_CHARACTERS.test(value), {
      message: 'must not contain control characters',
    });

const inputSchema = (z: typeof zod) =>
  z.object({
    title: line(z, 200).describe(
      'The decision as a short title; also gives the file name',
    ),
    status: z
      .enum(ADR_STATUSES)
      .default('accepted')
      .describe(`The decision's status: ${ADR_STATUSES.join(', ')}`),
    date: z
      .string()
      .optional()
      .describe('The decision date, YYYY-MM-DD (default: today, UTC)'),
    decisionMakers: z
      .array(line(z, 200))
      .min(1, 'must name at least one decision maker')
      .max(50)
      .describe('Who made the decision (people or groups)'),
    context: text(z).describe('Context and problem statement (Markdown)'),
    decision: text(z).describe('The decision outcome (Markdown)'),
    consequences: text(z)
      .optional()
      .describe('Consequences of the decision (Markdown)'),
    options: z
      .array(line(z, 500))
      .max(50)
      .optional()
      .describe('The options that were considered'),
    directory: z
      .string()
      .max(1000)
      .default('docs/adr')
      .describe('The ADR folder, relative to the workspace (default docs/adr)'),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    path: z.string().describe('The new ADR file, relative to the workspace'),
    number: z.number().describe('The ADR number'),
  });

/** The file-name slug of a title: a-z, 0-9 and dashes, at most 60. */
export function slugifyTitle(title: string) {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
}

function checkDate(value: string | undefined) {
  if (value === undefined || value.trim() === '') {
    return new Date().toISOString().slice(0, 10);
  }
  const match = ISO_DATE.exec(value);
  const parsed = match ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!parsed || parsed.toISOString().slice(0, 10) !== value) {
    throw new InputError(`date '${value}' is not a date like 2025-01-31.`);
  }
  return value;
}

/** The ADR in MADR 4 form. */
function renderAdr(adr: {
  title: string;
  status: string;
  date: string;
  decisionMakers: string[];
  context: string;
  decision: string;
  consequences?: string;
  options?: string[];
}) {
  const frontMatter = stringify({
    status: adr.status,
    date: adr.date,
    'decision-makers': adr.decisionMakers.join(', '),
  });
  const options = adr.options?.length
    ? adr.options.map(option => `* ${option}`).join('\n')
    : '* No alternatives were recorded.';
  return [
    `---\n${frontMatter}---`,
    `# ${adr.title}`,
    '## Context and Problem Statement',
    adr.context,
    '## Considered Options',
    options,
    '## Decision Outcome',
    adr.decision,
    '### Consequences',
    adr.consequences ?? 'None recorded yet.',
  ]
    .join('\n\n')
    .concat('\n');
}

/**
 * `golden-path:adr:create`: writes the next Architecture Decision Record, in
 * MADR 4 form, into the workspace.
 * @public
 */
export function createAdrCreateAction() {
  return createTemplateAction({
    id: 'golden-path:adr:create',
    description:
      'Writes an Architecture Decision Record (MADR 4) into the workspace as NNNN-<slug>.md, numbered after the highest existing one.',
    // Writes only into the workspace, which a dry run returns.
    supportsDryRun: true,
    examples: [
      {
        description: 'Record the database choice',
        example: [
          'steps:',
          '  - id: adr',
          '    action: golden-path:adr:create',
          '    input:',
          '      title: Use PostgreSQL for orders',
          '      decisionMakers: [group:default/team-checkout]',
          '      context: Orders need transactions and reporting queries.',
          '      options: [PostgreSQL, MongoDB]',
          '      decision: PostgreSQL, the platform default.',
          '      consequences: The team runs migrations with knex.',
        ].join('\n'),
      },
    ],
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      const input = parseActionInput(inputSchema, ctx.input);
      const date = checkDate(input.date);
      const slug = slugifyTitle(input.title);
      if (!slug) {
        throw new InputError(
          `title '${input.title}' has no letters or digits to name the file after.`,
        );
      }
      const dir = resolveWorkspacePath(
        ctx.workspacePath,
        input.directory,
        'directory',
      );
      const existing = await fs.readdir(dir).catch(err => {
        if (err.code === 'ENOENT') return [] as string[];
        throw new InputError(
          `directory '${input.directory}' is not a folder in the workspace.`,
        );
      });
      const highest = Math.max(
        0,
        ...existing.map(name => Number(ADR_FILE.exec(name)?.[1] ?? 0)),
      );
      const number = highest + 1;
      if (number > 9999) {
        throw new ConflictError(
          `directory '${input.directory}' already holds ADR 9999; there is no next 4-digit number.`,
        );
      }
      const fileName = `${String(number).padStart(4, '0')}-${slug}.md`;
      const file = path.join(dir, fileName);
      const relative = path
        .relative(ctx.workspacePath, file)
        .split(path.sep)
        .join('/');
      const content = renderAdr({ ...input, date });

      await fs.mkdir(dir, { recursive: true });
      // A link swapped in since the check above must not lead outside.
      if (!isChildPath(ctx.workspacePath, dir)) {
        throw new InputError(
          `directory '${input.directory}' leads outside the workspace (through a symlink); give a folder inside it.`,
        );
      }
      try {
        // 'wx': never follow or replace an existing file or link.
        await fs.writeFile(file, content, { flag: 'wx' });
      } catch (err) {
        throw new ConflictError(
          `The ADR file ${relative} could not be created: ${
            (err as Error).message
          }.`,
        );
      }
      // Not the file name: the task page's log viewer turns `name.md`
      // (.md is a top-level domain) into a broken http:// link.
      ctx.logger.info(
        `Wrote ADR ${number}, "${input.title}", in ${path.posix.dirname(
          relative,
        )}`,
      );
      ctx.output('path', relative);
      ctx.output('number', number);
    },
  });
}
