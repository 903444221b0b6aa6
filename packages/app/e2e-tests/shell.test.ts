import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { guestHeaders, screenshot, signInAsGuest } from './helpers';
import {
  atEachViewport,
  ConsoleWatch,
  expectPageQuality,
  watchConsole,
} from './quality';

/**
 * The app shell: the sidebar, the home page's picture of the organisation,
 * the catalog graph, the team scorecard on Group pages, and the guest user,
 * at 1280×800 and 1920×1080, with the shared page checks of quality.ts.
 */

/** The sidebar's items, in the order the nav module places them. */
const SIDEBAR_ORDER = [
  'Home',
  'Catalog',
  'Services',
  'APIs',
  'Create',
  'Readiness',
  'SLOs',
  'Decisions',
  'Register',
  'Unprocessed',
  'Catalog graph',
];

let consoleWatch: ConsoleWatch;
/** Answers of 404 to the signed-in user's own entity. */
let guestNotFound: string[];

test.beforeEach(async ({ page, request }) => {
  // The catalog reads examples/guest-user.yaml a few seconds after start-up.
  await expect(async () => {
    const response = await request.get(
      '/api/catalog/entities/by-name/user/development/guest',
      { headers: await guestHeaders(request) },
    );
    expect(response.status()).toBe(200);
  }).toPass({ timeout: 60_000 });
  consoleWatch = watchConsole(page);
  guestNotFound = [];
  page.on('response', response => {
    if (
      response.status() === 404 &&
      /user\/development\/guest/.test(response.url())
    ) {
      guestNotFound.push(response.url());
    }
  });
  await signInAsGuest(page);
});

test.afterEach(() => {
  expect(guestNotFound, 'requests for the guest user that got 404').toEqual([]);
});

async function getJson<T>(
  request: APIRequestContext,
  path: string,
): Promise<T> {
  const response = await request.get(path, {
    headers: await guestHeaders(request),
  });
  expect(response.ok(), `${path} answered ${response.status()}`).toBe(true);
  return (await response.json()) as T;
}

type PagedRows<T> = { items: T[]; totalItems: number };

/** Every row of a paged `/v1/services?…` route, 500 a page. */
async function getAllRows<T>(
  request: APIRequestContext,
  path: string,
): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const page = await getJson<PagedRows<T>>(
      request,
      `${path}&limit=500&offset=${items.length}`,
    );
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.totalItems) {
      return items;
    }
  }
}

async function settled(page: Page) {
  await expect(
    page.locator('main [role="progressbar"], main .MuiSkeleton-root'),
  ).toHaveCount(0, { timeout: 60_000 });
}

type SloOverview = {
  totalServices: number;
  tiers: { tier: string; breaching: number }[];
  firingAlerts: { entityRef: string }[];
};
type ReadinessOverview = {
  totalServices: number;
  meetingRequired: number;
};
type ReadinessServiceRow = { entityRef: string; title: string | null };
type AdrStats = { total: number; byStatus: { proposed: number } };
type Facets = { facets: Record<string, { value: string; count: number }[]> };
const TIER_FACET = 'metadata.annotations.golden-path.io/tier';
const TIERS = ['critical', 'important', 'standard', 'best-effort'];

test('the sidebar lists its items in order, none of them cut off', async ({
  page,
}) => {
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await atEachViewport(page, async viewport => {
    await page.goto('/');
    // Open the sidebar (it opens on hover when it is not pinned).
    await nav.getByRole('link', { name: 'Catalog', exact: true }).hover();
    // The items, without the logo (a link to the home page too).
    const names = await nav
      .getByRole('group')
      .getByRole('link')
      .evaluateAll(links =>
        links.map(link => link.getAttribute('aria-label') ?? ''),
      );
    const ours = names.filter(name => SIDEBAR_ORDER.includes(name));
    expect(ours).toEqual(SIDEBAR_ORDER);

    const cut = await nav
      .locator('a .MuiTypography-root')
      .evaluateAll(labels =>
        labels
          .filter(label => label.scrollWidth > label.clientWidth)
          .map(
            label =>
              `${label.textContent}: ${label.scrollWidth}px in ${label.clientWidth}px`,
          ),
      );
    expect(cut, 'sidebar labels cut off').toEqual([]);
    await screenshot(page, `shell-sidebar-${viewport.name}`);
  });
});

test('the home page shows the organisation as the APIs see it', async ({
  page,
  request,
}) => {
  const picture = page.getByTestId('org-readiness');
  await atEachViewport(page, async viewport => {
    // The backends evaluate on their schedules: compare page and APIs until
    // both were read between two evaluations.
    await expect(async () => {
      const [slo, readiness, adr, tierFacets, kindFacets] = await Promise.all([
        getJson<SloOverview>(request, '/api/slo/v1/overview'),
        getJson<ReadinessOverview>(request, '/api/readiness/v1/overview'),
        getJson<AdrStats>(request, '/api/adr/stats'),
        getJson<Facets>(
          request,
          `/api/catalog/entity-facets?facet=${TIER_FACET}&filter=kind=component`,
        ),
        getJson<Facets>(
          request,
          '/api/catalog/entity-facets?facet=kind&filter=kind=component',
        ),
      ]);
      const tiers = new Map(
        tierFacets.facets[TIER_FACET].map(f => [f.value, f.count]),
      );
      const components = kindFacets.facets.kind.reduce(
        (sum, f) => sum + f.count,
        0,
      );
      expect(readiness.totalServices).toBeGreaterThan(0);
      await page.goto('/');
      await expect(picture).toBeVisible({ timeout: 15_000 });
      await settled(page);
      // Services per tier: every component of the catalog by its tier.
      for (const tier of TIERS) {
        await expect(page.getByTestId(`org-tier-${tier}`)).toHaveText(
          String(tiers.get(tier) ?? 0),
          { timeout: 1_000 },
        );
      }
      // A tier value that names no tier counts as none.
      const withTier = TIERS.reduce((sum, t) => sum + (tiers.get(t) ?? 0), 0);
      await expect(page.getByTestId('org-tier-none')).toHaveText(
        String(components - withTier),
        { timeout: 1_000 },
      );
      await expect(page.getByTestId('org-readiness-meeting')).toHaveText(
        String(readiness.meetingRequired),
        { timeout: 1_000 },
      );
      await expect(page.getByTestId('org-readiness-services')).toHaveText(
        String(readiness.totalServices),
        { timeout: 1_000 },
      );
      await expect(page.getByTestId('org-slo-burning')).toHaveText(
        String(new Set(slo.firingAlerts.map(a => a.entityRef)).size),
        { timeout: 1_000 },
      );
      const breaching = slo.tiers.reduce((sum, t) => sum + t.breaching, 0);
      await expect(page.getByTestId('org-slo-breaching')).toHaveText(
        `${breaching} ${breaching === 1 ? 'service' : 'services'}`,
        { timeout: 1_000 },
      );
      await expect(page.getByTestId('org-adr-proposed')).toHaveText(
        String(adr.byStatus.proposed),
        { timeout: 1_000 },
      );
    }).toPass({ timeout: 120_000 });

    // The copy no longer promises plugins to come, and links to the pages.
    const main = page.locator('main').first();
    await expect(main).not.toContainText('as their plugins land');
    await expect(main).toContainText('Welcome to Golden Path');
    for (const [name, href] of [
      ['Services per tier', '/services'],
      ['Readiness', '/readiness'],
      ['SLO budgets', '/slo'],
      ['Decisions', '/adrs?status=proposed'],
    ]) {
      await expect(
        main.getByRole('region', { name }).getByRole('link', { name }),
      ).toHaveAttribute('href', href);
    }
    // The frontend system's page header, as on /catalog.
    await expect(
      page.getByRole('heading', { name: 'Home', level: 1 }),
    ).toBeVisible();
    await screenshot(page, `shell-home-${viewport.name}`);
    await expectPageQuality(page, consoleWatch);
  });
});

test('the catalog graph opens on the organisation, not blank', async ({
  page,
}) => {
  await atEachViewport(page, async viewport => {
    await page.goto('/catalog-graph');
    const graph = page.locator('main svg').filter({ hasText: 'Engineering' });
    await expect(graph.first()).toBeVisible({ timeout: 60_000 });
    for (const title of ['Commerce', 'Orders', 'Checkout team']) {
      await expect(graph.first()).toContainText(title);
    }
    await screenshot(page, `shell-catalog-graph-${viewport.name}`);
    await expectPageQuality(page, consoleWatch, { tables: false });
  });
});

test("a group page shows the team's scorecard", async ({ page, request }) => {
  const team = encodeURIComponent('group:default/team-checkout');
  await atEachViewport(page, async viewport => {
    await page.goto('/catalog/default/group/team-checkout');
    await page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'Scorecard', exact: true })
      .click();
    await expect(page).toHaveURL(/\/group\/team-checkout\/scorecard/);
    await expect(async () => {
      const [readiness, services] = await Promise.all([
        getJson<ReadinessOverview>(
          request,
          `/api/readiness/v1/overview?owner=${team}`,
        ),
        getAllRows<ReadinessServiceRow>(
          request,
          `/api/readiness/v1/services?owner=${team}`,
        ),
      ]);
      expect(services.length).toBeGreaterThan(0);
      await page.reload();
      await expect(page.getByTestId('team-scorecard')).toBeVisible({
        timeout: 15_000,
      });
      await expect(page.getByTestId('team-readiness-meeting')).toHaveText(
        String(readiness.meetingRequired),
        { timeout: 1_000 },
      );
      // Every service of the team, by its title, linking to its page.
      const table = page.getByRole('table', { name: "The team's services" });
      for (const service of services) {
        const name = service.entityRef.split('/')[1];
        await expect(
          table.getByRole('link', {
            name: service.title ?? name,
            exact: true,
          }),
        ).toHaveAttribute('href', `/catalog/default/component/${name}`, {
          timeout: 1_000,
        });
      }
    }).toPass({ timeout: 120_000 });
    await settled(page);
    await screenshot(page, `shell-team-${viewport.name}`);
    await expectPageQuality(page, consoleWatch);
  });
});

test('the guest user exists in the catalog', async ({ page, request }) => {
  const guest = await getJson<{ metadata: { title?: string } }>(
    request,
    '/api/catalog/entities/by-name/user/development/guest',
  );
  expect(guest.metadata.title).toBe('Guest');
  await page.goto('/settings');
  await expect(page.locator('main').first()).toContainText('Guest');
});
