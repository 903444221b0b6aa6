import type { AuthService } from '@backstage/backend-plugin-api';
import {
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { z as zod } from 'zod/v3';
import { LocalPublishRoot } from '../LocalPublishRoot';
import { blankToUndefined, parseActionInput } from './parseActionInput';
import { resolveWorkspacePath } from './resolveWorkspacePath';

const inputSchema = (z: typeof zod) =>
  z.object({
    repoPath: z
      .string()
      .max(1000)
      .optional()
      .describe(
        'The absolute path of a repository folder directly under the local publish root (the output of golden-path:publish:local); or give repoName',
      ),
    repoName: z
      .string()
      .max(200)
      .optional()
      .describe(
        'The repository folder name under the local publish root (as given to golden-path:publish:local), instead of repoPath: no server path in the task log',
      ),
    catalogInfoPath: z
      .string()
      .max(1000)
      .default('catalog-info.yaml')
      .describe('The catalog file, relative to the repository'),
    removeRepoOnFailure: z
      .boolean()
      .default(true)
      .describe('Delete the repository folder when registration fails'),
    waitForEntityRef: z
      .string()
      .max(300)
      .optional()
      .describe(
        'The entity to wait for, e.g. component:default/orders (default: the first entity of the catalog file)',
      ),
    timeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(600)
      .default(30)
      .describe('How long to wait for the entity to appear (default 30)'),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    entityRef: z.string().describe('The registered entity'),
    catalogInfoUrl: z.string().describe('The catalog file as a file:// URL'),
    locationId: z
      .string()
      .describe('The id of the catalog location (dry-run in a dry run)'),
  });

function parseFullRef(value: string, field: string) {
  try {
    const ref = parseEntityRef(value, { defaultNamespace: 'default' });
    if (
      /^[A-Za-z][A-Za-z0-9]{0,62}$/.test(ref.kind) &&
      KubernetesValidatorFunctions.isValidNamespace(ref.namespace) &&
      KubernetesValidatorFunctions.isValidObjectName(ref.name)
    ) {
      return stringifyEntityRef(ref);
    }
  } catch {
    // Reported below, with the field named.
  }
  throw new InputError(
    `${field} '${value}' is not an entity reference like component:default/orders.`,
  );
}

/** The ref of the first entity of a catalog file. */
async function firstEntityRef(file: string, field: string, value: string) {
  const text = await fs.readFile(file, 'utf8');
  const data = parseAllDocuments(text, { merge: false });
  const first = Array.isArray(data) ? data[0] : undefined;
  const entity = first && first.errors.length === 0 ? first.toJS() : undefined;
  const { kind, metadata } = entity ?? {};
  if (typeof kind !== 'string' || typeof metadata?.name !== 'string') {
    throw new InputError(
      `${field} '${value}' does not start with an entity; give waitForEntityRef.`,
    );
  }
  return parseFullRef(
    `${kind}:${metadata.namespace ?? 'default'}/${metadata.name}`,
    field,
  );
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * `golden-path:catalog:register-local`: registers the catalog file of a
 * locally published repository as a `file` location and waits for its
 * entity; undoes the registration (and the repository) on failure.
 * @public
 */
export function createRegisterLocalAction(options: {
  catalog: CatalogService;
  /**
   * The module's own credentials register and remove the location: running
   * a template that uses this action is the permission (the catalog module
   * only accepts file locations under the publish root), so creating a
   * service does not need `catalog.location.create`, which the policy keeps
   * for the platform team.
   */
  auth: AuthService;
  publishRoot: LocalPublishRoot;
  /** Poll interval, shorter in tests. */
  pollIntervalMs?: number;
}) {
  const { catalog, auth, publishRoot, pollIntervalMs = 1000 } = options;
  return createTemplateAction({
    id: 'golden-path:catalog:register-local',
    description:
      'Registers the catalog-info.yaml of a repository published by golden-path:publish:local as a file location and waits until its entity is in the catalog; on failure removes the location and (by default) the repository.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Register the published service',
        example: [
          'steps:',
          '  - id: register',
          '    action: golden-path:catalog:register-local',
          '    input:',
          "      repoPath: ${{ steps['publish'].output.repoPath }}",
          '      waitForEntityRef: component:default/orders',
        ].join('\n'),
      },
    ],
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      const parsed = parseActionInput(inputSchema, ctx.input);
      const repoName = blankToUndefined(parsed.repoName);
      const givenPath = blankToUndefined(parsed.repoPath);
      if ((repoName === undefined) === (givenPath === undefined)) {
        throw new InputError('Give one of repoPath and repoName.');
      }
      const input = {
        ...parsed,
        repoPath: givenPath ?? publishRoot.repoPath(repoName!, 'repoName'),
      };
      const repoPath = path.normalize(input.repoPath);
      if (!path.isAbsolute(repoPath)) {
        throw new InputError(
          `repoPath '${input.repoPath}' must be an absolute path.`,
        );
      }
      // Only a repository folder directly under the root: it may be deleted.
      const expected = publishRoot.repoPath(
        path.basename(repoPath),
        'repoPath',
      );
      if (expected !== repoPath || !publishRoot.contains(repoPath)) {
        throw new NotAllowedError(
          `repoPath '${input.repoPath}' is not a repository folder directly under the local publish root ${publishRoot.path}.`,
        );
      }
      const catalogInfo = resolveWorkspacePath(
        repoPath,
        input.catalogInfoPath,
        'catalogInfoPath',
        'the repository',
      );
      const catalogInfoUrl = pathToFileURL(catalogInfo).href;
      const waitFor = blankToUndefined(input.waitForEntityRef);

      // A dry run's publish step writes nothing, so there is no folder to
      // look at: the checks above (path shape, inside the root) are all.
      if (ctx.isDryRun) {
        const fileThere = (
          await fs.lstat(catalogInfo).catch(() => undefined)
        )?.isFile();
        let entityRef = 'unknown (dry run: nothing was published)';
        if (waitFor) entityRef = parseFullRef(waitFor, 'waitForEntityRef');
        else if (fileThere)
          entityRef = await firstEntityRef(
            catalogInfo,
            'catalogInfoPath',
            input.catalogInfoPath,
          );
        ctx.logger.info(
          `Dry run: would register ${
            input.catalogInfoPath
          } of the repository ${path.basename(
            repoPath,
          )} and wait for ${entityRef}`,
        );
        ctx.output('entityRef', entityRef);
        ctx.output('catalogInfoUrl', catalogInfoUrl);
        ctx.output('locationId', 'dry-run');
        return;
      }

      const repoStat = await fs.lstat(repoPath).catch(() => undefined);
      if (!repoStat?.isDirectory()) {
        throw new InputError(`repoPath '${input.repoPath}' is not a folder.`);
      }
      if (!(await fs.lstat(catalogInfo).catch(() => undefined))?.isFile()) {
        throw new InputError(
          `catalogInfoPath '${input.catalogInfoPath}' is not a file in the repository.`,
        );
      }
      const entityRef = waitFor
        ? parseFullRef(waitFor, 'waitForEntityRef')
        : await firstEntityRef(
            catalogInfo,
            'catalogInfoPath',
            input.catalogInfoPath,
          );

      const credentials = await ctx.getInitiatorCredentials();
      const ownCredentials = await auth.getOwnServiceCredentials();
      let locationId: string | undefined;
      const undo = async (reason: string): Promise<never> => {
        const undone: string[] = [];
        if (locationId) {
          await catalog
            .removeLocationById(locationId, { credentials: ownCredentials })
            .then(() => undone.push('the location was removed'))
            .catch(err =>
              ctx.logger.error(
                `Could not remove location ${locationId}: ${err}`,
              ),
            );
        }
        if (input.removeRepoOnFailure) {
          await fs.rm(repoPath, { recursive: true, force: true });
          undone.push(`${repoPath} was deleted`);
        }
        throw new Error(
          `${reason}${undone.length ? `; ${undone.join(' and ')}` : ''}.`,
        );
      };

      try {
        const added = await catalog.addLocation(
          { type: 'file', target: catalogInfo },
          { credentials: ownCredentials },
        );
        locationId = added.location.id;
      } catch (err) {
        await undo(
          `The catalog refused to register ${catalogInfoUrl} (${
            (err as Error).message
          })`,
        );
      }
      ctx.logger.info(
        `Registered ${input.catalogInfoPath} of the repository ${path.basename(
          repoPath,
        )} as location ${locationId}; waiting for ${entityRef}`,
      );

      const deadline = Date.now() + input.timeoutSeconds * 1000;
      for (;;) {
        const entity = await catalog
          .getEntityByRef(entityRef, { credentials })
          .catch(() => undefined);
        if (entity) break;
        if (ctx.signal?.aborted) {
          await undo(`Registering ${entityRef} was cancelled`);
        }
        if (Date.now() >= deadline) {
          await undo(
            `${entityRef} did not appear in the catalog within ${input.timeoutSeconds} seconds of registering ${catalogInfoUrl} (check waitForEntityRef and the catalog's processing errors)`,
          );
        }
        await sleep(pollIntervalMs, ctx.signal);
      }

      ctx.logger.info(`${entityRef} is in the catalog`);
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoUrl', catalogInfoUrl);
      ctx.output('locationId', locationId!);
    },
  });
}
