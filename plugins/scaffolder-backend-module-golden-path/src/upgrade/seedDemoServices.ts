import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { isSemver } from '@golden-path/plugin-golden-path-common';
import {
  LocalPublishRoot,
  TemplateHistory,
} from '@golden-path/plugin-golden-path-node';
import fs from 'node:fs';
import path from 'node:path';
import { createServiceRepository } from './createServiceRepository';
import { TemplateRenderer } from './renderTemplate';

/** The config key of the demo services. */
export const DEMO_SERVICES_KEY = 'goldenPath.demo.olderServices';

/** A service the demo creates from an older template version. */
export type DemoService = {
  name: string;
  version: string;
  answers: Record<string, unknown>;
};

/**
 * Reads `goldenPath.demo.olderServices`: each `{ name, version, ...answers }`
 * (the other keys are the form's answers: description, owner, system, tier,
 * database, broker).
 * @throws Error naming the key and what is wrong
 */
export function readDemoServices(config: Config): DemoService[] {
  const list = config.getOptionalConfigArray(DEMO_SERVICES_KEY) ?? [];
  return list.map((item, index) => {
    const where = `${DEMO_SERVICES_KEY}[${index}]`;
    const answers = item.get() as Record<string, unknown>;
    const { name, version } = answers;
    if (
      typeof name !== 'string' ||
      !/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/.test(name)
    ) {
      throw new Error(
        `Invalid config ${where}.name: '${String(name)}' is not a service name`,
      );
    }
    if (!isSemver(version)) {
      throw new Error(
        `Invalid config ${where}.version: '${String(
          version,
        )}' is not a template version`,
      );
    }
    const { version: _v, ...rest } = answers;
    return { name, version, answers: rest };
  });
}

/**
 * Creates the demo's services from older versions of the node-service
 * template, so the Golden path page shows a spread out of the box: each one
 * rendered from its version (dated by that version's changelog entry),
 * published under the local publish root and registered in the catalog.
 * A service whose repository exists is left as it is (registered again if
 * the catalog lost it). Runs as a scheduler task until all exist.
 */
export async function seedDemoServices(options: {
  services: DemoService[];
  catalog: CatalogService;
  auth: AuthService;
  renderer: TemplateRenderer;
  publishRoot: LocalPublishRoot;
  logger: LoggerService;
  templateRef?: string;
}): Promise<{ created: string[]; registered: string[] }> {
  const { catalog, auth, publishRoot, logger } = options;
  const templateRef = options.templateRef ?? 'template:default/node-service';
  const credentials = await auth.getOwnServiceCredentials();
  const created: string[] = [];
  const registered: string[] = [];
  const missing = [];
  for (const service of options.services) {
    if (
      !(await catalog.getEntityByRef(`component:default/${service.name}`, {
        credentials,
      }))
    ) {
      missing.push(service);
    }
  }
  if (!missing.length) return { created, registered };
  const template = await catalog.getEntityByRef(templateRef, { credentials });
  if (!template) {
    logger.info(`Demo services wait for ${templateRef} to be in the catalog`);
    return { created, registered };
  }
  const history = await TemplateHistory.fromEntity(template);
  for (const service of missing) {
    const dir = publishRoot.repoPath(service.name);
    const existed = fs.existsSync(dir);
    try {
      if (!existed) {
        const date = history
          .versions()
          .find(v => v.version === service.version)?.date;
        await createServiceRepository({
          renderer: options.renderer,
          history,
          version: service.version,
          answers: { name: service.name, ...service.answers },
          entityRef: `component:default/${service.name}`,
          dir,
          author: {
            name: 'Golden Path demo',
            email: 'demo@golden-path.invalid',
          },
          createdAt: date ? new Date(`${date}T09:00:00Z`) : undefined,
        });
      }
      await catalog
        .addLocation(
          { type: 'file', target: path.join(dir, 'catalog-info.yaml') },
          { credentials },
        )
        .catch(error => {
          // Registered already, the entity not processed yet (the catalog
          // client answers a ResponseError with status 409).
          const e = error as Error & { response?: { status?: number } };
          if (e.name !== 'ConflictError' && e.response?.status !== 409) {
            throw error;
          }
        });
      if (!existed) created.push(service.name);
      registered.push(service.name);
    } catch (error) {
      logger.error(
        `Could not create the demo service ${
          service.name
        } from ${templateRef} ${service.version}: ${(error as Error).message}`,
      );
      // Nothing half-made is left: the next run starts again.
      if (!existed) fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (created.length || registered.length) {
    logger.info(
      `Demo services from older template versions: created ${
        created.join(', ') || 'none'
      }; registered ${registered.join(', ')}`,
    );
  }
  return { created, registered };
}
