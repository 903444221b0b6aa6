import { PermissionsService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { adrRecordCreatePermission } from '@golden-path/plugin-adr-common';
import { requirePermission } from '@golden-path/plugin-golden-path-node';
import git from 'isomorphic-git';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { z as zod } from 'zod/v3';
import { LocalPublishRoot, lstatOrUndefined } from '../LocalPublishRoot';
import { findEntityOfInput } from './findEntityOfInput';
import { localRepoOf } from './localRepos';
import { parseActionInput } from './parseActionInput';
import { resolveWorkspacePath } from './resolveWorkspacePath';

const DEFAULT_AUTHOR = {
  name: 'Golden Path Scaffolder',
  email: 'scaffolder@golden-path.invalid',
};

const inputSchema = (z: typeof zod) =>
  z.object({
    entityRef: z
      .string()
      .min(1)
      .max(500)
      .describe(
        "The entity the files are for, e.g. component:default/orders: the task's initiator needs the adr.record.create permission on it, and repoPath must be its local repository",
      ),
    repoPath: z
      .string()
      .min(1)
      .max(1000)
      .describe(
        'A repository folder directly under the local publish root (golden-path:repo:fetch-local gives it)',
      ),
    paths: z
      .array(z.string().min(1).max(1000))
      .min(1)
      .max(100)
      .describe(
        'Files of the workspace to add, at the same relative paths in the repository; none may exist there yet',
      ),
    commitMessage: z.string().min(1).max(2000).describe('The commit message'),
    gitAuthorName: z.string().max(200).optional(),
    gitAuthorEmail: z.string().max(200).optional(),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    commitHash: z.string().describe('The new commit (dry-run in a dry run)'),
  });

/**
 * `golden-path:repo:commit-local`: adds new files from the workspace (an
 * ADR) to an entity's local repository as one commit. The task's initiator
 * needs `adr.record.create` on the entity (a catalog-entity permission, so
 * a policy gives it to the owners), checked before anything else. Never
 * overwrites a file; every path is checked before anything is written, and
 * a failed commit removes the files it added, so nothing is half-written.
 */
export function createRepoCommitLocalAction(options: {
  catalog: CatalogService;
  permissions: PermissionsService;
  publishRoot: LocalPublishRoot;
}) {
  const { catalog, permissions, publishRoot } = options;
  return createTemplateAction({
    id: 'golden-path:repo:commit-local',
    description: 'Commits new files from the workspace into a local repository',
    supportsDryRun: true,
    examples: [
      {
        description: 'Commit the ADR written by golden-path:adr:create',
        example: `steps:
  - id: commit
    action: golden-path:repo:commit-local
    input:
      entityRef: \${{ parameters.entity }}
      repoPath: \${{ steps.fetch.output.repoPath }}
      paths: ['\${{ steps.adr.output.path }}']
      commitMessage: Add an ADR`,
      },
    ],
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      const input = parseActionInput(inputSchema, ctx.input);
      // Who asked, before anything else: the initiator, not the scaffolder.
      const credentials = await ctx.getInitiatorCredentials();
      const entity = await findEntityOfInput({
        catalog,
        entityRef: input.entityRef,
        credentials,
      });
      const entityRef = stringifyEntityRef(entity);
      const name = entity.metadata.title ?? entity.metadata.name;
      await requirePermission({
        permissions,
        permission: adrRecordCreatePermission,
        resourceRef: entityRef,
        credentials,
        what: `add an ADR to ${name} (${entityRef}): that takes the ${adrRecordCreatePermission.name} permission on it, which the portal gives its owners`,
      });
      const repoPath = path.resolve(input.repoPath);
      if (
        !path.isAbsolute(input.repoPath) ||
        !publishRoot.contains(repoPath) ||
        publishRoot.repoPath(path.basename(repoPath), 'repoPath') !== repoPath
      ) {
        throw new InputError(
          `repoPath '${input.repoPath}' is not a repository folder directly under the local publish root ${publishRoot.path}.`,
        );
      }
      if (
        !(await lstatOrUndefined(path.join(repoPath, '.git')))?.isDirectory()
      ) {
        throw new InputError(
          `repoPath '${input.repoPath}' is not a git repository.`,
        );
      }
      // The permission is for this entity: only its own repository.
      const own = await localRepoOf(entity, publishRoot);
      if (own.repoPath !== repoPath) {
        throw new InputError(
          `repoPath '${input.repoPath}' is not the repository of ${entityRef} (${own.repoPath}).`,
        );
      }
      const author = {
        name: input.gitAuthorName || DEFAULT_AUTHOR.name,
        email: input.gitAuthorEmail || DEFAULT_AUTHOR.email,
      };
      // Every check first: nothing is written unless all files can be.
      const plan: Array<{ relative: string; from: string; to: string }> = [];
      for (const relative of input.paths) {
        const from = resolveWorkspacePath(ctx.workspacePath, relative, 'paths');
        const fromStat = await lstatOrUndefined(from);
        if (!fromStat?.isFile()) {
          throw new InputError(
            `paths: '${relative}' is not a regular file in the workspace.`,
          );
        }
        const to = resolveWorkspacePath(
          repoPath,
          relative,
          'paths',
          'the repository',
        );
        // Any .git segment, not only the top one: docs/.git/config would be
        // a nested repository's config once checked out (case-insensitive
        // file systems included).
        if (
          path
            .relative(repoPath, to)
            .split(path.sep)
            .some(segment => segment.toLowerCase() === '.git')
        ) {
          throw new InputError(
            `paths: '${relative}' has a .git folder in it; git's own files are never committed.`,
          );
        }
        if (await lstatOrUndefined(to)) {
          throw new ConflictError(
            `paths: '${relative}' already exists in ${repoPath}; it is never overwritten.`,
          );
        }
        plan.push({
          relative: path.relative(repoPath, to).split(path.sep).join('/'),
          from,
          to,
        });
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would commit ${plan
            .map(p => p.relative)
            .join(', ')} to ${repoPath}`,
        );
        ctx.output('commitHash', 'dry-run');
        return;
      }
      const written: string[] = [];
      try {
        for (const file of plan) {
          await fs.mkdir(path.dirname(file.to), { recursive: true });
          await fs.copyFile(file.from, file.to, fs.constants.COPYFILE_EXCL);
          written.push(file.to);
          await git.add({ fs: fsSync, dir: repoPath, filepath: file.relative });
        }
        const commitHash = await git.commit({
          fs: fsSync,
          dir: repoPath,
          message: input.commitMessage,
          author,
        });
        ctx.logger.info(
          `Committed ${plan.length} file(s) to ${repoPath} as ${commitHash}`,
        );
        ctx.output('commitHash', commitHash);
      } catch (err) {
        for (const file of plan) {
          await git
            .remove({ fs: fsSync, dir: repoPath, filepath: file.relative })
            .catch(() => {});
        }
        await Promise.all(written.map(f => fs.rm(f, { force: true })));
        throw new Error(
          `Committing to ${repoPath} failed and the files were removed again: ${
            (err as Error).message
          }`,
        );
      }
    },
  });
}
