import { expect, test } from '@playwright/test';
import { guestHeaders, screenshot, signInAsGuest } from './helpers';
import { atEachViewport, expectPageQuality, watchConsole } from './quality';

/**
 * The Golden path page and card against the real golden-path backend: the
 * node-service template's versions from its history (versions.yaml,
 * CHANGELOG.md) and every component of the example organisation, none of
 * which was created from a template (the e2e config has no demo services;
 * upgrade.test.ts upgrades a service of its own from the card).
 */

test.describe.configure({ timeout: 240_000 });

const NODE_SERVICE = 'template:default/node-service';

test.beforeAll(async ({ request }) => {
  // The drift is computed at start-up by a scheduler task (and on demand).
  const headers = await guestHeaders(request);
  await expect(async () => {
    const res = await request.get('/api/golden-path/drift', { headers });
    expect(res.ok()).toBe(true);
    const drift = await res.json();
    expect(drift.templates.map((t: { ref: string }) => t.ref)).toContain(
      NODE_SERVICE,
    );
    expect(drift.services.length).toBeGreaterThanOrEqual(60);
  }).toPass({ timeout: 120_000, intervals: [3_000] });
});

test.beforeEach(async ({ page }) => {
  await signInAsGuest(page);
});

test('the golden path page shows each template, its versions and where every service stands', async ({
  page,
}) => {
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('group', { name: 'Scorecards' })
    .getByRole('link', { name: 'Golden path', exact: true })
    .click();
  await expect(page).toHaveURL(/\/golden-path$/);
  // The app's page header names the page; no second one.
  await expect(
    page.getByRole('heading', { name: 'Golden path', exact: true }),
  ).toHaveCount(1);
  await expect(page.getByTestId('drift-summary')).toHaveText(
    /^\d+ on the current version, \d+ behind, \d+ on (an )?unsupported versions?, (\d+ on (an )?unknown versions?, )?\d+ not from a template$/,
  );
  await expect(page.getByTestId('drift-generated-at')).toHaveText(
    /^Computed at /,
  );

  const card = page.locator(
    `[data-testid="template-card"][data-template-ref="${NODE_SERVICE}"]`,
  );
  await expect(
    card.getByRole('link', { name: 'Golden Path Node.js service' }),
  ).toBeVisible();
  await expect(card.getByTestId('template-current-version')).toHaveText(
    /^Current version v\d+\.\d+\.\d+$/,
  );
  await expect(card.getByTestId('template-supported-range')).toHaveText(
    'Supported versions: >=2.0.0',
  );
  // Newest first, each with its changelog entries and how many services
  // are on it; the oldest is no longer supported.
  const versions = card.getByTestId('template-version');
  expect(
    await versions.evaluateAll(items =>
      items.map(i => i.getAttribute('data-version')),
    ),
  ).toEqual(expect.arrayContaining(['2.0.0', '1.0.0']));
  await expect(versions.first()).toContainText('Current');
  await expect(versions.last()).toHaveAttribute('data-version', '1.0.0');
  await expect(versions.last()).toContainText('Unsupported');
  await expect(
    versions.first().getByTestId('template-version-changes'),
  ).not.toBeEmpty();
  for (const count of await card
    .getByTestId('template-version-services')
    .all()) {
    await expect(count).toHaveText(/^\d+ services? on it$/);
  }

  const table = page.getByRole('table', { name: 'Services' });
  const rows = table.getByTestId('drift-service-row');
  // Components not from a template are listed on request.
  await page
    .getByRole('button', { name: /^Also list the \d+ not from a template$/ })
    .click();
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(60);
  // The example organisation was not created from a template.
  const orders = table.locator(
    '[data-testid="drift-service-row"][data-entity-ref="component:default/order-service"]',
  );
  await expect(orders.getByTestId('drift-status')).toHaveText(
    'Not from a template',
  );
  await expect(orders.getByRole('checkbox')).toBeDisabled();
  await expect(page.getByTestId('fleet-upgrade-button')).toBeDisabled();

  // Sorting goes into the URL.
  await table.getByRole('button', { name: 'Service', exact: true }).click();
  await expect(page).toHaveURL(/[?&]sort=service&order=asc/);
  const titles = await rows.evaluateAll(items =>
    items.map(i => i.querySelector('td:nth-child(2)')?.textContent ?? ''),
  );
  expect(titles).toEqual(
    [...titles].sort((a, b) =>
      a.localeCompare(b, 'en', { sensitivity: 'base' }),
    ),
  );

  // The tier filter goes into the URL and keeps only that tier.
  await page
    .getByRole('group', { name: 'Tier' })
    .getByRole('button', { name: 'Critical' })
    .click();
  await expect(page).toHaveURL(/[?&]tier=critical/);
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    await expect(row).toContainText('Critical');
  }

  // Refresh asks the backend to compute the drift again and says so.
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByTestId('drift-refresh-status')).toHaveText(
    /^(Refreshed\.|The refresh is still running)/,
    { timeout: 60_000 },
  );
});

test('the golden path page reads well at 1280 and 1920 px', async ({
  page,
}) => {
  const consoleErrors = watchConsole(page);
  await page.goto('/golden-path');
  await page
    .getByRole('button', { name: /^Also list the \d+ not from a template$/ })
    .click();
  await expect(
    page
      .getByRole('table', { name: 'Services' })
      .getByTestId('drift-service-row')
      .first(),
  ).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('template-card').first()).toBeVisible();
  await atEachViewport(page, async viewport => {
    await expectPageQuality(page, consoleErrors);
    await screenshot(page, `golden-path-page-${viewport.name}`);
  });
});

test('a component not created from a template says so on its Golden path card', async ({
  page,
}) => {
  const consoleErrors = watchConsole(page);
  await page.goto('/catalog/default/component/order-service');
  const card = page.locator(
    '[data-testid="golden-path-card"][data-status="not-from-template"]',
  );
  await expect(card).toContainText('Not created from a golden-path template', {
    timeout: 30_000,
  });
  await atEachViewport(page, async viewport => {
    await expectPageQuality(page, consoleErrors);
    await screenshot(
      page,
      `golden-path-card-not-from-template-${viewport.name}`,
    );
  });
});
