import { expect, Page, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import {
  declaredComponents,
  FIXTURE_COMPONENTS,
  repoRoot,
  screenshot,
  signInAsGuest,
} from './helpers';
import {
  atEachViewport,
  ConsoleWatch,
  expectPageQuality,
  watchConsole,
} from './quality';

let consoleWatch: ConsoleWatch;

test.beforeEach(async ({ page }) => {
  consoleWatch = watchConsole(page);
  await signInAsGuest(page);
});

test('the sidebar leads to the catalog, the templates and the APIs', async ({
  page,
}) => {
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  for (const name of ['Catalog', 'Create', 'APIs']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByText('Welcome to Golden Path')).toBeVisible();
  await screenshot(page, 'home');
});

test('the catalog page lists the components from catalog-info/', async ({
  page,
}) => {
  const components = declaredComponents();
  expect(components.length).toBeGreaterThanOrEqual(3);

  // The catalog ingests catalog-info/ a few seconds after the backend starts;
  // the e2e config adds four valid fixture components (two with bad tier
  // metadata, two with bad ADR folders).
  await expect(async () => {
    await page.goto('/catalog?filters[kind]=component&filters[user]=all');
    await expect(
      page.getByText(
        `All Components (${components.length + FIXTURE_COMPONENTS})`,
      ),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
  await screenshot(page, 'catalog');

  const search = page.getByPlaceholder('Search');
  for (const component of [
    components[0],
    components[Math.floor(components.length / 2)],
    components[components.length - 1],
  ]) {
    await search.fill(component.name);
    await expect(
      page.getByRole('link', {
        name: component.title ?? component.name,
        exact: true,
      }),
    ).toBeVisible();
  }
});

test('an entity page opens with its owner and system', async ({ page }) => {
  await expect(async () => {
    await page.goto('/catalog/default/component/order-service');
    await expect(
      page.getByRole('heading', { name: 'Order service' }).first(),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
  await expect(
    page.getByText('Accepts orders and orchestrates').first(),
  ).toBeVisible();
  // Owner and system are links to their own entity pages.
  await expect(
    page.locator('a[href$="/catalog/default/group/team-checkout"]').first(),
  ).toBeVisible();
  await expect(
    page.locator('a[href$="/catalog/default/system/orders"]').first(),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Order service API' }),
  ).toBeVisible();
  await screenshot(page, 'entity-order-service');
});

test('the scaffolder page lists the templates', async ({ page }) => {
  const templates = fs.readdirSync(path.join(repoRoot, 'templates'));
  expect(templates.length).toBeGreaterThan(0);
  await expect(async () => {
    await page.goto('/create');
    await expect(page.getByText('Register an existing component')).toBeVisible({
      timeout: 3_000,
    });
  }).toPass({ timeout: 60_000 });
  await screenshot(page, 'create');
});

test('an entity that fails validation is shown on the unprocessed entities page', async ({
  page,
}) => {
  // app-config.e2e.yaml adds packages/backend/src/__fixtures__/invalid/.
  // Backstage 1.55's page leaves the ref column of pending entities empty on
  // SQLite; the raw view shows the entity and its processing error.
  const row = page.getByRole('row', { name: /Component/ });
  await expect(async () => {
    await page.goto('/catalog-unprocessed-entities');
    await page.getByRole('tab', { name: 'Pending' }).click();
    await expect(row.first()).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
  await row.first().getByRole('button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(/fixture-missing-owner/).first()).toBeVisible();
  await expect(
    dialog.getByText(/must have required property 'owner'/).first(),
  ).toBeVisible();
  await screenshot(page, 'unprocessed-entities');
});

test('an entity with invalid Golden Path metadata stays in the catalog and shows the error', async ({
  page,
}) => {
  // app-config.e2e.yaml adds packages/backend/src/__fixtures__/invalid/.
  await expect(async () => {
    await page.goto('/catalog/default/component/fixture-unknown-tier');
    await expect(page.getByText(/unknown tier 'platinum'/).first()).toBeVisible(
      { timeout: 3_000 },
    );
  }).toPass({ timeout: 60_000 });
  await screenshot(page, 'entity-processing-error');
});

test('an entity page shows the Ownership & operations card with a working runbook link', async ({
  page,
}) => {
  await expect(async () => {
    await page.goto('/catalog/default/component/order-service');
    await expect(page.getByText('Ownership & operations')).toBeVisible({
      timeout: 3_000,
    });
  }).toPass({ timeout: 60_000 });
  const card = page
    .locator('article, .MuiCard-root')
    .filter({ hasText: 'Ownership & operations' })
    .first();
  const runbook = card.getByRole('link', {
    name: /runbooks\.golden-path\.example\/order-service/,
  });
  await expect(runbook).toHaveAttribute(
    'href',
    'https://runbooks.golden-path.example/order-service',
  );
  await expect(card.getByText('Critical', { exact: true })).toBeVisible();
  await expect(
    card.getByText('99.99 % available · p99 < 100 ms · errors < 0.01 %'),
  ).toBeVisible();
  // Escalation: the owning team's address, then its parent group.
  await expect(
    card.getByRole('link', { name: /checkout@golden-path\.example/ }),
  ).toBeVisible();
  await expect(card.getByRole('link', { name: 'Engineering' })).toBeVisible();
  // Filled by the catalog module from the tier.
  await expect(card.getByText('blue-green', { exact: true })).toBeVisible();
  await screenshot(page, 'entity-ownership-card');
});

test('the catalog filters components by tier', async ({ page }) => {
  const critical = declaredComponents().filter(c => c.tier === 'critical');
  expect(critical.length).toBeGreaterThan(0);
  await expect(async () => {
    await page.goto(
      '/catalog?filters[kind]=component&filters[user]=all&filters[tier]=critical',
    );
    await expect(
      page.getByText(`All Components (${critical.length})`),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
  // The filter's label; the table has a "Tier" column header too.
  await expect(
    page.locator('label', { has: page.getByText('Tier', { exact: true }) }),
  ).toBeVisible();
  await screenshot(page, 'catalog-tier-filter');
});

test('the catalog table has a Tier column with the tier badges', async ({
  page,
}) => {
  const components = declaredComponents();
  const critical = components.find(c => c.tier === 'critical');
  expect(critical).toBeDefined();
  await expect(async () => {
    await page.goto('/catalog?filters[kind]=component&filters[user]=all');
    await expect(
      page.getByText(
        `All Components (${components.length + FIXTURE_COMPONENTS})`,
      ),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 60_000 });

  const tierHeader = page.getByRole('columnheader', {
    name: 'Tier',
    exact: true,
  });
  await expect(tierHeader).toBeVisible();
  // Text content, not innerText: the headers are upper-cased by CSS.
  const headers = (await page.getByRole('columnheader').allTextContents()).map(
    h => h.trim(),
  );
  expect(headers.indexOf('Tier')).toBe(headers.indexOf('Owner') + 1);

  // Sorted by criticality (the rows of the page): critical first, then
  // unknown tiers, then missing ones.
  const order = [
    'tier-badge-critical',
    'tier-badge-important',
    'tier-badge-standard',
    'tier-badge-best-effort',
    'tier-unknown',
    'tier-missing',
  ];
  // The sort label; the button inside it is the column's drag handle.
  await tierHeader
    .getByRole('button', { name: 'Tier', exact: true })
    .first()
    .click();
  await expect(async () => {
    const tiers = await page
      .locator('tbody tr')
      .evaluateAll(rows =>
        rows.map(
          r =>
            r
              .querySelector('[data-testid^="tier-"]')
              ?.getAttribute('data-testid') ?? '',
        ),
      );
    expect(tiers.length).toBeGreaterThan(1);
    expect(tiers[0]).toBe('tier-badge-critical');
    const ranks = tiers.map(t => order.indexOf(t));
    expect(ranks).not.toContain(-1);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  }).toPass({ timeout: 10_000 });
  await screenshot(page, 'catalog-tier-column');

  await page.getByPlaceholder('Search').fill(critical!.name);
  const row = page.getByRole('row').filter({
    has: page.getByRole('link', {
      name: critical!.title ?? critical!.name,
      exact: true,
    }),
  });
  await expect(row.getByTestId('tier-badge-critical')).toHaveText('Critical');

  // The e2e fixtures: one without a tier, one with a tier that does not exist.
  const rowOf = (name: string) =>
    page.getByRole('row').filter({
      has: page.getByRole('link', { name, exact: true }),
    });
  await page.getByPlaceholder('Search').fill('fixture');
  await expect(
    rowOf('fixture-valid-service').getByTestId('tier-missing'),
  ).toHaveText('missing');
  await expect(
    rowOf('fixture-unknown-tier').getByTestId('tier-unknown'),
  ).toHaveText('—');
});

/** Opens the component list of the catalog once the catalog has ingested catalog-info/. */
async function openComponentCatalog(page: Page, query = '') {
  const components = declaredComponents();
  await expect(async () => {
    await page.goto(
      `/catalog?filters[kind]=component&filters[user]=all${query}`,
    );
    await expect(page.getByText(/^All Components \(\d+\)$/)).toBeVisible({
      timeout: 10_000,
    });
    if (!query) {
      await expect(
        page.getByText(
          `All Components (${components.length + FIXTURE_COMPONENTS})`,
        ),
      ).toBeVisible({ timeout: 1_000 });
    }
  }).toPass({ timeout: 60_000 });
  await expect(page.locator('main tbody tr').first()).toBeVisible();
}

test('the catalog table is readable at 1280 and 1920 px: whole names, titles, actions in view', async ({
  page,
}) => {
  await atEachViewport(page, async viewport => {
    await openComponentCatalog(page);
    // Owners and systems by title ("Checkout team"), never by id.
    const main = page.locator('main').first();
    await page.getByPlaceholder('Search').fill('order-service');
    const row = page.getByRole('row').filter({
      has: page.getByRole('link', { name: 'Order service', exact: true }),
    });
    await expect(
      row.getByRole('link', { name: 'Checkout team' }),
    ).toBeVisible();
    await expect(row.getByRole('link', { name: 'Orders' })).toBeVisible();
    // The description under the name, one column fewer.
    await expect(row.getByTestId('catalog-description')).toContainText(
      'Accepts orders',
    );
    await expect(main).not.toContainText('team-checkout');
    await page.getByPlaceholder('Search').fill('');
    await expect(page.locator('main tbody tr')).toHaveCount(20);

    // The widths, for whoever reads a failure.
    const widths = await page
      .locator('main thead th')
      .evaluateAll(ths =>
        ths.map(
          th =>
            `${th.textContent?.trim() || '·'} ${Math.round(
              th.getBoundingClientRect().width,
            )}`,
        ),
      );
    test.info().annotations.push({
      type: `catalog columns at ${viewport.width}px`,
      description: widths.join(', '),
    });
    // The actions column is inside the card, not behind a sideways scroll.
    const actions = page.getByRole('columnheader', { name: 'Actions' });
    await expect(actions).toBeInViewport({ ratio: 1 });
    // The table ends inside its card.
    const overhang = await page
      .locator('main table')
      .first()
      .evaluate(table => {
        const card = table.closest('.MuiPaper-root') ?? table.parentElement!;
        return (
          table.getBoundingClientRect().right -
          card.getBoundingClientRect().right
        );
      });
    expect(overhang).toBeLessThanOrEqual(1);
    // Acronyms in titles: "CI runner", not "Ci runner".
    await page.getByPlaceholder('Search').fill('runner');
    await expect(
      page.getByRole('link', { name: 'CI runner', exact: true }),
    ).toBeVisible();
    await page.getByPlaceholder('Search').fill('');
    await screenshot(page, `catalog-${viewport.name}`);
    await expectPageQuality(page, consoleWatch);
  });
});

test('the tier filter sits near the top and offers the tiers in tier order and "No tier"', async ({
  page,
}) => {
  await atEachViewport(page, async () => {
    await openComponentCatalog(page);
    const picker = page.getByTestId('tier-picker-expand');
    // Right after Kind and Type: seen without scrolling.
    await expect(picker).toBeInViewport({ ratio: 1 });
    const labels = (await page.locator('main label').allInnerTexts()).map(l =>
      l.trim().split('\n')[0].toLowerCase(),
    );
    expect(labels.indexOf('tier')).toBeGreaterThan(-1);
    expect(labels.indexOf('tier')).toBeLessThan(labels.indexOf('owner'));
    await picker.click();
    const options = (await page.getByRole('option').allInnerTexts()).map(o =>
      o.trim(),
    );
    const names = options.map(o => o.replace(/ \(\d+\)$/, ''));
    expect(names.slice(0, 4)).toEqual([
      'Critical',
      'Important',
      'Standard',
      'Best effort',
    ]);
    expect(names[names.length - 1]).toBe('No tier');
    await page.keyboard.press('Escape');
  });

  // "No tier" keeps the components without one, filtered by the backend.
  await openComponentCatalog(page, '&filters[tier]=none');
  const tiers = await page
    .locator('main tbody tr')
    .evaluateAll(rows =>
      rows.map(
        r =>
          r
            .querySelector('[data-testid^="tier-"]')
            ?.getAttribute('data-testid') ?? '',
      ),
    );
  expect(tiers.length).toBeGreaterThan(0);
  expect(new Set(tiers)).toEqual(new Set(['tier-missing']));
  await expect(page.locator('main')).toContainText('No tier');
  await screenshot(page, 'catalog-no-tier');
  await expectPageQuality(page, consoleWatch);
});

test('the API explorer names owners and systems by title', async ({ page }) => {
  await expect(async () => {
    await page.goto('/api-docs');
    await expect(
      page.getByRole('link', { name: 'Order service API', exact: true }),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
  const row = page.getByRole('row').filter({
    has: page.getByRole('link', { name: 'Order service API', exact: true }),
  });
  await expect(row.getByRole('link', { name: 'Checkout team' })).toBeVisible();
  await expect(page.locator('main').first()).not.toContainText('team-checkout');
});

/** The group headings of the Services table, in order. */
const groupHeadings = (page: Page) =>
  page
    .locator('main [data-testid="service-group"] th[scope="rowgroup"]')
    .allInnerTexts()
    .then(texts => texts.map(t => t.split(' · ')[0].trim()));

/** Waits until the Services table shows the backend's answer to the last change. */
const servicesLoaded = (page: Page) =>
  expect(page.getByRole('table', { name: 'Services' })).toHaveAttribute(
    'aria-busy',
    'false',
  );

test('the Services page groups the table by team, domain and tier, and a chip shows one group', async ({
  page,
}) => {
  const components = declaredComponents();
  // app-config.e2e.yaml adds two valid fixture components owned by
  // team-checkout (and two ADR fixtures owned by team-platform).
  const checkout =
    components.filter(c => c.owner === 'team-checkout').length + 2;
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Services', exact: true })
    .click();
  await expect(page).toHaveURL(/\/services$/);
  // The backend builds the page's view of the catalog at most once a
  // minute: a view built while the catalog was still reading its locations
  // counts every component on the next build.
  test.setTimeout(240_000);
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByText(`${components.length + FIXTURE_COMPONENTS} services,`),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 130_000 });
  // One header: the app's (frontend system), not a second purple one.
  await expect(
    page.getByRole('heading', { name: 'Services', exact: true }),
  ).toHaveCount(1);

  await atEachViewport(page, async viewport => {
    const headings = await groupHeadings(page);
    expect(headings).toContain('Checkout team');
    expect(headings).not.toContain('team-checkout');
    await screenshot(page, `services-${viewport.name}`);
    await expectPageQuality(page, consoleWatch);
  });

  const groups = page.getByRole('group', { name: 'Groups' });
  const chip = groups.getByRole('button', { name: /^Checkout team \d+/ });
  await expect(chip).toContainText(`Checkout team ${checkout}`);
  await chip.click();
  await expect(page.getByText(`Checkout team (${checkout})`)).toBeVisible();
  await servicesLoaded(page);
  expect(await groupHeadings(page)).toEqual(['Checkout team']);
  await expect(
    page.locator('main [data-testid="service-group"] > tr'),
  ).toHaveCount(checkout + 1);
  await chip.click();
  await servicesLoaded(page);
  expect((await groupHeadings(page)).length).toBeGreaterThan(1);

  await page.getByRole('button', { name: 'By tier' }).click();
  // The backend pages the rows (50 a page) ordered by group: the chips name
  // every tier group in tier order, the first page's headings start them.
  const byTier = [
    'Critical',
    'Important',
    'Standard',
    'Best effort',
    'No tier',
  ];
  await expect(groups.getByRole('button')).toHaveText(
    byTier.map(t => new RegExp(`^${t} \\d+`)),
  );
  await servicesLoaded(page);
  const firstPage = await groupHeadings(page);
  expect(firstPage.length).toBeGreaterThan(0);
  expect(firstPage).toEqual(byTier.slice(0, firstPage.length));
  await screenshot(page, 'services-by-tier');
  // What the README shows: the first screen at 1280×800.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({
    path: path.join(
      repoRoot,
      'e2e-artifacts',
      'screenshots',
      'services-top.png',
    ),
  });

  // The table pages on the server: 25, 50 or 100 rows a page.
  await expect(page.getByText(/^1–50 of \d+$/)).toBeVisible();
  await page.getByRole('button', { name: 'Go to next page' }).click();
  await expect(page.getByText(/^51–\d+ of \d+$/)).toBeVisible();
  await servicesLoaded(page);
  const secondPage = await groupHeadings(page);
  expect(byTier.indexOf(secondPage[0])).toBeGreaterThanOrEqual(
    byTier.indexOf(firstPage[firstPage.length - 1]),
  );
  await page.getByRole('button', { name: 'Go to previous page' }).click();
  await expect(page.getByText(/^1–50 of \d+$/)).toBeVisible();
  await servicesLoaded(page);

  // Tier sorts in tier order within a group.
  await page.getByRole('button', { name: 'By team' }).click();
  await page
    .getByRole('columnheader', { name: 'Tier' })
    .getByRole('button', { name: 'Tier' })
    .click();
  await expect(
    page.getByRole('columnheader', { name: 'Tier' }),
  ).toHaveAttribute('aria-sort', 'ascending');
  await servicesLoaded(page);
  const tiers = await page
    .locator('main [data-testid="service-group"]')
    .first()
    .locator('[data-testid^="tier-badge-"]')
    .evaluateAll(badges => badges.map(b => b.getAttribute('data-testid')));
  const order = [
    'tier-badge-critical',
    'tier-badge-important',
    'tier-badge-standard',
    'tier-badge-best-effort',
  ];
  const ranks = tiers.map(t => order.indexOf(t ?? ''));
  expect(ranks.length).toBeGreaterThan(1);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  await screenshot(page, 'services');
  await expectPageQuality(page, consoleWatch);
});
