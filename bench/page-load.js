#!/usr/bin/env node
/*
 * How long a person waits for the portal's pages in Chromium: the first full
 * page load with an empty browser cache, then later full loads (reloads and
 * other pages, cache warm), from the browser's own navigation timing, with the
 * bytes transferred over the network. Prints figures; asserts nothing.
 *
 *   yarn bench:page-load [--url http://localhost:7007] [--loads 5]
 *
 * Start the portal first (./scripts/start.sh, or --dev to compare with the
 * dev server: --url http://localhost:3000).
 */
'use strict';

const { chromium } = require('playwright-core');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const baseUrl = option('url', 'http://localhost:7007').replace(/\/$/, '');
const loads = Number(option('loads', '5'));

/** Navigation timing and bytes of the page just loaded. */
async function measure(page) {
  return page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation');
    const resources = performance.getEntriesByType('resource');
    const transferred =
      nav.transferSize +
      resources.reduce((sum, entry) => sum + entry.transferSize, 0);
    const decoded =
      nav.decodedBodySize +
      resources.reduce((sum, entry) => sum + entry.decodedBodySize, 0);
    return {
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      transferred,
      decoded,
      requests: resources.length + 1,
    };
  });
}

/** Loads `url` and waits until the app has drawn content, not a spinner. */
async function load(page, url, ready) {
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForSelector(ready, { timeout: 120_000 });
  const shown = Date.now() - started;
  return { shown, ...(await measure(page)) };
}

function row(label, m) {
  const mb = bytes => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  console.log(
    `${label.padEnd(34)} content shown ${String(m.shown).padStart(6)} ms  ` +
      `load event ${String(Math.round(m.load)).padStart(6)} ms  ` +
      `transferred ${mb(m.transferred).padStart(9)}  ` +
      `(${mb(m.decoded)} decoded, ${m.requests} requests)`,
  );
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
    ],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
    });
    const page = await context.newPage();
    console.log(`Page loads of ${baseUrl} in Chromium (empty cache first):`);
    // The sign-in page is the first thing a new visitor sees.
    row(
      'first load (sign-in page)',
      await load(page, `${baseUrl}/`, 'button:has-text("Enter")'),
    );
    await page.getByRole('button', { name: 'Enter' }).click();
    await page
      .getByRole('link', { name: 'Catalog', exact: true })
      .first()
      .waitFor({ timeout: 60_000 });
    const pages = [
      ['/catalog', 'main table tbody tr'],
      ['/services', 'main table tbody tr'],
      ['/readiness', 'main h2, main h3, main table'],
      ['/slo', 'main h2, main h3, main table'],
    ];
    for (let i = 0; i < loads; i++) {
      const [path, ready] = pages[i % pages.length];
      row(`later full load ${path}`, await load(page, baseUrl + path, ready));
    }
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
