import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { guestHeaders, repoRoot, screenshot, signInAsGuest } from './helpers';
import { atEachViewport, expectPageQuality, watchConsole } from './quality';

/**
 * The SLO tier dashboard against the real backend, with the example SLI data
 * of examples/sli written through the ingestion API with the static token
 * (GP_SLI_TOKEN, made by scripts/env.sh), as scripts/start.sh does.
 */

test.describe.configure({ timeout: 300_000 });

test.beforeAll(async ({ request, baseURL }) => {
  // Waits itself until the SLO backend knows the example SLOs. The state
  // file (in e2e-artifacts, emptied by scripts/test.sh with the database)
  // makes a retry's second run write only what is new, as a restarted
  // portal does, instead of rewriting hours the backend has pruned.
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, 'examples/sli/generate-sli.js'),
      '--url',
      baseURL!,
      '--wait-seconds',
      '180',
      '--state',
      path.join(repoRoot, 'e2e-artifacts/sli-generator.json'),
    ],
    { stdio: 'inherit', timeout: 240_000 },
  );
  const headers = await guestHeaders(request);
  // At most once a minute (goldenPath.refresh.minInterval): a retry's second
  // beforeAll may come sooner and gets 429; the scheduled run follows then.
  const refresh = await request.post('/api/slo/v1/refresh', { headers });
  expect([202, 429]).toContain(refresh.status());
  // Budgets are recomputed by the slo-compute task; wait for data.
  await expect(async () => {
    const res = await request.get('/api/slo/v1/overview', { headers });
    expect(res.ok()).toBe(true);
    const overview = await res.json();
    expect(overview.firingAlerts.length).toBeGreaterThan(0);
  }).toPass({ timeout: 120_000, intervals: [2_000] });
});

test.beforeEach(async ({ page }) => {
  await signInAsGuest(page);
});

test('the SLO dashboard shows tiers, alerts firing and services by budget', async ({
  page,
}) => {
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'SLOs', exact: true })
    .click();
  await expect(page).toHaveURL(/\/slo$/);
  // The app's page header names the page; no second, purple one.
  await expect(
    page.getByRole('heading', { name: 'SLOs', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'SLO tier dashboard' }),
  ).toHaveCount(0);

  const critical = page.getByRole('region', { name: 'Critical tier' });
  await expect(critical).toContainText('99.99 % available · p99 < 100 ms');
  await expect(critical).toContainText(/\d+ of \d+ meet their objectives/);
  await expect(page.getByTestId('budget-box-plot-critical')).toBeVisible();

  // Each tier card counts every service once.
  for (const card of await page.locator('[data-testid^="tier-row-"]').all()) {
    const text = await card.innerText();
    const total = /(\d+) of (\d+) meet/.exec(text);
    if (!total) continue;
    const others = [
      ...text.matchAll(/(\d+) (?:breaching|without data|services? whose)/g),
    ]
      .map(m => Number(m[1]))
      .reduce((a, b) => a + b, 0);
    expect(Number(total[1]) + others, text).toBe(Number(total[2]));
  }

  // payment-service is burning its budget right now (examples/sli): one
  // line per severity, pages open with the services they fire on.
  const pages = page.getByTestId('alert-group-page');
  await expect(pages).toContainText(/\d+ page alerts? firing on \d+ services?/);
  const alerts = page.getByRole('table', { name: 'Page alerts' });
  await expect(
    alerts.getByTestId('firing-alert').filter({ hasText: 'Payment service' }),
  ).not.toHaveCount(0);
  // Tickets are one folded line, not dozens of rows above the services.
  const tickets = page.getByTestId('alert-group-ticket');
  if (await tickets.count()) {
    await expect(
      page.getByRole('table', { name: 'Ticket alerts' }),
    ).toBeHidden();
  }
  // The burn rate column has numbers, with their window.
  await expect(
    page.getByRole('table', { name: 'Services' }).getByTestId('burn-rate'),
  ).not.toHaveCount(0);
  await screenshot(page, 'slo-page');

  // Sorted by burn rate, a burning service comes first.
  const services = page.getByRole('table', { name: 'Services' });
  await services.getByRole('button', { name: 'Burn rate' }).click();
  await expect(page).toHaveURL(/[?&]sort=burnRate/);
  const first = services.getByTestId('slo-service-row').first();
  await expect(first.getByTestId('slo-status')).toHaveAttribute(
    'data-status',
    'breaching',
  );

  // Filtering by tier keeps only that tier's services.
  await page
    .getByRole('group', { name: 'Tier' })
    .getByRole('button', { name: 'Critical' })
    .click();
  await expect(page).toHaveURL(/[?&]tier=critical/);
  const rows = services.getByTestId('slo-service-row');
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    await expect(row).toContainText('Critical');
  }
});

test('the SLO dashboard reads well at 1280 and 1920 px; columns sort; Recompute now says when it is done', async ({
  page,
}) => {
  const consoleErrors = watchConsole(page);
  await page.goto('/slo');
  const services = page.getByRole('table', { name: 'Services' });
  await expect(services.getByTestId('slo-service-row').first()).toBeVisible({
    timeout: 30_000,
  });
  await atEachViewport(page, async viewport => {
    await expectPageQuality(page, consoleErrors);
    await screenshot(page, `slo-page-${viewport.name}`);
  });

  // Tier sorts in tier order: critical services first.
  await services.getByRole('button', { name: 'Tier' }).click();
  await expect(page).toHaveURL(/[?&]sort=tier&order=asc/);
  await expect(
    services
      .getByTestId('slo-service-row')
      .first()
      .getByTestId('tier-chip-critical'),
  ).toBeVisible();
  for (const column of ['Service', 'Owner', 'Status']) {
    await services.getByRole('button', { name: column }).click();
    await expect(page).toHaveURL(
      new RegExp(`[?&]sort=${column.toLowerCase()}&order=asc`),
    );
  }

  // Recompute now. The backend recomputes at most once a minute (429 with
  // Retry-After), and beforeAll's refresh may be less than a minute ago:
  // then the page says when to try again, and it works after that wait.
  const recompute = page.getByRole('button', { name: 'Recompute now' });
  const status = page.getByTestId('slo-recompute-status');
  const refused = page.getByTestId('slo-recompute-error');
  const limited = /^A refresh ran a moment ago; try again in (\d+) seconds?$/;
  await recompute.click();
  await expect(async () => {
    const said = [await status.textContent()];
    if (await refused.count()) said.push(await refused.textContent());
    expect(said.join(' ')).toMatch(
      /Recomputed at |still running|A refresh ran a moment ago/,
    );
  }).toPass({ timeout: 60_000 });
  if (await refused.count()) {
    const text = (await refused.textContent()) ?? '';
    expect(text).toMatch(limited);
    await page.waitForTimeout(Number(limited.exec(text)![1]) * 1000 + 1000);
    await recompute.click();
  }
  await expect(status).toHaveText(/^Recomputed at |still running/, {
    timeout: 60_000,
  });
  // Again at once: refused, in one plain sentence.
  await recompute.click();
  await expect(refused).toHaveText(limited);
  // The browser logs the refused request; nothing else may be logged.
  expect(
    consoleErrors.take().filter(line => !/status of 429/.test(line)),
  ).toEqual([]);
  await expectPageQuality(page, consoleErrors);
});

test('the SLOs card of a service shows its budget and a 30-day burn-down', async ({
  page,
}) => {
  await page.goto('/catalog/default/component/payment-service');
  const card = page.getByTestId('slo-row').first();
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('slo-target').first()).toContainText('%');
  await expect(page.getByTestId('slo-attainment').first()).toContainText('%');
  await expect(page.getByTestId('slo-firing-alert').first()).toBeVisible();
  const line = page.getByTestId('burn-down-line');
  await expect(line).toBeVisible();
  expect(Number(await line.getAttribute('data-points'))).toBeGreaterThan(24);
  await screenshot(page, 'slo-entity-card');
});

test('an SLO whose Prometheus is down shows its error, never numbers', async ({
  page,
}) => {
  // __fixtures__/slo-bad-input: an OpenSLO SLO on the Prometheus data source
  // `unreachable` (app-config.e2e.yaml, a closed loopback port). The table
  // shows a page of services: the backend's search finds this one.
  await page.goto('/slo?sort=budget&q=slo-prometheus-down-demo');
  const row = page.locator(
    '[data-testid="slo-service-row"][data-entity-ref="component:default/slo-prometheus-down-demo"]',
  );
  await expect(row.getByTestId('slo-status')).toHaveAttribute(
    'data-status',
    'error',
    { timeout: 60_000 },
  );
  await screenshot(page, 'slo-error-row');

  await row.getByRole('link', { name: /slo-prometheus-down-demo/i }).click();
  await expect(page).toHaveURL(/\/component\/slo-prometheus-down-demo/);
  const error = page.getByTestId('slo-error');
  await expect(error).toHaveCount(1, { timeout: 30_000 });
  await expect(error).toContainText('unreachable');
  await expect(error).toContainText('refused the connection (ECONNREFUSED)');
  // The tier SLOs of the same service still get their own (no-data) states.
  await expect(page.getByTestId('slo-row')).toHaveCount(4);
  await screenshot(page, 'slo-error-card');
});

test('a looser OpenSLO objective is listed as a tier violation', async ({
  page,
}) => {
  // examples/slo/notification-service/openslo.yaml asks 99.5 % of an
  // Important (99.9 %) service; order-service's file only tightens.
  await page.goto('/slo');
  const violations = page.getByRole('table', { name: 'Tier violations' });
  await expect(
    violations.getByRole('row').filter({ hasText: 'delivery-availability' }),
  ).toHaveCount(1, { timeout: 30_000 });
  await expect(violations).not.toContainText('place-order');

  await page.goto('/catalog/default/component/order-service');
  const placeOrder = page
    .getByTestId('slo-row')
    .filter({ hasText: 'PlaceOrder without a server error' });
  await expect(placeOrder).toHaveCount(1, { timeout: 30_000 });
  await expect(placeOrder.getByTestId('slo-target')).toContainText('99.995');
  await expect(placeOrder.getByTestId('slo-attainment')).toContainText('%');
});
