import { expect, Page, test } from '@playwright/test';
import { screenshot, signInAsGuest } from './helpers';
import { atEachViewport, expectPageQuality, watchConsole } from './quality';

/**
 * A walk through every page of the portal at 1280×800 and 1920×1080: each
 * must show its content with no sideways scrolling, no word broken in the
 * middle in a table, no raw entity ref, no error shown twice, no server path
 * and no console error. A screenshot of each page at each width lands in
 * e2e-artifacts/screenshots/pages-<name>-<width>.png.
 */
const PAGES: {
  name: string;
  path: string;
  shows: RegExp | string;
  allowRefs?: string[];
  /** What else the page must get right, at each width. */
  expectLayout?: (page: Page) => Promise<void>;
}[] = [
  {
    name: 'home',
    path: '/',
    shows: 'Golden Path',
    expectLayout: expectHomeCardsSideBySide,
  },
  {
    name: 'catalog',
    path: '/catalog?filters[kind]=component&filters[user]=all',
    shows: /All Components \(\d+\)/,
    expectLayout: expectUserListLabelsWhole,
  },
  {
    name: 'entity',
    path: '/catalog/default/component/order-service',
    shows: 'Ownership & operations',
  },
  {
    name: 'entity-readiness',
    path: '/catalog/default/component/order-service/readiness',
    shows: /Readiness/,
  },
  {
    name: 'entity-decisions',
    path: '/catalog/default/component/order-service/decisions',
    shows: /Decisions|ADR/,
  },
  {
    name: 'group',
    path: '/catalog/default/group/team-checkout',
    shows: /Checkout/,
  },
  {
    name: 'group-scorecard',
    path: '/catalog/default/group/team-checkout/scorecard',
    // The team's services table, once readiness has evaluated them.
    shows: 'Failing checks',
  },
  { name: 'api', path: '/catalog/default/api/order-api', shows: /Order/ },
  {
    name: 'api-docs',
    path: '/api-docs',
    shows: /APIs/,
    expectLayout: expectUserListLabelsWhole,
  },
  { name: 'services', path: '/services', shows: /services/i },
  { name: 'readiness', path: '/readiness', shows: /Readiness/ },
  { name: 'slo', path: '/slo', shows: /SLO/ },
  { name: 'adrs', path: '/adrs', shows: /Decision/ },
  { name: 'create', path: '/create', shows: /Templates|Create/ },
  {
    name: 'create-form',
    path: '/create/templates/default/node-service',
    shows: /Name/,
  },
  { name: 'search', path: '/search?query=order', shows: /order/i },
  { name: 'catalog-graph', path: '/catalog-graph', shows: /Graph|graph/ },
  {
    name: 'unprocessed',
    path: '/catalog-unprocessed-entities',
    shows: /Unprocessed|Failed|Pending/,
  },
  { name: 'register', path: '/catalog-import', shows: /Register|URL/ },
  {
    name: 'settings',
    path: '/settings',
    shows: /Settings|Profile/,
    // Backstage's identity card names the signed-in user's ref on purpose.
    allowRefs: ['user:development/guest'],
  },
];

/**
 * The home page's "Getting started" card with "Your Starred Entities" beside
 * it, not below it: the home grid has twelve columns at 1280 px too
 * (packages/app/src/modules/home/HomePageLayout.tsx).
 */
async function expectHomeCardsSideBySide(page: Page) {
  const card = (title: string) =>
    page
      .locator('.react-grid-item')
      .filter({ has: page.getByText(title, { exact: true }) });
  const left = await card('Getting started').boundingBox();
  const right = await card('Your Starred Entities').boundingBox();
  expect(left, 'the Getting started card').not.toBeNull();
  expect(right, 'the Starred entities card').not.toBeNull();
  expect(Math.abs(right!.y - left!.y), 'both cards on one row').toBeLessThan(2);
  expect(right!.x, 'Starred entities right of Getting started').toBeGreaterThan(
    left!.x + left!.width - 1,
  );
}

/**
 * The Owned / Starred / All picker's labels shown whole in the filter column
 * (at 1280 px they were cut to "Owne", "Starre").
 */
async function expectUserListLabelsWhole(page: Page) {
  const labels = page.locator(
    '[data-testid^="user-picker-"] .MuiListItemText-root .MuiTypography-root',
  );
  await expect(labels.first()).toBeVisible();
  const cut = await labels.evaluateAll(elements =>
    elements
      .filter(element => element.scrollWidth > element.clientWidth)
      .map(
        element =>
          `"${element.textContent?.trim()}" needs ${
            element.scrollWidth
          } px, has ${element.clientWidth} px`,
      ),
  );
  expect(cut, 'user list picker labels cut').toEqual([]);
}

async function settled(page: Page, shows: RegExp | string) {
  await expect(page.locator('main').first()).toContainText(shows, {
    timeout: 60_000,
  });
  // Requests of the page done (a page that keeps polling is checked as it
  // is after 15 s), then no spinner or skeleton left in the main content (score
  // bars are determinate progress bars, with a value: they stay).
  await page
    .waitForLoadState('networkidle', { timeout: 15_000 })
    .catch(() => undefined);
  await expect(
    page.locator(
      'main [role="progressbar"]:not([aria-valuenow]), main .MuiSkeleton-root',
    ),
  ).toHaveCount(0, { timeout: 60_000 });
}

for (const { name, path, shows, allowRefs, expectLayout } of PAGES) {
  test(`page ${name} (${path}) reads well at 1280 and 1920 px`, async ({
    page,
  }) => {
    const consoleWatch = watchConsole(page);
    await signInAsGuest(page);
    await atEachViewport(page, async viewport => {
      await page.goto(path);
      await settled(page, shows);
      await screenshot(page, `pages-${name}-${viewport.name}`);
      await expectPageQuality(page, consoleWatch, { allowRefs });
      await expectLayout?.(page);
    });
  });
}
