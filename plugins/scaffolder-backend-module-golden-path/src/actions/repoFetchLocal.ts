import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { z as zod } from 'zod/v3';
import { LocalPublishRoot, lstatOrUndefined } from '../LocalPublishRoot';
import { findEntityOfInput } from './findEntityOfInput';
import { localRepoOf } from './localRepos';
import { parseActionInput } from './parseActionInput';
import { resolveWorkspacePath } from './resolveWorkspacePath';

const inputSchema = (z: typeof zod) =>
  z.object({
    entityRef: z
      .string()
      .min(1)
      .max(500)
      .describe(
        'The entity whose local repository to read, e.g. component:default/orders',
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    repoPath: z.string().describe('The absolute path of the local repository'),
    adrDirectory: z
      .string()
      .describe('The ADR folder, relative to the repository and the workspace'),
    adrCount: z.number().describe('How many ADR files were copied'),
  });

/**
 * `golden-path:repo:fetch-local`: copies the ADR folder of an entity's local
 * repository (published by golden-path:publish:local) into the workspace, so
 * golden-path:adr:create numbers the new record after the existing ones.
 * Only regular Markdown files are copied; symlinks are refused.
 */
export function createRepoFetchLocalAction(options: {
  catalog: CatalogService;
  publishRoot: LocalPublishRoot;
}) {
  const { catalog, publishRoot } = options;
  return createTemplateAction({
    id: 'golden-path:repo:fetch-local',
    description:
      "Copies the ADR folder of an entity's local repository into the workspace",
    supportsDryRun: true,
    examples: [
      {
        description: 'Read the ADRs of the entity chosen in the form',
        example: `steps:
  - id: fetch
    action: golden-path:repo:fetch-local
    input:
      entityRef: \${{ parameters.entity }}`,
      },
    ],
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      const input = parseActionInput(inputSchema, ctx.input);
      const entity = await findEntityOfInput({
        catalog,
        entityRef: input.entityRef,
        credentials: await ctx.getInitiatorCredentials(),
      });
      const { repoPath, adrDirectory } = await localRepoOf(entity, publishRoot);
      const source = resolveWorkspacePath(
        repoPath,
        adrDirectory,
        'adrDirectory',
        'the repository',
      );
      const target = resolveWorkspacePath(
        ctx.workspacePath,
        adrDirectory,
        'adrDirectory',
      );
      await fs.mkdir(target, { recursive: true });
      let adrCount = 0;
      const stat = await lstatOrUndefined(source);
      if (stat?.isDirectory()) {
        for (const name of (await fs.readdir(source)).sort()) {
          if (!name.endsWith('.md')) continue;
          const file = path.join(source, name);
          const entry = await fs.lstat(file);
          if (entry.isSymbolicLink()) {
            throw new InputError(
              `${path.join(
                adrDirectory,
                name,
              )} in ${repoPath} is a symlink; ADR files must be regular files.`,
            );
          }
          if (!entry.isFile()) continue;
          await fs.copyFile(file, path.join(target, name));
          adrCount += 1;
        }
      } else if (stat) {
        throw new InputError(`${adrDirectory} in ${repoPath} is not a folder.`);
      }
      ctx.logger.info(
        `Read ${adrCount} ADR(s) from ${path.join(repoPath, adrDirectory)}`,
      );
      ctx.output('repoPath', repoPath);
      ctx.output('adrDirectory', adrDirectory);
      ctx.output('adrCount', adrCount);
    },
  });
}
