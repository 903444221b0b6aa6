import { parseEntityRef } from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { ServiceUpgrader, UpgradeResult } from '../upgrade/ServiceUpgrader';
import { blankToUndefined, parseActionInput } from './parseActionInput';

const DEFAULT_AUTHOR = {
  name: 'Golden Path Scaffolder',
  email: 'scaffolder@golden-path.invalid',
};

const inputSchema = (z: typeof zod) =>
  z.object({
    entityRef: z
      .string()
      .max(300)
      .describe('The service to upgrade, e.g. component:default/orders'),
    version: z
      .string()
      .max(100)
      .optional()
      .describe(
        "The template version to upgrade to (default: the template's current version)",
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    branch: z.string().describe('The new branch with the upgrade'),
    commit: z
      .string()
      .optional()
      .describe('The upgrade commit (none in a dry run)'),
    fromVersion: z.string(),
    toVersion: z.string(),
    repository: z.string().describe('The repository folder name'),
    branchUrl: z
      .string()
      .describe("The branch in the service's Repository tab (a portal path)"),
    summary: z.string().describe('What happened to which files, as Markdown'),
    conflicts: z.number().describe('How many files have conflicts'),
  });

const list = (title: string, items: string[]) =>
  items.length
    ? `**${title}** (${items.length}):\n\n${items
        .map(i => `- \`${i}\``)
        .join('\n')}\n`
    : '';

/**
 * The result page's text: the files by what happened to them.
 * @public
 */
export function upgradeSummary(result: Omit<UpgradeResult, 'commit'>): string {
  const clean = [
    ...result.updated.map(p => `${p} (updated)`),
    ...result.merged.map(p => `${p} (merged with the service's changes)`),
    ...result.added.map(p => `${p} (added)`),
    ...result.removed.map(p => `${p} (removed)`),
  ].sort();
  const parts = [
    `From ${result.fromVersion} to ${result.toVersion} of \`${result.templateRef}\`, on the branch \`${result.branch}\`; the default branch is unchanged.\n`,
    list('Updated cleanly', clean) || '**Updated cleanly**: none.\n',
    result.conflicts.length
      ? `**With conflicts** (${
          result.conflicts.length
        }), to resolve on the branch:\n\n${result.conflicts
          .map(c => `- \`${c.path}\`: ${c.reason}`)
          .join('\n')}\n`
      : '**With conflicts**: none.\n',
    list(
      'Deleted by the service (the template changed them; not applied)',
      result.deletedByService,
    ),
    list(
      'Renamed by the service (the change was applied to the new name)',
      result.renamedByService.map(r => `${r.from} → ${r.to}`),
    ),
  ];
  return parts.filter(Boolean).join('\n');
}

/**
 * `golden-path:service:upgrade`: upgrades a service created from a
 * golden-path template to a newer version of it, on a new branch of its
 * local repository (ServiceUpgrader).
 * @public
 */
export function createUpgradeAction(options: { upgrader: ServiceUpgrader }) {
  return createTemplateAction({
    id: 'golden-path:service:upgrade',
    description:
      'Upgrades a service to a newer version of the template it came from: renders both versions with its recorded answers (.golden-path/answers.yaml), merges the difference three ways into its default branch and commits it on a new branch golden-path/upgrade-v<version>. Needs the goldenpath.upgrade.create permission on the service.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Upgrade a service to the current version of its template',
        example: [
          'steps:',
          '  - id: upgrade',
          '    action: golden-path:service:upgrade',
          '    input:',
          '      entityRef: component:default/orders',
        ].join('\n'),
      },
    ],
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      const input = parseActionInput(inputSchema, ctx.input);
      const profile = ctx.user?.entity?.spec?.profile;
      const result = await options.upgrader.upgrade({
        entityRef: input.entityRef,
        version: blankToUndefined(input.version),
        credentials: await ctx.getInitiatorCredentials(),
        author: {
          name: profile?.displayName ?? DEFAULT_AUTHOR.name,
          email: profile?.email ?? DEFAULT_AUTHOR.email,
        },
        dryRun: ctx.isDryRun,
      });
      ctx.logger.info(
        `${ctx.isDryRun ? 'Would upgrade' : 'Upgraded'} ${
          result.entityRef
        } from ${result.fromVersion} to ${result.toVersion} on branch ${
          result.branch
        }: ${result.conflicts.length} file(s) with conflicts`,
      );
      ctx.output('branch', result.branch);
      if (result.commit) ctx.output('commit', result.commit);
      ctx.output('fromVersion', result.fromVersion);
      ctx.output('toVersion', result.toVersion);
      ctx.output('repository', result.repository);
      const { kind, namespace, name } = parseEntityRef(result.entityRef);
      ctx.output(
        'branchUrl',
        `/catalog/${namespace}/${kind}/${name}/repository?branch=${encodeURIComponent(
          result.branch,
        )}`,
      );
      ctx.output('summary', upgradeSummary(result));
      ctx.output('conflicts', result.conflicts.length);
    },
  });
}
