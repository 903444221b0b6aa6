import {
  CompoundEntityRef,
  Entity,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { LocalPublishRoot, lstatOrUndefined } from '../LocalPublishRoot';
import { blankToUndefined, parseActionInput } from './parseActionInput';

/** The config key of the npm registry that serves `@golden-path/*`. */
export const NPM_REGISTRY_KEY = 'goldenPath.scaffolder.npmRegistry';

/** The registry scripts/start.sh runs, when the config names none. */
export const DEFAULT_NPM_REGISTRY = 'http://127.0.0.1:4873/';

/**
 * Reads `goldenPath.scaffolder.npmRegistry`: an http(s) URL, written into
 * every new service's .npmrc, so it must not carry credentials. Returned
 * with one trailing slash, as npm writes registries.
 */
export function readNpmRegistry(config: Config): string {
  const value =
    config.getOptionalString(NPM_REGISTRY_KEY) ?? DEFAULT_NPM_REGISTRY;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error(
      `Invalid config ${NPM_REGISTRY_KEY}: '${value}' is not an http(s) URL of an npm registry`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(
      `Invalid config ${NPM_REGISTRY_KEY}: the registry URL must not contain credentials, a query or a fragment (it is written into every new service's .npmrc); give npm its token another way`,
    );
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** The config key naming the Prometheus data source of new services' SLOs. */
export const SLO_PROMETHEUS_KEY =
  'goldenPath.scaffolder.sloPrometheusDataSource';

/** The OpenSLO DataSource of new services when no Prometheus is named. */
export const INGESTION_DATA_SOURCE = {
  name: 'golden-path-ingestion',
  type: 'GoldenPathIngestion',
} as const;

const DATA_SOURCE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The OpenSLO DataSource a new service's SLIs name: the Prometheus data
 * source of the SLO backend named by `goldenPath.scaffolder.sloPrometheusDataSource`
 * (it must be configured under `goldenPath.slo.prometheus`), else the SLO
 * backend's ingestion API, so a new service never names a source the portal
 * cannot read.
 */
export function readSloDataSource(config: Config): {
  name: string;
  type: string;
} {
  const name = config.getOptionalString(SLO_PROMETHEUS_KEY);
  if (name === undefined || name.trim() === '') return INGESTION_DATA_SOURCE;
  if (!DATA_SOURCE_NAME.test(name)) {
    throw new Error(
      `Invalid config ${SLO_PROMETHEUS_KEY}: '${name}' is not a data source name (lower-case letters, digits and '-', at most 63 characters)`,
    );
  }
  const configured = config.getOptionalConfig('goldenPath.slo.prometheus');
  if (!configured?.keys().includes(name)) {
    throw new Error(
      `Invalid config ${SLO_PROMETHEUS_KEY}: '${name}' is not a Prometheus data source of goldenPath.slo.prometheus (${
        configured?.keys().join(', ') || 'none is configured'
      })`,
    );
  }
  return { name, type: 'Prometheus' };
}

/** Control characters (line breaks included); any other text is fine. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** `order-history` -> `Order history`. */
export function titleFromName(name: string): string {
  const words = name.split('-').filter(Boolean).join(' ');
  return words.charAt(0).toLocaleUpperCase('en-US') + words.slice(1);
}

/** A lower-case DNS label of 3 to 40 characters. */
const SERVICE_NAME = /^[a-z0-9]([a-z0-9-]{1,38})[a-z0-9]$/;

const inputSchema = (z: typeof zod) =>
  z.object({
    name: z
      .string()
      .max(200)
      .describe(
        'The service name: a lower-case DNS label of 3-40 characters (a-z, 0-9, -), unique among the catalog’s Components in the default namespace',
      ),
    title: z
      .string()
      .max(200)
      .optional()
      .describe(
        'How people see the service in the portal (default: the name in words, order-history -> Order history); one line, at most 100 characters',
      ),
    description: z
      .string()
      .max(2000)
      .optional()
      .describe(
        'The description, checked for control characters (any other text is fine)',
      ),
    owner: z
      .string()
      .max(300)
      .describe(
        'The owning Group as an entity ref (group:default/team-a, team-a); must exist in the catalog',
      ),
    system: z
      .string()
      .max(300)
      .optional()
      .describe(
        'The System the service belongs to (system:default/commerce, commerce); must exist if given',
      ),
    repoName: z
      .string()
      .max(200)
      .optional()
      .describe(
        'The folder name under the local publish root (default: the service name); must not exist yet',
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    entityRef: z
      .string()
      .describe(
        'The ref the new Component will have, component:default/<name>',
      ),
    ownerRef: z.string().describe('The owner, as a full entity ref'),
    systemRef: z
      .string()
      .optional()
      .describe('The system, as a full entity ref, when given'),
    repoName: z.string().describe('The repository folder name'),
    repoPath: z
      .string()
      .describe('The absolute path the repository will be published to'),
    npmRegistry: z
      .string()
      .describe(
        'The npm registry of @golden-path/* packages (goldenPath.scaffolder.npmRegistry), for the new service’s .npmrc',
      ),
    title: z
      .string()
      .describe('The display title: the given one, or the name in words'),
    today: z.string().describe('The creation date (UTC), YYYY-MM-DD, for ADRs'),
    sloDataSource: z
      .string()
      .describe(
        'The OpenSLO DataSource name for the new service’s SLIs (a Prometheus data source of goldenPath.slo.prometheus, or golden-path-ingestion)',
      ),
    sloDataSourceType: z
      .string()
      .describe('Its type: Prometheus or GoldenPathIngestion'),
  });

/**
 * Parses `value` as an entity ref of `kind` (the default kind when the ref
 * has none), refusing other kinds and malformed refs.
 */
function parseRefOfKind(value: string, kind: string, field: string) {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value, {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `${field} '${value}' is not an entity reference like ${kind}:default/name.`,
    );
  }
  if (
    !KubernetesValidatorFunctions.isValidObjectName(ref.name) ||
    !KubernetesValidatorFunctions.isValidNamespace(ref.namespace)
  ) {
    throw new InputError(
      `${field} '${value}' is not an entity reference like ${kind}:default/name.`,
    );
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== kind) {
    throw new InputError(
      `${field} '${value}' must refer to a ${kind}, not a ${ref.kind}.`,
    );
  }
  return stringifyEntityRef(ref);
}

/** The owner of an existing entity, as a full ref when it parses. */
function ownerOf(entity: Entity) {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string') return 'no owner';
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return owner;
  }
}

/**
 * The dry-run secret that marks a render of an existing service (its
 * entity ref), sent by the golden-path upgrade.
 */
export const RENDER_FOR_SECRET = 'goldenPathRenderFor';

/**
 * The dry-run secret with the service's creation date (YYYY-MM-DD) in such
 * a render: `today` is that date, so files dated on creation (the ADRs)
 * render as they did then.
 */
export const RENDER_DATE_SECRET = 'goldenPathRenderDate';

/**
 * `golden-path:service:preflight`: checks a new service's name, owner,
 * system and publish target before any step has side effects, and gives the
 * npm registry from config. A bad registry URL throws here, at start-up.
 * @public
 */
export function createPreflightAction(options: {
  catalog: CatalogService;
  publishRoot: LocalPublishRoot;
  config: Config;
}) {
  const { catalog, publishRoot } = options;
  const npmRegistry = readNpmRegistry(options.config);
  const sloDataSource = readSloDataSource(options.config);
  return createTemplateAction({
    id: 'golden-path:service:preflight',
    description:
      'Checks, before anything is written, that a new service name is free in the catalog, its owner and system exist, and its local publish target is free and writable; outputs the npm registry of @golden-path/* packages.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Check a new service before rendering it',
        example: [
          'steps:',
          '  - id: preflight',
          '    action: golden-path:service:preflight',
          '    input:',
          '      name: orders',
          '      owner: group:default/team-checkout',
          '      system: system:default/commerce',
        ].join('\n'),
      },
    ],
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      const input = parseActionInput(inputSchema, ctx.input);
      const { name } = input;
      if (!SERVICE_NAME.test(name) || name.includes('--')) {
        throw new InputError(
          `name '${name}' is not a lower-case DNS label of 3-40 characters (a-z, 0-9 and single '-', starting and ending with a letter or digit).`,
        );
      }
      const title =
        blankToUndefined(input.title)?.trim() ?? titleFromName(name);
      if (title.length > 100 || CONTROL_CHARACTERS.test(title)) {
        throw new InputError(
          `title '${title.slice(
            0,
            100,
          )}' must be one line of at most 100 characters.`,
        );
      }
      if (input.description !== undefined && input.description.trim() === '') {
        throw new InputError(
          'description is empty; write one sentence on what the service does.',
        );
      }
      if (
        input.description !== undefined &&
        CONTROL_CHARACTERS.test(input.description)
      ) {
        throw new InputError(
          'description contains a line break or another control character; write it as one line of text.',
        );
      }
      const repoName = blankToUndefined(input.repoName) ?? name;
      const repoPath = publishRoot.repoPath(repoName);
      const ownerRef = parseRefOfKind(input.owner, 'group', 'owner');
      const systemInput = blankToUndefined(input.system);
      const systemRef =
        systemInput === undefined
          ? undefined
          : parseRefOfKind(systemInput, 'system', 'system');
      const entityRef = `component:default/${name}`;

      // Rendering an existing service again (a golden-path upgrade renders
      // the old and the new template version in dry runs): the service, its
      // repository and its owner exist or not as they may; nothing is
      // created, so the checks of a new service do not apply.
      const rendering =
        ctx.isDryRun === true && ctx.secrets?.[RENDER_FOR_SECRET] === entityRef;
      if (rendering) {
        ctx.logger.info(
          `Rendering ${entityRef} again for an upgrade: the checks of a new service are skipped`,
        );
      } else {
        const credentials = await ctx.getInitiatorCredentials();
        const [existing, owner, system] = await Promise.all([
          catalog.getEntityByRef(entityRef, { credentials }),
          catalog.getEntityByRef(ownerRef, { credentials }),
          systemRef
            ? catalog.getEntityByRef(systemRef, { credentials })
            : undefined,
        ]);
        if (existing) {
          throw new ConflictError(
            `A component named '${name}' already exists in the catalog (owned by ${ownerOf(
              existing,
            )}); choose another name.`,
          );
        }
        if (!owner) {
          throw new NotFoundError(
            `owner '${input.owner}' (${ownerRef}) is not in the catalog; choose an existing group.`,
          );
        }
        if (systemRef && !system) {
          throw new NotFoundError(
            `system '${systemInput}' (${systemRef}) is not in the catalog; choose an existing system or leave it empty.`,
          );
        }
        if (await lstatOrUndefined(repoPath)) {
          throw new ConflictError(
            `repoName '${repoName}': the portal already has a repository of that name; choose another name.`,
          );
        }
        await publishRoot.checkWritable({ create: !ctx.isDryRun });
      }

      // No server path in the log: the task page shows it to the user.
      ctx.logger.info(
        `Preflight passed for ${entityRef}, owned by ${ownerRef}; it will be published as the repository ${repoName}`,
      );
      ctx.output('entityRef', entityRef);
      ctx.output('ownerRef', ownerRef);
      if (systemRef) ctx.output('systemRef', systemRef);
      ctx.output('repoName', repoName);
      ctx.output('repoPath', repoPath);
      ctx.output('npmRegistry', npmRegistry);
      ctx.output('title', title);
      const renderDate = rendering
        ? ctx.secrets?.[RENDER_DATE_SECRET]
        : undefined;
      ctx.output(
        'today',
        renderDate && /^\d{4}-\d\d-\d\d$/.test(renderDate)
          ? renderDate
          : new Date().toISOString().slice(0, 10),
      );
      ctx.output('sloDataSource', sloDataSource.name);
      ctx.output('sloDataSourceType', sloDataSource.type);
    },
  });
}
