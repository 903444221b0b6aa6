import { createMockDirectory } from '@backstage/backend-test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const repoRoot = path.resolve(__dirname, '../../..');
const script = path.join(repoRoot, 'examples/generate-org/generate-org.js');
const catalogInfo = path.join(repoRoot, 'catalog-info');
const exampleRepos = path.join(repoRoot, 'examples/repos');

/** Every file below `dir`, as sorted relative paths. */
function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

function readEntities(dir: string) {
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map(
        doc => doc.toJS(),
      ),
    );
}

describe('the example organisation', () => {
  const out = createMockDirectory();

  it('is exactly what examples/generate-org writes, example repositories included', () => {
    const catalogOut = path.join(out.path, 'catalog-info');
    const reposOut = path.join(out.path, 'repos');
    execFileSync(process.execPath, [
      script,
      '--example',
      '--out',
      catalogOut,
      '--repos',
      reposOut,
    ]);
    const generated = fs.readdirSync(catalogOut).sort();
    expect(fs.readdirSync(catalogInfo).sort()).toEqual(generated);
    for (const file of generated) {
      expect(fs.readFileSync(path.join(catalogInfo, file), 'utf8')).toBe(
        fs.readFileSync(path.join(catalogOut, file), 'utf8'),
      );
    }
    const repoFiles = listFiles(reposOut);
    expect(listFiles(exampleRepos)).toEqual(repoFiles);
    for (const file of repoFiles) {
      expect(fs.readFileSync(path.join(exampleRepos, file), 'utf8')).toBe(
        fs.readFileSync(path.join(reposOut, file), 'utf8'),
      );
    }
  });

  it('has the size and shape the catalog issue asks for', () => {
    const entities = readEntities(catalogInfo);
    const count = (kind: string) =>
      entities.filter(e => e.kind === kind).length;
    expect(count('Component')).toBeGreaterThanOrEqual(60);
    expect(count('System')).toBeGreaterThanOrEqual(10);
    expect(count('Domain')).toBeGreaterThanOrEqual(5);
    expect(count('Group')).toBeGreaterThanOrEqual(10);
    expect(count('User')).toBeGreaterThanOrEqual(20);
    expect(count('API')).toBeGreaterThanOrEqual(15);
    expect(count('Resource')).toBeGreaterThan(0);

    // Every reference points at an entity that exists.
    const refs = new Set(
      entities.map(e => `${e.kind}:${e.metadata.name}`.toLowerCase()),
    );
    const missing: string[] = [];
    for (const e of entities) {
      const spec = e.spec ?? {};
      const targets = [
        spec.owner,
        spec.system && `system:${spec.system}`,
        spec.domain && `domain:${spec.domain}`,
        spec.parent && `group:${spec.parent}`,
        ...(spec.dependsOn ?? []),
        ...(spec.providesApis ?? []).map((a: string) => `api:${a}`),
        ...(spec.consumesApis ?? []).map((a: string) => `api:${a}`),
        ...(spec.memberOf ?? []).map((g: string) => `group:${g}`),
        ...(spec.members ?? []).map((u: string) => `user:${u}`),
      ].filter(Boolean);
      for (const target of targets) {
        if (!refs.has(target.toLowerCase())) {
          missing.push(`${e.metadata.name} -> ${target}`);
        }
      }
    }
    expect(missing).toEqual([]);

    // API definitions are OpenAPI 3 or AsyncAPI 2 documents.
    const isValidDefinition = (api: any) => {
      const definition = parse(api.spec.definition);
      if (api.spec.type === 'openapi') {
        return (
          /^3\./.test(definition.openapi) &&
          Object.keys(definition.paths ?? {}).length > 0
        );
      }
      return (
        api.spec.type === 'asyncapi' &&
        /^2\./.test(definition.asyncapi) &&
        Object.keys(definition.channels ?? {}).length > 0
      );
    };
    const badApis = entities
      .filter(e => e.kind === 'API' && !isValidDefinition(e))
      .map(e => e.metadata.name);
    expect(badApis).toEqual([]);

    // About a fifth of the components miss some Golden Path metadata.
    const incomplete = entities.filter(
      e =>
        e.kind === 'Component' &&
        ['tier', 'on-call', 'runbook'].some(
          a => !e.metadata.annotations?.[`golden-path.io/${a}`],
        ),
    ).length;
    expect(incomplete / count('Component')).toBeGreaterThan(0.15);
    expect(incomplete / count('Component')).toBeLessThan(0.25);
  });

  it('writes acronyms in titles in capitals', () => {
    const titleOf = (name: string) =>
      readEntities(catalogInfo).find(e => e.metadata.name === name)?.metadata
        .title;
    expect(titleOf('ci-runner')).toBe('CI runner');
    expect(titleOf('mfa-service')).toBe('MFA service');
    expect(titleOf('slo-evaluator')).toBe('SLO evaluator');
    expect(titleOf('sms-sender')).toBe('SMS sender');
  });

  it('names each group the same way in its title and its display name', () => {
    // Backstage's entity presentation prefers spec.profile.displayName, the
    // Golden Path pages metadata.title: both must read "Checkout team".
    const groups = readEntities(catalogInfo).filter(e => e.kind === 'Group');
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      expect(group.spec.profile?.displayName).toBe(group.metadata.title);
    }
  });

  it('generates a synthetic organisation of N services', () => {
    const dir = createMockDirectory();
    execFileSync(process.execPath, [
      script,
      '--services',
      '250',
      '--out',
      dir.path,
    ]);
    const entities = readEntities(dir.path);
    expect(entities.filter(e => e.kind === 'Component')).toHaveLength(250);
  });

  it('refuses bad arguments with a message', () => {
    expect(() =>
      execFileSync(process.execPath, [script, '--services', 'many'], {
        stdio: 'pipe',
      }),
    ).toThrow(/--services needs a positive whole number/);
  });
});
