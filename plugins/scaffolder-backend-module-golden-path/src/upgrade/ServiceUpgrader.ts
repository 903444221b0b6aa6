import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  goldenPathUpgradeCreatePermission,
  isSemver,
} from '@golden-path/plugin-golden-path-common';
import {
  LocalPublishRoot,
  TemplateHistory,
} from '@golden-path/plugin-golden-path-node';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { parse } from 'yaml';
import { PROVENANCE_FILE, provenanceFileText } from '../actions/provenance';
import {
  commitOnNewBranch,
  readCommitFiles,
  uncommittedChanges,
} from './localGit';
import { FileState, MergePlan, planMerge } from './planMerge';
import { TemplateRenderer } from './renderTemplate';

/**
 * A service's provenance record (.golden-path/answers.yaml).
 * @public
 */
export type ProvenanceRecord = {
  apiVersion: 'golden-path.io/v1';
  kind: 'TemplateProvenance';
  template: string;
  version: string;
  commit?: string;
  createdAt?: string;
  upgradedAt?: string;
  answers: Record<string, unknown>;
  [key: string]: unknown;
};

/**
 * What an upgrade did (or, in a dry run, would do).
 * @public
 */
export type UpgradeResult = Omit<MergePlan, 'changes'> & {
  entityRef: string;
  repository: string;
  templateRef: string;
  fromVersion: string;
  toVersion: string;
  branch: string;
  /** The new commit; undefined in a dry run. */
  commit?: string;
  /** Files the commit changes, the provenance record included. */
  changedFiles: number;
};

/**
 * The branch an upgrade to `version` is committed on.
 * @public
 */
export const upgradeBranch = (version: string) =>
  `golden-path/upgrade-v${version}`;

/**
 * Parses and checks a provenance record; the message names the file.
 * @throws InputError
 * @public
 */
export function parseProvenance(
  text: string,
  where = PROVENANCE_FILE,
): ProvenanceRecord {
  let record: any;
  try {
    record = parse(text);
  } catch (error) {
    throw new InputError(
      `${where} is not valid YAML (${
        (error as Error).message.split('\n')[0]
      }); restore it from the repository's history.`,
    );
  }
  const problems: string[] = [];
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new InputError(
      `${where} is not a provenance record (a YAML map with template, version and answers).`,
    );
  }
  if (record.kind !== 'TemplateProvenance')
    problems.push("kind is not 'TemplateProvenance'");
  if (
    typeof record.template !== 'string' ||
    !/^template:[^/]+\/.+$/.test(record.template)
  ) {
    problems.push(
      "template is not a template ref like 'template:default/node-service'",
    );
  }
  if (!isSemver(record.version))
    problems.push(`version '${String(record.version)}' is not a semver`);
  if (
    typeof record.answers !== 'object' ||
    record.answers === null ||
    Array.isArray(record.answers)
  ) {
    problems.push("answers is not a map of the form's answers");
  }
  if (problems.length)
    throw new InputError(`${where}: ${problems.join('; ')}.`);
  return record as ProvenanceRecord;
}

/**
 * Upgrades a service created from a golden-path template to another version
 * of it: renders the version it is on and the target version with its
 * recorded answers (the scaffolder's dry run), merges what changed between
 * the two into the service's default branch three ways, and commits the
 * result on a new branch `golden-path/upgrade-v<version>` of its local
 * repository. The default branch and the working tree are never touched;
 * nothing is written when any check or rendering fails.
 * @public
 */
export class ServiceUpgrader {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      permissions: PermissionsService;
      publishRoot: LocalPublishRoot;
      renderer: TemplateRenderer;
      logger?: LoggerService;
    },
  ) {}

  async upgrade(request: {
    entityRef: string;
    /** The version to upgrade to; the template's current one by default. */
    version?: string;
    credentials: BackstageCredentials;
    author: { name: string; email: string };
    dryRun?: boolean;
  }): Promise<UpgradeResult> {
    const { catalog, permissions, publishRoot, renderer } = this.options;
    const { credentials } = request;
    const entity = await catalog.getEntityByRef(request.entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `The catalog has no entity ${request.entityRef}.`,
      );
    }
    const entityRef = stringifyEntityRef(entity);
    const name = entity.metadata.title ?? entity.metadata.name;
    const [decision] = await permissions.authorize(
      [
        {
          permission: goldenPathUpgradeCreatePermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not upgrade ${name}: upgrading a service takes the ${goldenPathUpgradeCreatePermission.name} permission, which the portal gives its owners.`,
      );
    }

    const repository = publishRoot.repositoryOfEntity(entity);
    if (!repository) {
      throw new InputError(
        `${name} does not live in a repository the portal's templates created, so the portal cannot upgrade it.`,
      );
    }
    const dir = publishRoot.repoPath(repository);
    const gitdir = path.join(dir, '.git');
    if (!fs.existsSync(gitdir)) {
      throw new NotFoundError(
        `The repository of ${name} is not in the portal's repository folder.`,
      );
    }
    const defaultBranch = await git.currentBranch({
      fs,
      gitdir,
      fullname: false,
    });
    if (!defaultBranch) {
      throw new ConflictError(
        `The repository of ${name} has no checked-out branch.`,
      );
    }
    const head = await git
      .resolveRef({ fs, gitdir, ref: `refs/heads/${defaultBranch}` })
      .catch(() => {
        throw new ConflictError(
          `The repository of ${name} has no commits on ${defaultBranch}.`,
        );
      });

    const ours = await readCommitFiles(gitdir, head);
    const recordFile = ours.get(PROVENANCE_FILE);
    if (!recordFile) {
      throw new InputError(
        `${name} has no ${PROVENANCE_FILE} on ${defaultBranch}, so the portal does not know which template version it came from or the answers it was created with.`,
      );
    }
    const record = parseProvenance(recordFile.content.toString('utf8'));

    const template = await catalog.getEntityByRef(record.template, {
      credentials,
    });
    if (!template) {
      throw new NotFoundError(
        `${name} came from ${record.template}, which the catalog no longer has.`,
      );
    }
    const history = await TemplateHistory.fromEntity(template);
    const toVersion = request.version ?? history.currentVersion;
    if (!history.has(toVersion)) {
      throw new NotFoundError(
        `${record.template} has no version ${toVersion}; it has ${history
          .versions()
          .map(v => v.version)
          .join(', ')}.`,
      );
    }
    if (!history.has(record.version)) {
      throw new NotFoundError(
        `${name} is on ${record.template} ${record.version}, a version the template does not list in its versions.yaml, so the portal cannot render it to find what changed.`,
      );
    }
    if (record.version === toVersion) {
      throw new ConflictError(
        `${name} is already on ${record.template} ${toVersion}.`,
      );
    }
    if (semver.lt(toVersion, record.version)) {
      throw new InputError(
        `${name} is on ${record.version}; upgrading to the older ${toVersion} is not supported.`,
      );
    }
    const branch = upgradeBranch(toVersion);
    if (
      await git.resolveRef({ fs, gitdir, ref: `refs/heads/${branch}` }).then(
        () => true,
        () => false,
      )
    ) {
      throw new ConflictError(
        `The repository of ${name} already has a branch ${branch}: merge or delete it, then upgrade again.`,
      );
    }
    const dirty = await uncommittedChanges(dir);
    if (dirty.length) {
      throw new ConflictError(
        `The repository of ${name} has uncommitted changes (${dirty
          .slice(0, 5)
          .join(', ')}${
          dirty.length > 5 ? ` and ${dirty.length - 5} more` : ''
        }): commit or discard them, then upgrade again.`,
      );
    }

    const render = async (version: string) =>
      renderer.render({
        files: await history.files(version),
        answers: record.answers,
        entityRef,
        templateRef: record.template,
        createdOn:
          typeof record.createdAt === 'string' &&
          /^\d{4}-\d\d-\d\d/.test(record.createdAt)
            ? record.createdAt.slice(0, 10)
            : undefined,
        label: `${record.template} ${version}`,
      });
    const [base, theirs] = await Promise.all([
      render(record.version),
      render(toVersion),
    ]);

    const plan = planMerge({
      base,
      theirs,
      ours,
      oursLabel: `${name} (${defaultBranch})`,
      theirsLabel: `${record.template} ${toVersion}`,
      skip: new Set([PROVENANCE_FILE]),
    });
    const updatedRecord: ProvenanceRecord = {
      ...record,
      version: toVersion,
      upgradedAt: new Date().toISOString(),
    };
    const templateCommit = history
      .versions()
      .find(v => v.version === toVersion)?.commit;
    if (templateCommit) updatedRecord.commit = templateCommit;
    else delete updatedRecord.commit;
    const changes = new Map<string, FileState | null>(plan.changes);
    changes.set(PROVENANCE_FILE, {
      content: Buffer.from(provenanceFileText(updatedRecord)),
      executable: false,
    });

    const { changes: _changes, ...report } = plan;
    const result: UpgradeResult = {
      ...report,
      entityRef,
      repository,
      templateRef: record.template,
      fromVersion: record.version,
      toVersion,
      branch,
      changedFiles: changes.size,
    };
    if (request.dryRun) return result;
    result.commit = await commitOnNewBranch({
      gitdir,
      parent: head,
      branch,
      changes,
      author: request.author,
      message: `Upgrade to ${record.template} ${toVersion} (from ${
        record.version
      })\n\n${describeCounts(result)}`,
    });
    this.options.logger?.info(
      `Upgraded ${entityRef} from ${
        record.version
      } to ${toVersion} on branch ${branch} of repository ${repository}: ${describeCounts(
        result,
      )}`,
    );
    return result;
  }
}

/**
 * "3 updated, 1 merged, 2 added, 0 removed, 1 conflict, ..."
 * @public
 */
export function describeCounts(result: Omit<UpgradeResult, 'commit'>): string {
  const parts = [
    `${result.updated.length} updated`,
    `${result.merged.length} merged`,
    `${result.added.length} added`,
    `${result.removed.length} removed`,
    `${result.conflicts.length} with conflicts`,
  ];
  if (result.deletedByService.length)
    parts.push(`${result.deletedByService.length} deleted by the service`);
  if (result.renamedByService.length)
    parts.push(`${result.renamedByService.length} renamed by the service`);
  return parts.join(', ');
}
