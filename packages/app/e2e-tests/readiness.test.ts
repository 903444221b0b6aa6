import { expect, Page, test } from '@playwright/test';
import { guestHeaders, screenshot, signInAsGuest } from './helpers';
import { atEachViewport, expectPageQuality, watchConsole } from './quality';

/**
 * The readiness scorecards against the real backend: facts collected from
 * the catalog and the example repositories (examples/repos), levels per
 * tier, and an attestation that lifts a check.
 */

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async ({ request }) => {
  // The collectors and the evaluation run on short schedules in
  // app-config.e2e.yaml; wait until order-service has repository facts.
  const headers = await guestHeaders(request);
  await expect(async () => {
    const res = await request.get(
      '/api/readiness/v1/entities/component/default/order-service',
      { headers },
    );
    expect(res.ok()).toBe(true);
    const detail = await res.json();
    const outcome = (id: string) =>
      detail.checks.find((c: { check: { id: string } }) => c.check.id === id)
        ?.outcome;
    // The repository and the SLO collectors have both run.
    expect(outcome('ci-pipeline')).toBe('pass');
    expect(outcome('slo-defined')).toBe('pass');
    const overview = await (
      await request.get('/api/readiness/v1/overview', { headers })
    ).json();
    expect(overview.totalServices).toBeGreaterThanOrEqual(60);
  }).toPass({ timeout: 180_000, intervals: [3_000] });
});

/** Shows up to 100 services per page (the table pages on the server). */
async function showHundredRows(page: Page) {
  const pagination = page.getByTestId('readiness-services-pagination');
  await pagination.getByRole('combobox').click();
  await page.getByRole('option', { name: '100', exact: true }).click();
  await expect(pagination).toContainText(/^.*1–\d+ of \d+/);
}

test.beforeEach(async ({ page }) => {
  await signInAsGuest(page);
});

test('the readiness page shows each service against the level its tier requires', async ({
  page,
}) => {
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Readiness', exact: true })
    .click();
  await expect(page).toHaveURL(/\/readiness$/);
  // The app's page header names the page; no second, purple one.
  await expect(
    page.getByRole('heading', { name: 'Readiness', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Readiness scorecards' }),
  ).toHaveCount(0);

  const services = page.getByRole('table', { name: 'Services' });
  const rows = services.getByTestId('readiness-service-row');
  // The first page of 25, then the next one, from the server.
  const pagination = page.getByTestId('readiness-services-pagination');
  await expect(rows).toHaveCount(25, { timeout: 10_000 });
  await expect(pagination).toContainText(/1–25 of \d+/);
  const total = Number(
    /of (\d+)/.exec(await pagination.innerText())?.[1] ?? '0',
  );
  expect(total).toBeGreaterThanOrEqual(60);
  const firstOfPageOne = await rows.first().getAttribute('data-entity-ref');
  await pagination.getByRole('button', { name: /next page/i }).click();
  await expect(pagination).toContainText('26–50 of');
  await expect(rows).toHaveCount(25);
  await expect(rows.first()).not.toHaveAttribute(
    'data-entity-ref',
    firstOfPageOne!,
  );
  // Every service on one page (the examples have fewer than 100).
  expect(total).toBeLessThanOrEqual(100);
  await showHundredRows(page);
  await expect(rows).toHaveCount(total);
  // Searched on the server: a service found by its name.
  const search = page.getByTestId('readiness-search');
  await search.fill('order-service');
  await expect(page).toHaveURL(/[?&]q=order-service/);
  await expect(
    services.locator(
      '[data-testid="readiness-service-row"][data-entity-ref="component:default/order-service"]',
    ),
  ).toBeVisible();
  await expect.poll(() => rows.count()).toBeLessThan(total);
  await search.fill('');
  await expect(page).not.toHaveURL(/[?&]q=/);
  await expect(rows).toHaveCount(total);
  // A realistic spread: the example repositories differ, so do the levels.
  const levels = new Set(
    await rows
      .getByTestId('level-badge')
      .evaluateAll(badges => badges.map(b => b.getAttribute('data-level'))),
  );
  expect(levels.size).toBeGreaterThanOrEqual(3);
  // Some services are below the level their tier requires.
  await expect(
    services.locator(
      '[data-testid="readiness-service-row"][data-status="below"]',
    ),
  ).not.toHaveCount(0);
  // A service without a tier never counts as meeting its level.
  for (const row of await services
    .locator('[data-testid="readiness-service-row"][data-status="no-tier"]')
    .all()) {
    await expect(row).toHaveAttribute('data-meets-required', 'false');
    await expect(row.getByTestId('readiness-status')).toHaveText('No tier set');
  }
  const meetingRows = await services
    .locator('[data-testid="readiness-service-row"][data-status="meets"]')
    .count();
  await expect(page.getByTestId('readiness-meeting')).toHaveText(
    new RegExp(`^${meetingRows} of \\d+ meet the level their tier requires$`),
  );
  await expect(
    page
      .getByRole('table', { name: 'Team leaderboard' })
      .getByTestId('leaderboard-row'),
  ).not.toHaveCount(0);
  await expect(page.getByTestId('most-failed-check').first()).toBeVisible();
  await expect(page.getByTestId('readiness-trend-chart')).toBeVisible();
  await screenshot(page, 'readiness-page');

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
});

test('the readiness page reads well at 1280 and 1920 px, and its summary follows the category filter', async ({
  page,
}) => {
  const consoleErrors = watchConsole(page);
  await page.goto('/readiness');
  const rows = page
    .getByRole('table', { name: 'Services' })
    .getByTestId('readiness-service-row');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('most-failed-check').first()).toBeVisible();
  // The summary below is compared with every row: one page of them all.
  await showHundredRows(page);
  await atEachViewport(page, async viewport => {
    await expectPageQuality(page, consoleErrors);
    await screenshot(page, `readiness-page-${viewport.name}`);
  });

  const summary = page.getByTestId('readiness-meeting');
  await expect(summary).not.toContainText('Security');
  await page
    .getByRole('group', { name: 'Category' })
    .getByRole('button', { name: 'Security' })
    .click();
  await expect(page).toHaveURL(/[?&]category=security/);
  await expect(summary).toContainText('in the Security checks');
  // The summary counts what the table shows.
  await expect(async () => {
    const meets = await page
      .locator('[data-testid="readiness-service-row"][data-status="meets"]')
      .count();
    expect(await summary.innerText()).toMatch(new RegExp(`^${meets} of `));
  }).toPass({ timeout: 10_000 });
  await expectPageQuality(page, consoleErrors);
});

test('the Readiness tab shows each check with the facts behind it', async ({
  page,
}) => {
  await page.goto('/catalog/default/component/order-service/readiness');
  await expect(page.getByTestId('readiness-header')).toBeVisible({
    timeout: 30_000,
  });
  const ci = page.locator(
    '[data-testid="readiness-check"][data-check-id="ci-pipeline"]',
  );
  await expect(ci).toHaveAttribute('data-outcome', 'pass');
  await expect(ci.getByTestId('fact-row').first()).toContainText('repository.');
  // Collected from examples/repos/order-service, not made up.
  const outbox = page.locator(
    '[data-testid="readiness-check"][data-check-id="outbox-table"]',
  );
  await expect(outbox).toHaveAttribute('data-outcome', 'pass');
  await expect(outbox.getByTestId('fact-row')).toContainText('true');
  await screenshot(page, 'readiness-entity-tab');
  // shipping-service's repository is basic: no outbox migration.
  await page.goto('/catalog/default/component/shipping-service/readiness');
  const shippingOutbox = page.locator(
    '[data-testid="readiness-check"][data-check-id="outbox-table"]',
  );
  await expect(shippingOutbox).toHaveAttribute('data-outcome', 'fail', {
    timeout: 30_000,
  });
  await expect(shippingOutbox.getByTestId('remediation')).toBeVisible();
});

test('attesting a failover drill passes that check, with an audit entry', async ({
  page,
}) => {
  await page.goto('/catalog/default/component/order-service/readiness');
  const drill = page.locator(
    '[data-testid="readiness-check"][data-check-id="failover-drill"]',
  );
  await expect(drill).toHaveAttribute('data-outcome', 'fail', {
    timeout: 30_000,
  });
  await drill.getByTestId('attest-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Attest');
  // The comment is required: submitting without one is refused in place.
  await dialog.getByRole('button', { name: 'Attest', exact: true }).click();
  await expect(dialog).toBeVisible();
  await dialog
    .getByLabel('Comment')
    .fill(
      'Failover to eu-west-2 drilled on 2026-11-20: 4 min RTO, no data lost.',
    );
  await dialog.getByRole('button', { name: 'Attest', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(drill).toHaveAttribute('data-outcome', 'pass', {
    timeout: 30_000,
  });
  await expect(drill.getByTestId('current-attestation')).toContainText(
    'Failover to eu-west-2',
  );
  // The author by name: a link only when the catalog has the user.
  await expect(
    page
      .getByTestId('attestation-row')
      .first()
      .getByTestId('attestation-author'),
  ).toContainText(/guest/i);
  await screenshot(page, 'readiness-attestation');
});
