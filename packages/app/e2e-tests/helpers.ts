import { APIRequestContext, expect, Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Shared by the browser tests in this folder. */
export const repoRoot = path.resolve(__dirname, '../../..');
const screenshots = path.join(repoRoot, 'e2e-artifacts', 'screenshots');

/**
 * Valid Component entities app-config.e2e.yaml adds to those of
 * catalog-info/: two in __fixtures__/invalid (bad tier metadata, owned by
 * team-checkout), two in __fixtures__/adr-bad-input and one in
 * __fixtures__/slo-bad-input (team-platform).
 */
export const FIXTURE_COMPONENTS = 5;

/** The Component entities declared in catalog-info/, read from the files. */
export function declaredComponents(): {
  name: string;
  title?: string;
  tier?: string;
  owner: string;
}[] {
  const dir = path.join(repoRoot, 'catalog-info');
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map(
        doc => doc.toJS(),
      ),
    )
    .filter(entity => entity?.kind === 'Component')
    .map(entity => ({
      name: entity.metadata.name,
      title: entity.metadata.title,
      tier: entity.metadata.annotations?.['golden-path.io/tier'],
      owner: String(entity.spec.owner).replace(/^group:/, ''),
    }));
}

export async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(screenshots, { recursive: true });
  await page.screenshot({
    path: path.join(screenshots, `${name}.png`),
    fullPage: true,
  });
}

/** Authorization headers of the guest user, for calls to the backend API. */
export async function guestHeaders(request: APIRequestContext) {
  const res = await request.get('/api/auth/guest/refresh?env=development', {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(res.ok()).toBe(true);
  const { backstageIdentity } = await res.json();
  return { authorization: `Bearer ${backstageIdentity.token}` };
}
