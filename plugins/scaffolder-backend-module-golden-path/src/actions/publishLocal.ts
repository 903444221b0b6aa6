import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import git from 'isomorphic-git';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z as zod } from 'zod/v3';
import { LocalPublishRoot, lstatOrUndefined } from '../LocalPublishRoot';
import { copyPlannedTree, planTreeCopy } from './planTreeCopy';
import { blankToUndefined, parseActionInput } from './parseActionInput';
import { resolveWorkspacePath } from './resolveWorkspacePath';

/** A git branch name without the constructs git refuses. */
const BRANCH_NAME = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\u0000-\u001f\u007f<>]/;
const EMAIL = /^[^\s<>@]+@[^\s<>@]+$/;

const DEFAULT_AUTHOR = {
  name: 'Golden Path Scaffolder',
  email: 'scaffolder@golden-path.invalid',
};

const inputSchema = (z: typeof zod) =>
  z.object({
    repoName: z
      .string()
      .max(200)
      .describe(
        'The repository folder name under the local publish root (one plain folder name); must not exist yet',
      ),
    sourcePath: z
      .string()
      .max(1000)
      .optional()
      .describe('The sub-folder of the workspace to publish (default: all)'),
    defaultBranch: z
      .string()
      .max(200)
      .default('main')
      .describe('The branch of the initial commit (default main)'),
    gitAuthorName: z
      .string()
      .max(200)
      .optional()
      .describe('Author name of the initial commit'),
    gitAuthorEmail: z
      .string()
      .max(200)
      .optional()
      .describe('Author email of the initial commit'),
    commitMessage: z
      .string()
      .max(2000)
      .optional()
      .describe('Message of the initial commit (default: Initial commit)'),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    repoPath: z.string().describe('The absolute path of the new repository'),
    remoteUrl: z.string().describe('The repository as a file:// URL'),
    repoContentsUrl: z
      .string()
      .describe('The repository contents as a file:// URL'),
    commitHash: z
      .string()
      .describe('The initial commit (dry-run in a dry run)'),
  });

function checkBranch(branch: string) {
  if (
    !BRANCH_NAME.test(branch) ||
    branch.includes('..') ||
    branch.includes('//') ||
    branch.endsWith('/') ||
    branch.endsWith('.') ||
    branch.endsWith('.lock') ||
    branch.includes('/.')
  ) {
    throw new InputError(
      `defaultBranch '${branch}' is not a valid git branch name.`,
    );
  }
}

function checkAuthor(name: string, email: string) {
  if (name.trim() === '' || UNSAFE_TEXT.test(name)) {
    throw new InputError(
      `gitAuthorName '${name}' must be one line without '<' or '>'.`,
    );
  }
  if (!EMAIL.test(email)) {
    throw new InputError(`gitAuthorEmail '${email}' is not an email address.`);
  }
}

/**
 * `golden-path:publish:local`: publishes the workspace as a new git
 * repository with one commit under the local publish root.
 * @public
 */
export function createPublishLocalAction(options: {
  publishRoot: LocalPublishRoot;
}) {
  const { publishRoot } = options;
  return createTemplateAction({
    id: 'golden-path:publish:local',
    description:
      'Publishes the workspace (or a sub-folder) as a new git repository with one initial commit in <goldenPath.scaffolder.localPublishRoot>/<repoName>; never overwrites, never copies links that lead outside, leaves nothing behind on failure.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Publish the rendered service',
        example: [
          'steps:',
          '  - id: publish',
          '    action: golden-path:publish:local',
          '    input:',
          '      repoName: orders',
          '      commitMessage: Create orders from the Golden Path template',
        ].join('\n'),
      },
    ],
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      const input = parseActionInput(inputSchema, ctx.input);
      const repoPath = publishRoot.repoPath(input.repoName);
      checkBranch(input.defaultBranch);
      const profile = ctx.user?.entity?.spec?.profile;
      const author = {
        name:
          blankToUndefined(input.gitAuthorName) ??
          profile?.displayName ??
          DEFAULT_AUTHOR.name,
        email:
          blankToUndefined(input.gitAuthorEmail) ??
          profile?.email ??
          DEFAULT_AUTHOR.email,
      };
      checkAuthor(author.name, author.email);
      const message =
        blankToUndefined(input.commitMessage)?.trim() ?? 'Initial commit';

      const sourcePath = blankToUndefined(input.sourcePath);
      const source = sourcePath
        ? resolveWorkspacePath(ctx.workspacePath, sourcePath, 'sourcePath')
        : ctx.workspacePath;
      if (!(await fs.stat(source).catch(() => undefined))?.isDirectory()) {
        throw new InputError(
          `sourcePath '${sourcePath ?? '.'}' is not a folder in the workspace.`,
        );
      }
      if (await lstatOrUndefined(repoPath)) {
        throw new ConflictError(
          `repoName '${input.repoName}': the portal already has a repository of that name; it is never overwritten.`,
        );
      }
      await publishRoot.checkWritable({ create: !ctx.isDryRun });
      const entries = await planTreeCopy(
        source,
        'sourcePath',
        sourcePath ?? '.',
      );

      const url = pathToFileURL(repoPath).href;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would publish ${entries.length} files and folders as the repository ${input.repoName}`,
        );
        ctx.output('repoPath', repoPath);
        ctx.output('remoteUrl', url);
        ctx.output('repoContentsUrl', url);
        ctx.output('commitHash', 'dry-run');
        return;
      }

      // Built beside the target, then renamed into place in one step.
      const staging = await fs.mkdtemp(
        path.join(publishRoot.path, `.publishing-${input.repoName}-`),
      );
      let commitHash: string;
      try {
        await copyPlannedTree(source, staging, entries);
        await git.init({
          fs: fsSync,
          dir: staging,
          defaultBranch: input.defaultBranch,
        });
        await git.add({ fs: fsSync, dir: staging, filepath: '.' });
        commitHash = await git.commit({
          fs: fsSync,
          dir: staging,
          message,
          author,
        });
        if (await lstatOrUndefined(repoPath)) {
          throw new ConflictError(
            `repoName '${input.repoName}': a repository of that name appeared while publishing; it is never overwritten.`,
          );
        }
        await fs.rename(staging, repoPath);
      } catch (err) {
        await fs.rm(staging, { recursive: true, force: true });
        if (err instanceof InputError || err instanceof ConflictError) {
          throw err;
        }
        throw new Error(
          `Publishing repoName '${
            input.repoName
          }' to ${repoPath} failed and nothing was kept: ${
            (err as Error).message
          }`,
        );
      }

      // The repository's name, not its server path: the task page shows it.
      ctx.logger.info(
        `Published the repository ${input.repoName} on branch ${input.defaultBranch} at ${commitHash}`,
      );
      ctx.output('repoPath', repoPath);
      ctx.output('remoteUrl', url);
      ctx.output('repoContentsUrl', url);
      ctx.output('commitHash', commitHash);
    },
  });
}
