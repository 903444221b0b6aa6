import { expect, Page, test } from '@playwright/test';
import { screenshot, signInAsGuest } from './helpers';
import {
  atEachViewport,
  ConsoleWatch,
  expectPageQuality,
  watchConsole,
} from './quality';

/**
 * The ADR browser against the real backend: the example ADRs of
 * examples/adrs (read through the services' golden-path.io/adr-location
 * annotations) and the bad-input fixtures of
 * packages/backend/src/__fixtures__/adr-bad-input (app-config.e2e.yaml).
 */

// The first visits wait for the ADR backend's first reads.
test.describe.configure({ timeout: 180_000 });

let consoleWatch: ConsoleWatch;

test.beforeEach(async ({ page }) => {
  consoleWatch = watchConsole(page);
  await signInAsGuest(page);
});

/**
 * Opens `url` until `ready` is visible: the ADR backend reads the folders a
 * few seconds after the catalog has the entities, so the first visits may
 * come too early.
 */
async function openOnceIngested(
  page: Page,
  url: string,
  ready: (page: Page) => ReturnType<Page['getByText']>,
) {
  await expect(async () => {
    await page.goto(url);
    await expect(ready(page)).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 120_000, intervals: [2_000] });
}

test('the Decisions tab of a service lists its ADRs and follows the supersede chain', async ({
  page,
}) => {
  await openOnceIngested(
    page,
    '/catalog/default/component/order-service/decisions',
    p =>
      p
        .getByRole('list', { name: 'Decisions of this entity' })
        .getByText(/^ADR-0003 Use Kafka for order events$/),
  );
  await expect(page.getByText(/^8 ADRs, last read/)).toBeVisible();

  await page
    .getByRole('list', { name: 'Decisions of this entity' })
    .getByText(/^ADR-0003 Use Kafka for order events$/)
    .click();
  await expect(page).toHaveURL(/[?&]adr=0003-use-kafka-for-order-events\.md/);
  const adr3 = page.getByRole('article', { name: /^ADR-0003 / });
  await expect(adr3).toBeVisible();

  // 0003 is superseded by 0005, which is superseded by 0007.
  const chain = adr3.getByRole('list', { name: 'Supersede chain' });
  await expect(chain.getByRole('listitem')).toHaveCount(3);
  await expect(chain.getByRole('listitem').nth(0)).toContainText('(this ADR)');
  await expect(chain.getByRole('listitem').nth(1)).toContainText(
    'Use NATS JetStream for order events',
  );
  await expect(chain.getByRole('listitem').nth(2)).toContainText(
    'Use managed Kafka for order events',
  );
  await screenshot(page, 'adr-entity-tab');

  await adr3
    .getByRole('link', { name: /Use NATS JetStream for order events/ })
    .first()
    .click();
  await expect(page).toHaveURL(
    /\/decisions\?.*adr=0005-use-nats-jetstream-for-order-events\.md/,
  );
  const adr5 = page.getByRole('article', { name: /^ADR-0005 / });
  await expect(adr5).toBeVisible();
  await expect(
    adr5.getByRole('list', { name: 'Supersede chain' }).getByRole('listitem'),
  ).toHaveCount(3);
  await expect(
    adr5
      .getByRole('list', { name: 'Supersede chain' })
      .locator('[aria-current="step"]'),
  ).toContainText('Use NATS JetStream for order events');
});

test('a Mermaid diagram in an ADR is drawn, as an image', async ({ page }) => {
  await openOnceIngested(
    page,
    '/catalog/default/component/order-service/decisions?adr=0008-orchestrate-checkout-with-a-saga.md',
    p => p.getByRole('article', { name: /^ADR-0008 / }),
  );
  const diagram = page.getByTestId('adr-mermaid-diagram');
  await expect(diagram).toBeVisible();
  await expect
    .poll(() => diagram.evaluate(img => (img as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(100);
  // Drawn into an <img>: no diagram SVG is part of the page.
  await expect(page.locator('article svg[id^="adr-mermaid"]')).toHaveCount(0);
  await screenshot(page, 'adr-mermaid');
});

test('the Decisions page counts ADRs by status and filters them', async ({
  page,
}) => {
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Decisions', exact: true })
    .click();
  await expect(page).toHaveURL(/\/adrs$/);
  // The app's page header (frontend system), not a purple one of its own.
  await expect(
    page.getByRole('heading', { name: 'Decisions', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Architecture Decision Records' }),
  ).toHaveCount(0);
  const table = page.getByRole('table', {
    name: 'Architecture decision records',
  });
  const status = page.getByRole('group', { name: 'Status' });
  // The three proposed example ADRs are all dated months ago.
  await openOnceIngested(page, '/adrs', p =>
    p.getByRole('group', { name: 'Status' }).getByRole('button', {
      name: 'proposed 3',
    }),
  );
  await expect(
    page.getByText(/3 proposed for more than 30 days/),
  ).toBeVisible();
  // Owners, entities and decision makers by title.
  await expect(
    table.getByRole('link', { name: 'Checkout team' }).first(),
  ).toBeVisible();
  await expect(
    table.getByRole('link', { name: 'Order service' }).first(),
  ).toBeVisible();
  await expect(table).not.toContainText('team-checkout');
  await atEachViewport(page, async viewport => {
    await screenshot(page, `adr-page-${viewport.name}`);
    await expectPageQuality(page, consoleWatch);
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, 'adr-page');

  await status.getByRole('button', { name: 'proposed 3' }).click();
  await expect(page).toHaveURL(/[?&]status=proposed/);
  await expect(page.getByText('3 matching ADRs')).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.locator('tbody tr[data-stale="true"]')).toHaveCount(3);
  await expect(table.locator('tbody tr').first()).toContainText(
    /proposed \d+ days/,
  );

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('combobox', { name: 'Owner team' }).click();
  await expect(page.getByRole('option', { name: /^team-/ })).toHaveCount(0);
  await page.getByRole('option', { name: /^Checkout team/ }).click();
  await expect(page).toHaveURL(/[?&]owner=group%3Adefault%2Fteam-checkout/);
  await expect(page.getByText('8 matching ADRs')).toBeVisible();

  await page.getByRole('textbox', { name: 'From' }).fill('2026-01-01');
  await expect(page.getByText('1 matching ADRs')).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('Orchestrate checkout with a saga');

  // The filters live in the URL: a reload shows the same rows.
  await page.reload();
  await expect(page.getByText('1 matching ADRs')).toBeVisible();

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('textbox', { name: 'Search' }).fill('kafka');
  await expect(page).toHaveURL(/[?&]q=kafka/);
  await expect(table).toContainText('Use Kafka for order events');
  await expect(table).toContainText('Use managed Kafka for order events');
  await expect(table).not.toContainText('Store web sessions in Redis');

  // A title opens the reader, with its chain.
  await table
    .getByRole('link', { name: 'Use managed Kafka for order events' })
    .click();
  await expect(page).toHaveURL(
    /\/adrs\/component\/default\/order-service\/0007-use-managed-kafka-for-order-events\.md$/,
  );
  const reader = page.getByRole('article', { name: /^ADR-0007 / });
  await expect(
    reader.getByRole('list', { name: 'Supersede chain' }).getByRole('listitem'),
  ).toHaveCount(3);
  await reader
    .getByRole('list', { name: 'Supersede chain' })
    .getByRole('link', { name: /Use Kafka for order events/ })
    .click();
  await expect(page).toHaveURL(/0003-use-kafka-for-order-events\.md$/);
  await expect(page.getByRole('article', { name: /^ADR-0003 / })).toBeVisible();

  // The reader names its entity by title, with a link; no ref as text.
  const article = page.getByRole('article', { name: /^ADR-0003 / });
  await expect(
    article.getByRole('link', { name: 'Order service', exact: true }),
  ).toHaveAttribute('href', /\/catalog\/default\/component\/order-service$/);
  await atEachViewport(page, async viewport => {
    await screenshot(page, `adr-reader-${viewport.name}`);
    await expectPageQuality(page, consoleWatch);
  });
});

test('bad ADR folders and files show warnings on the entity and run no code', async ({
  page,
}) => {
  await openOnceIngested(
    page,
    '/catalog/default/component/adr-missing-folder-demo/decisions',
    p => p.getByText('The ADR folder could not be read'),
  );
  await expect(page.getByText(/does not exist/)).toBeVisible();

  await openOnceIngested(
    page,
    '/catalog/default/component/adr-bad-input-demo/decisions?adr=0001-render-untrusted-markdown-safely.md',
    p => p.getByRole('article', { name: /Render untrusted markdown safely/ }),
  );
  const adr = page.getByRole('article', {
    name: /Render untrusted markdown safely/,
  });
  // The image next to the ADR comes through the backend, authenticated.
  const image = adr.getByRole('img', {
    name: 'A diagram kept next to the ADR',
  });
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate(img => (img as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);
  // Nothing in the ADR ran, and no link can run code.
  expect(await page.evaluate(() => (window as any).__adrXss)).toBeUndefined();
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
  await expect(page.locator('img[onerror]')).toHaveCount(0);
  await expect(adr.getByTestId('adr-unsafe-link')).toContainText(
    'link that runs code',
  );
  await expect(adr.getByTestId('adr-code-block')).toBeVisible();

  // The file with broken front matter is listed with a warning, and still
  // readable; the .txt file is not an ADR.
  const list = page.getByRole('list', { name: 'Decisions of this entity' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(
    page.getByRole('list', { name: 'ADR folder warnings' }),
  ).toContainText('0002-broken-front-matter.md');
  await screenshot(page, 'adr-bad-input');
  expect(await page.evaluate(() => (window as any).__adrXss)).toBeUndefined();
});

test('ADRs are found through Backstage search, with plain words and their own result type', async ({
  page,
}) => {
  // The ADR collator indexes what the ADR backend has read (every 30 s in
  // app-config.e2e.yaml).
  const result = page.getByRole('link', {
    name: /Use a transactional outbox to publish order events/,
  });
  await expect(async () => {
    await page.goto('/search?query=transactional%20outbox');
    await expect(result.first()).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 120_000, intervals: [3_000] });
  const item = page
    .getByTestId('adr-search-result')
    .filter({ has: result.first() });
  await expect(
    item.getByRole('link', { name: 'Order service', exact: true }),
  ).toBeVisible();
  await expect(
    item.getByRole('link', { name: 'Checkout team', exact: true }),
  ).toBeVisible();

  // "Decisions" is a result type of its own.
  await page
    .getByRole('navigation', { name: 'filter by type' })
    .getByRole('button', { name: /^Decisions/ })
    .click();
  await expect(page).toHaveURL(/types(%5B\d*%5D|\[\d*\])?=adr/);
  await expect(result.first()).toBeVisible();

  // The saga ADR holds a Mermaid diagram: its snippet shows words, not code.
  await page.goto('/search?query=saga&types[0]=adr');
  const saga = page
    .getByTestId('adr-search-result')
    .filter({ hasText: 'Orchestrate checkout with a saga' })
    .first();
  await expect(saga).toBeVisible({ timeout: 30_000 });
  const snippet = await saga.innerText();
  expect(snippet).not.toMatch(/```|sequenceDiagram|participant|->>|-->>/);
  await atEachViewport(page, async viewport => {
    await screenshot(page, `adr-search-${viewport.name}`);
    await expectPageQuality(page, consoleWatch, { tables: false });
  });

  await page.goto('/search?query=transactional%20outbox');
  await result.first().click();
  await expect(page).toHaveURL(
    /\/adrs\/component\/default\/order-service\/0004-use-transactional-outbox\.md$/,
  );
  await expect(page.getByRole('article', { name: /^ADR-0004 / })).toBeVisible();
});
