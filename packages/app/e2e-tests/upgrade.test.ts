import { APIRequestContext, expect, test } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { guestHeaders, repoRoot, screenshot, signInAsGuest } from './helpers';
import { atEachViewport, expectPageQuality, watchConsole } from './quality';

/**
 * Upgrading a service from its Golden path card, end to end: a service
 * created from the node-service template's 2.0.0 (rendered by the
 * scaffolder's dry run from that version's files in git history, published
 * and registered as golden-path:publish:local and register-local would) is
 * upgraded to the current version through the card's button, the
 * upgrade-service form and task; the branch has the merged service, whose
 * own tests pass, and the default branch is unchanged.
 */

const publishRoot = path.join(repoRoot, '.data', 'e2e-repos');
const templateDir = 'templates/node-service';
const OLD = '2.0.0';

const git = (args: string[], cwd = repoRoot) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });

/** The template folder at a version, as dry-run directoryContents. */
function filesAt(version: string) {
  const versions = parse(
    fs.readFileSync(path.join(repoRoot, templateDir, 'versions.yaml'), 'utf8'),
  ).versions;
  const commit = versions[version];
  const paths = git(['ls-tree', '-r', '--name-only', commit, templateDir])
    .split('\n')
    .filter(Boolean);
  return paths.map(file => ({
    path: file.slice(templateDir.length + 1),
    base64Content: execFileSync('git', ['show', `${commit}:${file}`], {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
    }).toString('base64'),
  }));
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...(process.env.CI === '1' ? { CI: 'true' } : {}) },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${
        result.stdout
      }${result.stderr}`.slice(-4000),
    );
  }
}

/** Creates `name` as node-service 2.0.0 created it; its location's id. */
async function createOldService(
  request: APIRequestContext,
  headers: Record<string, string>,
  name: string,
) {
  const contents = filesAt(OLD);
  const template = parse(
    Buffer.from(
      contents.find(f => f.path === 'template.yaml')!.base64Content,
      'base64',
    ).toString('utf8'),
  );
  // The rendering steps only: no validation, publishing or registration.
  template.spec.steps = template.spec.steps.filter((step: { action: string }) =>
    [
      'golden-path:service:preflight',
      'fetch:template',
      'golden-path:adr:create',
    ].includes(step.action),
  );
  template.spec.output = {};
  const answers = {
    name,
    description: 'Keeps the history of every order',
    owner: 'group:default/team-checkout',
    system: 'system:default/orders',
    tier: 'important',
    database: 'postgres',
    broker: 'nats',
  };
  const res = await request.post('/api/scaffolder/v2/dry-run', {
    headers,
    data: { template, values: answers, directoryContents: contents },
  });
  expect(res.status(), await res.text()).toBe(200);
  const repo = path.join(publishRoot, name);
  for (const file of (await res.json()).directoryContents) {
    const target = path.join(repo, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, Buffer.from(file.base64Content, 'base64'), {
      mode: file.executable ? 0o755 : 0o644,
    });
  }
  fs.mkdirSync(path.join(repo, '.golden-path'), { recursive: true });
  fs.writeFileSync(
    path.join(repo, '.golden-path', 'answers.yaml'),
    stringify({
      apiVersion: 'golden-path.io/v1',
      kind: 'TemplateProvenance',
      template: 'template:default/node-service',
      version: OLD,
      createdAt: '2026-12-03T09:00:00.000Z',
      answers,
    }),
  );
  git(['init', '--quiet', '--initial-branch=main'], repo);
  git(['add', '--all'], repo);
  git(
    [
      '-c',
      'user.name=E2E',
      '-c',
      'user.email=e2e@example.com',
      'commit',
      '--quiet',
      '-m',
      `Create ${name} from node-service ${OLD}`,
    ],
    repo,
  );
  const location = await request.post('/api/catalog/locations', {
    headers,
    data: { type: 'file', target: path.join(repo, 'catalog-info.yaml') },
  });
  expect(location.status(), await location.text()).toBe(201);
  return { repo, locationId: (await location.json()).location.id as string };
}

test('upgrades a service from its Golden path card; the branch installs and passes its tests', async ({
  page,
}) => {
  test.setTimeout(15 * 60_000);
  await signInAsGuest(page);
  const headers = await guestHeaders(page.request);
  const name = `e2e-old-${Date.now().toString(36)}`;
  const { repo, locationId } = await createOldService(
    page.request,
    headers,
    name,
  );
  const branch = 'golden-path/upgrade-v2.1.0';
  try {
    const mainBefore = git(['rev-parse', 'main'], repo).trim();
    await test.step('the card says how far behind the service is', async () => {
      await expect(async () => {
        const res = await page.request.get(
          `/api/golden-path/drift/entities/component/default/${name}`,
          { headers },
        );
        expect(res.status()).toBe(200);
        expect((await res.json()).service).toMatchObject({
          version: OLD,
          status: 'behind',
          upgradeable: true,
        });
      }).toPass({ timeout: 120_000, intervals: [2_000] });
      const consoleErrors = watchConsole(page);
      await page.goto(`/catalog/default/component/${name}`);
      const card = page
        .locator('.MuiCard-root')
        .filter({ hasText: 'Golden path' })
        .last();
      await expect(card.getByText(OLD, { exact: false }).first()).toBeVisible();
      await atEachViewport(page, async viewport => {
        await expectPageQuality(page, consoleErrors);
        await screenshot(page, `upgrade-card-${viewport.name}`);
      });
      await card.getByRole('link', { name: /Upgrade to v2\.1\.0/ }).click();
    });

    await test.step('the upgrade form is filled in; the task shows what changed', async () => {
      await expect(page).toHaveURL(
        /\/create\/templates\/default\/upgrade-service/,
      );
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByRole('button', { name: 'Create' }).click();
      await expect(page).toHaveURL(/\/create\/tasks\/[^/]+$/);
      await expect(page.getByText('What changed')).toBeVisible({
        timeout: 120_000,
      });
      await expect(page.getByText(/Updated cleanly/)).toBeVisible();
      await expect(page.getByText(/With conflicts/)).toBeVisible();
      await screenshot(page, 'upgrade-done');
      await page.getByRole('link', { name: 'Open the upgrade branch' }).click();
      await expect(page).toHaveURL(
        /\/repository\?branch=golden-path%2Fupgrade-v2\.1\.0/,
      );
      await expect(
        page.getByRole('combobox', { name: 'Branch' }),
      ).toContainText(branch);
      await screenshot(page, 'upgrade-branch');
    });

    await test.step('the branch has the upgrade; the default branch is unchanged', async () => {
      expect(git(['rev-parse', 'main'], repo).trim()).toBe(mainBefore);
      expect(git(['status', '--porcelain'], repo)).toBe('');
      const record = parse(
        git(['show', `${branch}:.golden-path/answers.yaml`], repo),
      );
      expect(record).toMatchObject({
        version: '2.1.0',
        createdAt: '2026-12-03T09:00:00.000Z',
      });
      expect(git(['show', `${branch}:catalog-info.yaml`], repo)).toContain(
        'golden-path.io/template-version: "2.1.0"',
      );
    });

    await test.step('the upgraded service installs and passes its own tests', async () => {
      const checkout = fs.mkdtempSync(
        path.join(repoRoot, '.data', 'e2e-upgrade-'),
      );
      try {
        git(['clone', '--quiet', '--branch', branch, repo, checkout]);
        execFileSync(
          process.execPath,
          [
            path.join(repoRoot, 'scripts/test-node-service-template.js'),
            '--ensure-test-database',
          ],
          { stdio: 'inherit' },
        );
        run(
          'npm',
          ['ci', '--no-audit', '--no-fund', '--prefer-offline'],
          checkout,
        );
        run('npm', ['test'], checkout);
      } finally {
        fs.rmSync(checkout, { recursive: true, force: true });
      }
    });
  } finally {
    // The other tests count components: the service's location goes.
    await page.request.delete(`/api/catalog/locations/${locationId}`, {
      headers,
    });
  }
});
