import { InputError } from '@backstage/errors';
import { TierTable } from '@golden-path/plugin-golden-path-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import type { z as zod } from 'zod/v3';
import { parseActionInput } from './parseActionInput';
import { resolveWorkspacePath } from './resolveWorkspacePath';
import { checkCatalogInfo } from './validateCatalogInfo';

/** Larger files are not catalog files. */
const MAX_CATALOG_FILE_BYTES = 1024 * 1024;

const inputSchema = (z: typeof zod) =>
  z.object({
    filePath: z
      .string()
      .max(1000)
      .default('catalog-info.yaml')
      .describe(
        'The catalog file to check, relative to the workspace (default catalog-info.yaml)',
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    entityRefs: z
      .array(z.string())
      .describe('The refs of the entities the file declares'),
  });

/**
 * `golden-path:catalog:validate`: checks a catalog file in the workspace as
 * the catalog will, plus the Golden Path metadata rules.
 * @public
 */
export function createCatalogValidateAction(options: { tiers: TierTable }) {
  return createTemplateAction({
    id: 'golden-path:catalog:validate',
    description:
      'Checks a catalog-info.yaml in the workspace as the catalog will (YAML, entity schema, built-in kinds) and with the Golden Path rules (tier, on-call and runbook required); fails listing every error.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Check the rendered catalog-info.yaml before publishing',
        example: [
          'steps:',
          '  - id: validate',
          '    action: golden-path:catalog:validate',
          '    input:',
          '      filePath: catalog-info.yaml',
        ].join('\n'),
      },
    ],
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      const { filePath } = parseActionInput(inputSchema, ctx.input);
      const file = resolveWorkspacePath(
        ctx.workspacePath,
        filePath,
        'filePath',
      );
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat?.isFile()) {
        throw new InputError(
          `filePath '${filePath}' is not a file in the workspace.`,
        );
      }
      if (stat.size > MAX_CATALOG_FILE_BYTES) {
        throw new InputError(
          `filePath '${filePath}' is ${stat.size} bytes; a catalog file may have at most ${MAX_CATALOG_FILE_BYTES}.`,
        );
      }
      const text = await fs.readFile(file, 'utf8');
      const report = await checkCatalogInfo(text, options);
      for (const warning of report.warnings) {
        ctx.logger.warn(`${filePath}: ${warning}`);
      }
      if (report.errors.length > 0) {
        throw new InputError(
          `${filePath} is not a valid catalog file (${
            report.errors.length
          } error${
            report.errors.length === 1 ? '' : 's'
          }): ${report.errors.join('; ')}.`,
        );
      }
      ctx.logger.info(`${filePath} is valid: ${report.entityRefs.join(', ')}`);
      ctx.output('entityRefs', report.entityRefs);
    },
  });
}
