/*
 * Browser end-to-end tests: every package's e2e-tests/ folder, run in Debian's
 * Chromium (/usr/bin/chromium, never a Playwright-downloaded browser) against
 * the backend serving the built frontend on :7007. `scripts/test.sh` builds
 * the frontend first and gives the backend its own SQLite folder
 * (app-config.e2e.yaml), so the tests never touch a user's .data/sqlite.
 */
import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';
import path from 'node:path';

const root = __dirname;
const baseURL = process.env.PLAYWRIGHT_URL ?? 'http://localhost:7007';

export default defineConfig({
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
    ['json', { outputFile: 'e2e-artifacts/results.json' }],
  ],
  webServer: process.env.PLAYWRIGHT_URL
    ? []
    : [
        {
          command: [
            'yarn workspace backend start',
            `--config ${path.join(root, 'app-config.yaml')}`,
            // Guest sign-in ("Enter"), which most tests use.
            `--config ${path.join(root, 'app-config.development.yaml')}`,
            `--config ${path.join(root, 'app-config.e2e.yaml')}`,
          ].join(' '),
          url: `${baseURL}/.backstage/health/v1/readiness`,
          reuseExistingServer: false,
          timeout: 180_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
      ],
  use: {
    baseURL,
    actionTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
      ],
    },
  },
  outputDir: 'e2e-artifacts/test-results',
  // Debian's Chromium is not a Playwright "channel": drop the chrome channel.
  projects: generateProjects().map(project => ({
    ...project,
    use: { ...project.use, channel: undefined },
  })),
});
