import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  declaredComponents,
  guestHeaders,
  repoRoot,
  screenshot,
  signInAsGuest,
} from './helpers';
import { atEachViewport, expectPageQuality, watchConsole } from './quality';

/**
 * Creating a service from the node-service template, through the portal's
 * form, end to end: the task publishes a git repository under the e2e publish
 * root (app-config.e2e.yaml) and registers it in the catalog; then the
 * generated project's own tests run in that repository, and a second task
 * with the same name is refused at preflight.
 */

const TEMPLATE_TITLE = 'Golden Path Node.js service';
const publishRoot = path.join(repoRoot, '.data', 'e2e-repos');
const templateDir = path.join(repoRoot, 'templates', 'node-service');

type Task = { id: string; status: string };

/** Waits until the task ends; fails with its log unless it completed. */
async function waitForTask(
  request: APIRequestContext,
  headers: Record<string, string>,
  taskId: string,
  expected: 'completed' | 'failed',
): Promise<{ task: Task; log: string }> {
  let task: Task | undefined;
  await expect(async () => {
    const res = await request.get(`/api/scaffolder/v2/tasks/${taskId}`, {
      headers,
    });
    expect(res.ok()).toBe(true);
    task = await res.json();
    expect(['completed', 'failed', 'cancelled']).toContain(task!.status);
  }).toPass({ timeout: 180_000, intervals: [500] });
  const events: { type: string; body: { message?: string } }[] = await (
    await request.get(`/api/scaffolder/v2/tasks/${taskId}/events`, {
      headers,
    })
  ).json();
  const log = events
    .filter(e => e.type === 'log')
    .map(e => e.body.message)
    .join('\n');
  if (task!.status !== expected) {
    await test.info().attach(`task-${taskId}.log`, {
      body: log,
      contentType: 'text/plain',
    });
    throw new Error(
      `task ${taskId} ended ${
        task!.status
      }, not ${expected}; its log (attached):\n${log
        .split('\n')
        .slice(-15)
        .join('\n')}`,
    );
  }
  return { task: task!, log };
}

/**
 * Picks `option` in the entity picker labelled `label` after typing `text`;
 * it then shows the entity's title, never its ref.
 */
async function pick(page: Page, label: string, text: string, option: RegExp) {
  const input = page.getByRole('combobox', { name: label });
  // The picker lists what the catalog answers; on a busy machine the first
  // answer may come late, so the typing is repeated until the option shows.
  await expect(async () => {
    await input.click();
    await input.fill('');
    await input.fill(text);
    await page
      .getByRole('option', { name: option })
      .first()
      .click({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  await expect(input).toHaveValue(option);
  await expect(input).not.toHaveValue(/^[a-z]+:[a-z0-9-]+\//i);
}

/** Runs a command in `cwd`; fails with its output (attached) unless it exits 0. */
async function run(command: string, args: string[], cwd: string) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    // test.sh counts CI=1 as CI too; the generated tests look for CI=true.
    env: {
      ...process.env,
      ...(process.env.CI === '1' ? { CI: 'true' } : {}),
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `$ ${command} ${args.join(' ')}\n${result.stdout}${
    result.stderr
  }`;
  await test.info().attach(`${command}-${args[0]}.log`, {
    body: output,
    contentType: 'text/plain',
  });
  if (result.status !== 0) {
    throw new Error(
      `'${command} ${args.join(' ')}' exited ${
        result.status ?? result.error?.message
      } in ${cwd} after ${Math.round(
        (Date.now() - started) / 1000,
      )} s (output attached):\n${output.slice(-3000)}`,
    );
  }
}

test('a new service is created from the Golden Path template, registered and its tests pass', async ({
  page,
}) => {
  test.setTimeout(10 * 60_000);

  // A task renders the template's folder as it is on disk, git-ignored files
  // included (a node_modules/ from working on the skeleton would be copied).
  const ignored = execFileSync(
    'git',
    ['ls-files', '--others', '--ignored', '--exclude-standard', '--directory'],
    { cwd: templateDir, encoding: 'utf8' },
  ).trim();
  expect(
    ignored,
    'templates/node-service has git-ignored files that a task would render and publish: remove them',
  ).toBe('');

  const taken = declaredComponents()[0];
  const name = `e2e-svc-${Date.now().toString(36)}`;
  // The title the template gives it when none is entered: the name in words.
  const title = `E2e svc ${name.slice('e2e-svc-'.length)}`;
  const repoPath = path.join(publishRoot, name);

  await signInAsGuest(page);
  const headers = await guestHeaders(page.request);

  await test.step('choose the template on the Create page', async () => {
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Create', exact: true })
      .click();
    await expect(page).toHaveURL(/\/create/);
    const card = page.locator('.MuiCard-root').filter({
      has: page.getByRole('heading', { name: TEMPLATE_TITLE, exact: true }),
    });
    // The catalog reads templates/ a few seconds after the backend starts.
    await expect(async () => {
      await page.reload();
      await expect(card).toBeVisible({ timeout: 10_000 });
    }).toPass({ timeout: 60_000 });
    for (const tag of ['golden-path', 'recommended', 'typescript', 'service']) {
      await expect(
        card.getByTestId(`template-card-tag-chip-${tag}`),
      ).toHaveText(tag);
    }
    await expect(
      card.locator('a[href$="/catalog/default/group/team-platform"]'),
    ).toBeVisible();
    await card.getByRole('button', { name: 'Choose' }).click();
    await expect(
      page.getByRole('heading', { name: TEMPLATE_TITLE }).first(),
    ).toBeVisible();
  });

  await test.step('the form says what is wrong in words, once, as the user types', async () => {
    const nameInput = page.getByRole('textbox', { name: 'Name' });
    const nameHelper = page.locator('#root_name-helper-text');
    // Moving on with an empty form: plain words, no browser bubble.
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(nameHelper).toHaveText('Enter a name for the service.');
    await expect(page.locator('#root_description-helper-text')).toHaveText(
      'Enter one sentence on what the service does.',
    );
    // Each error once, under its field: not again in the form's own list.
    await expect(
      page.getByText(/must have required property/).locator('visible=true'),
    ).toHaveCount(0);
    await nameInput.fill('Order_History');
    await expect(nameHelper).toContainText(
      'use lower-case letters, digits and dashes',
    );
    // No regular expression anywhere on the page.
    await expect(page.getByText(/\^\[a-z\]/)).toHaveCount(0);
  });

  await test.step('a name already in the catalog is refused, and the error follows the name', async () => {
    const nameInput = page.getByRole('textbox', { name: 'Name' });
    const nameHelper = page.locator('#root_name-helper-text');
    await nameInput.fill(taken.name);
    // Any printable text: accents, colons, ampersands, exclamation marks.
    await page
      .getByRole('textbox', { name: 'Description' })
      .fill(
        'Keeps the history of every order: café & more, from the browser tests!',
      );
    await expect(page.locator('#root_description-helper-text')).toHaveText(
      'One sentence on what the service does.',
    );
    await pick(page, 'Owner', 'checkout', /checkout/i);
    await pick(page, 'System', 'orders', /orders/i);
    // Checked as it is typed, and again when moving on.
    await expect(nameHelper).toContainText(
      `A component named '${taken.name}' already exists in the catalog`,
    );
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(nameHelper).toContainText('already exists in the catalog');
    // The owner by its title, not its ref.
    await expect(nameHelper).not.toContainText(':default/');
    // Once on the page, in the field.
    await expect(
      page.getByText(/already exists in the catalog/).locator('visible=true'),
    ).toHaveCount(1);
    // Still on the first step.
    await expect(
      page.getByRole('textbox', { name: 'Description' }),
    ).toBeVisible();
    // A shorter name: its own problem, not the taken name's.
    await nameInput.fill('ab');
    await expect(nameHelper).toHaveText(
      "'ab' has 2 characters; a service name has 3 to 40.",
    );
  });

  await test.step('fill in the form with a unique name', async () => {
    await page.getByRole('textbox', { name: 'Name' }).fill(name);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('Database in production')).toBeVisible();
    // Back to the first step for a screenshot of the form without the error.
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue(name);
    await expect(page.getByText('already exists in the catalog')).toHaveCount(
      0,
    );
    await screenshot(page, 'create-service-form');
    await page.getByRole('button', { name: 'Next' }).click();

    // Operations: tier important, database and broker as they come.
    await page.getByLabel('Tier').click();
    await page.getByRole('option', { name: /^Important/ }).click();
    await page.getByRole('button', { name: 'Next' }).click();

    // Repository: the folder defaults to the name.
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByText(name).first()).toBeVisible();
  });

  const locationsOf = async () => {
    const res = await page.request.get('/api/catalog/locations', { headers });
    expect(res.ok()).toBe(true);
    const locations: { data: { id: string; target: string } }[] =
      await res.json();
    return locations.filter(l => l.data.target.includes(`/${name}/`));
  };

  try {
    await test.step('create it and wait for the task', async () => {
      await page.getByRole('button', { name: 'Create' }).click();
      await expect(page).toHaveURL(/\/create\/tasks\/[^/]+$/);
      const taskId = new URL(page.url()).pathname.split('/').pop()!;
      await waitForTask(page.request, headers, taskId, 'completed');
      const link = page.getByRole('link', {
        name: 'Open the service in the catalog',
      });
      await expect(link).toBeVisible();
      // No server path and no file:// link (browsers block those); the log
      // names no ADR file a log viewer would link as http://0003-….md.
      await expect(page.getByText('Next steps')).toBeVisible();
      const main = page.locator('main').first();
      await expect(main).not.toContainText(repoRoot);
      await expect(main).not.toContainText('.data/');
      await expect(page.locator('a[href^="file:"]')).toHaveCount(0);
      await expect(page.locator('a[href*=".md"]')).toHaveCount(0);
      await screenshot(page, 'create-service-done');
      await link.click();
    });

    await test.step('the entity page shows its tier', async () => {
      await expect(page).toHaveURL(
        new RegExp(`/catalog/default/component/${name}$`),
      );
      // Its title, in words, heads the page.
      await expect(
        page.getByRole('heading', { name: title, exact: true }).first(),
      ).toBeVisible();
      // Its OpenAPI and AsyncAPI entities, with the definitions read from
      // the repository ($text placeholders), follow shortly after.
      for (const [api, marker] of [
        [`${name}-api`, 'openapi:'],
        [`${name}-events`, 'asyncapi:'],
      ]) {
        await expect(async () => {
          const res = await page.request.get(
            `/api/catalog/entities/by-name/api/default/${api}`,
            { headers },
          );
          expect(res.status()).toBe(200);
          expect((await res.json()).spec.definition).toContain(marker);
        }).toPass({ timeout: 60_000 });
      }
      await page.reload();
      await expect(
        page.getByRole('link', { name: `${title} API`, exact: true }).first(),
      ).toBeVisible();
      // The innermost card with the title.
      const card = page
        .locator('.MuiCard-root')
        .filter({ hasText: 'Ownership & operations' })
        .last();
      await expect(card).toBeVisible();
      await expect(card.getByText('Important', { exact: true })).toBeVisible();
      await expect(
        card.getByText('99.9 % available · p99 < 500 ms · errors < 0.1 %'),
      ).toBeVisible();
      // Tall enough for the whole page: a full-page screenshot of a short
      // viewport clips the right-hand column of cards.
      await page.setViewportSize({ width: 1280, height: 1600 });
      await screenshot(page, 'create-service-entity');
    });

    await test.step("the portal's own checks pass on the new service", async () => {
      // The SLOs card: the tier's SLOs and the two of openslo.yaml, no
      // definition error (the SLO backend recomputes every minute).
      await expect(async () => {
        await page.goto(`/catalog/default/component/${name}`);
        await expect(page.getByTestId('slo-row')).toHaveCount(5, {
          timeout: 10_000,
        });
      }).toPass({ timeout: 150_000, intervals: [3_000] });
      await expect(
        page.getByText('Some SLO definitions of this entity could not be used'),
      ).toHaveCount(0);
      await expect(page.getByTestId('slo-error')).toHaveCount(0);
      await expect(page.locator('main').first()).not.toContainText(repoRoot);

      // The Decisions tab: the three ADRs, dated, and no warning.
      await expect(async () => {
        await page.goto(`/catalog/default/component/${name}/decisions`);
        await expect(
          page
            .getByRole('list', { name: 'Decisions of this entity' })
            .getByText(
              /^ADR-0003 Run .* as an important-tier service on PostgreSQL and NATS JetStream$/,
            ),
        ).toBeVisible({ timeout: 10_000 });
      }).toPass({ timeout: 150_000, intervals: [3_000] });
      await expect(page.getByText(/^3 ADRs, last read/)).toBeVisible();
      await expect(page.getByText(/in the ADR folder had/)).toHaveCount(0);
      await expect(page.getByText(/no date found/)).toHaveCount(0);
      await screenshot(page, 'create-service-decisions');
    });

    await test.step('the repository has one commit and is registered once', async () => {
      const commits = execFileSync(
        'git',
        ['-C', repoPath, 'log', '--oneline'],
        {
          encoding: 'utf8',
        },
      )
        .trim()
        .split('\n');
      expect(commits).toHaveLength(1);
      expect(commits[0]).toContain(`Create ${name}`);
      expect(await locationsOf()).toHaveLength(1);
      // Its provenance: the template, its version and the answers, in the
      // repository and on the entity.
      const record = fs.readFileSync(
        path.join(repoPath, '.golden-path', 'answers.yaml'),
        'utf8',
      );
      expect(record).toContain('template: template:default/node-service');
      expect(record).toMatch(/^version: \d+\.\d+\.\d+$/m);
      expect(record).toContain(`name: ${name}`);
      const res = await page.request.get(
        `/api/catalog/entities/by-name/component/default/${name}`,
        { headers },
      );
      expect((await res.json()).metadata.annotations).toMatchObject({
        'golden-path.io/template': 'template:default/node-service',
        'golden-path.io/template-version':
          expect.stringMatching(/^\d+\.\d+\.\d+$/),
      });
    });

    await test.step('the Repository tab shows its files and a clone URL that clones', async () => {
      const consoleErrors = watchConsole(page);
      await page.goto(`/catalog/default/component/${name}/repository`);
      const command = page.getByText(/^git clone http/);
      await expect(command).toBeVisible();
      await expect(
        page.getByText(`Create ${name} from the Golden Path service template`),
      ).toBeVisible();
      await page.getByRole('button', { name: 'src', exact: true }).click();
      await page
        .getByRole('button', { name: 'server.ts', exact: true })
        .click();
      await expect(page).toHaveURL(/[?&]file=src%2Fserver\.ts/);
      await expect(page.getByLabel('Content of src/server.ts')).toContainText(
        'ServiceRuntime',
      );
      await atEachViewport(page, async viewport => {
        await expectPageQuality(page, consoleErrors);
        await screenshot(page, `create-service-repository-${viewport.name}`);
      });
      // The clone URL works for git itself, from outside the browser.
      const cloneUrl = (await command.textContent())!.replace('git clone ', '');
      const clone = fs.mkdtempSync(path.join(repoRoot, '.data', 'e2e-clone-'));
      try {
        execFileSync('git', ['clone', '--quiet', cloneUrl, clone], {
          env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
        });
        const head = (dir: string) =>
          execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], {
            encoding: 'utf8',
          }).trim();
        expect(head(clone)).toBe(head(repoPath));
        expect(
          JSON.parse(fs.readFileSync(path.join(clone, 'package.json'), 'utf8'))
            .name,
        ).toBe(name);
      } finally {
        fs.rmSync(clone, { recursive: true, force: true });
      }
    });

    await test.step('the same name again is refused at preflight', async () => {
      const before = fs.readdirSync(publishRoot).sort();
      const res = await page.request.post('/api/scaffolder/v2/tasks', {
        headers,
        data: {
          templateRef: 'template:default/node-service',
          values: {
            name,
            description: 'The same service again',
            owner: 'group:default/team-checkout',
            system: 'system:default/orders',
            tier: 'important',
            database: 'postgres',
            broker: 'nats',
          },
        },
      });
      expect(res.status()).toBe(201);
      const { id } = await res.json();
      const { log } = await waitForTask(page.request, headers, id, 'failed');
      expect(log).toContain(
        `A component named '${name}' already exists in the catalog`,
      );
      // Failed at the first step: nothing rendered, published or registered.
      expect(log).toContain(
        'Skipping step fetch because a previous step failed',
      );
      expect(fs.readdirSync(publishRoot).sort()).toEqual(before);
      expect(await locationsOf()).toHaveLength(1);
    });

    await test.step("the generated project's tests pass in the repository", async () => {
      execFileSync(
        process.execPath,
        [
          path.join(repoRoot, 'scripts/test-node-service-template.js'),
          '--ensure-test-database',
        ],
        { stdio: 'inherit' },
      );
      await run(
        'npm',
        ['ci', '--no-audit', '--no-fund', '--prefer-offline'],
        repoPath,
      );
      await run('npm', ['test'], repoPath);
    });
  } finally {
    // Leave the catalog as the other tests expect it (they count components):
    // the repository stays in the e2e publish root, its location goes.
    for (const location of await locationsOf().catch(() => [])) {
      await page.request.delete(`/api/catalog/locations/${location.data.id}`, {
        headers,
      });
    }
  }
});
