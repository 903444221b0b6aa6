#!/usr/bin/env node
// Catalog benchmark (issue 3): prints figures, asserts nothing.
//
//   source scripts/env.sh && yarn bench:catalog [--services 5000]
//
// 1. writes a synthetic organisation of N services (examples/generate-org),
// 2. starts the backend on :7007 with it as the only catalog location, on a
//    fresh SQLite folder (.data/bench/), serving the built frontend,
// 3. measures ingestion (entities per second until every Component is in),
// 4. measures the Services page's first request (server time), and
// 5. in Chromium, the time from navigation to the first rendered row (median
//    of 3) of the catalog index with our Tier column and of the Services
//    page, then restarts the backend with `tierColumn: false` (Backstage's
//    default columns) on the same data and measures the stock index page:
//    ratios ours/stock.
const fs = require('node:fs');
const path = require('node:path');
const { positiveIntArg, waitFor } = require('./lib');
const {
  buildFrontend,
  generateOrg,
  guestHeaders,
  orgCatalogConfig,
  root,
  startBackend: startPortal,
  waitReady: waitPortal,
  writeConfig,
} = require('./backend');

const benchDir = path.join(root, '.data', 'bench');
const baseUrl = 'http://localhost:7007';

const services = positiveIntArg('--services', '5000');

const seconds = ms => (ms / 1000).toFixed(1);

async function main() {
  buildFrontend();
  fs.rmSync(benchDir, { recursive: true, force: true });
  const orgDir = path.join(benchDir, 'org');
  generateOrg(orgDir, services);
  const configFile = writeConfig(path.join(benchDir, 'app-config.bench.yaml'), {
    app: { baseUrl },
    backend: {
      database: {
        client: 'better-sqlite3',
        connection: { directory: path.join(benchDir, 'sqlite') },
      },
    },
    catalog: orgCatalogConfig(orgDir),
  });

  // The stock catalog index is the same page with Backstage's default
  // columns: our page:catalog override with `tierColumn: false`.
  const stockConfigFile = writeConfig(
    path.join(benchDir, 'app-config.stock.yaml'),
    {
      app: {
        extensions: [{ 'page:catalog': { config: { tierColumn: false } } }],
      },
    },
  );
  let backend;
  const startBackend = (...extraConfigs) => {
    backend = startPortal({
      configFiles: [configFile, ...extraConfigs],
      logFile: path.join(benchDir, 'backend.log'),
    });
  };
  const stop = () => backend?.stop();
  const waitReady = () => waitPortal(baseUrl, 180_000);
  startBackend();
  try {
    await waitReady();
    const ready = Date.now();
    const headers = await guestHeaders(baseUrl);
    const count = async filter => {
      const url = `${baseUrl}/api/catalog/entities/by-query?limit=1${
        filter ? `&filter=${filter}` : ''
      }`;
      return (await (await fetch(url, { headers })).json()).totalItems;
    };

    await waitFor(
      `${services} components`,
      async () => (await count('kind=component')) >= services,
      60 * 60_000,
    );
    const ingestMs = Date.now() - ready;
    const total = await count();
    console.log(
      `ingest: ${total} entities (${services} components) in ${seconds(
        ingestMs,
      )} s = ${Math.round(total / (ingestMs / 1000))} entities/s`,
    );

    // The Services page's first request (its rows are paged on the server:
    // GET /api/golden-path/services, grouped by team, 50 rows).
    const started = Date.now();
    const first = await (
      await fetch(`${baseUrl}/api/golden-path/services?groupBy=team&limit=50`, {
        headers,
      })
    ).json();
    console.log(
      `/services first page: ${first.items.length} of ${
        first.totalItems
      } services in ${
        Date.now() - started
      } ms (the first request builds the view)`,
    );

    const { chromium } = require('playwright-core');
    const launch = () =>
      chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
        ],
      });
    // Median of RUNS navigations to the first rendered row of a table.
    const RUNS = 3;
    const firstRows = async routes => {
      const browser = await launch();
      try {
        const page = await browser.newPage();
        await page.goto(baseUrl);
        await page.getByRole('button', { name: 'Enter' }).click();
        await page
          .getByRole('navigation', { name: 'sidebar nav' })
          .getByRole('link', { name: 'Catalog', exact: true })
          .waitFor();
        const result = {};
        for (const [name, route] of Object.entries(routes)) {
          const times = [];
          for (let i = 0; i < RUNS; i++) {
            const t0 = Date.now();
            await page.goto(`${baseUrl}${route}`);
            await page
              .locator('table tbody tr a')
              .first()
              .waitFor({ timeout: 120_000 });
            times.push(Date.now() - t0);
          }
          result[name] = times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
        }
        return result;
      } finally {
        await browser.close();
      }
    };
    const catalogRoute = '/catalog?filters[kind]=component&filters[user]=all';
    const ours = await firstRows({
      catalog: catalogRoute,
      services: '/services',
    });

    // Same data, same backend build, Backstage's default catalog columns.
    stop();
    await waitFor(
      'the backend to stop',
      () =>
        fetch(`${baseUrl}/.backstage/health/v1/liveness`).then(
          () => false,
          () => true,
        ),
      60_000,
    );
    startBackend(stockConfigFile);
    await waitReady();
    const stock = await firstRows({ catalog: catalogRoute });

    const ratio = ms => (ms / stock.catalog).toFixed(2);
    console.log(
      `first row (median of ${RUNS}): stock catalog index ${stock.catalog} ms; ` +
        `catalog index with Tier column ${ours.catalog} ms (ratio ${ratio(
          ours.catalog,
        )}); Services page ${ours.services} ms (ratio ${ratio(
          ours.services,
        )}) (goal: ratios at most 1)`,
    );
  } finally {
    stop();
  }
}

main().catch(error => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
