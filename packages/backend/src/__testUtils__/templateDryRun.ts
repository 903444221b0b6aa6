import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGoldenPath from '@golden-path/plugin-scaffolder-backend-module-golden-path';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';

/** The node-service template, as the scaffolder's tests render it. */
export const templateDir = path.resolve(
  __dirname,
  '../../../../templates/node-service',
);

export const template = parse(
  fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
);

/** template.yaml and the skeleton files git would publish, as the editor sends them. */
export function directoryContents() {
  return execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '.'],
    { cwd: templateDir, encoding: 'utf8' },
  )
    .split('\0')
    .filter(Boolean)
    .filter(file => fs.existsSync(path.join(templateDir, file)))
    .map(file => ({
      path: file,
      base64Content: fs
        .readFileSync(path.join(templateDir, file))
        .toString('base64'),
    }));
}

/**
 * Starts a test backend with the scaffolder, the Golden Path scaffolder
 * module and a catalog holding `entities` (in `beforeAll`, stopped in
 * `afterAll`); `dryRun(values)` posts the template to the scaffolder's
 * dry-run API (what the Template Editor uses).
 */
export function useTemplateDryRun(entities: object[]) {
  const publishRoot = createMockDirectory();
  let server: any;
  let stop: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleGoldenPath,
        catalogServiceMock.factory({ entities: entities as any }),
        mockServices.rootConfig.factory({
          data: {
            goldenPath: { scaffolder: { localPublishRoot: publishRoot.path } },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  }, 60_000);
  afterAll(() => stop());

  return {
    /** The portal's local publish root: a dry run must leave it empty. */
    publishRoot,
    dryRun: (values: Record<string, unknown>) =>
      request(server)
        .post('/api/scaffolder/v2/dry-run')
        .set('authorization', mockCredentials.user.header())
        .send({ template, values, directoryContents: directoryContents() }),
  };
}
