import { expect, test } from '@playwright/test';
import { screenshot } from './helpers';
import { signInWithOidc, startOidcProvider } from './oidcProvider';

/**
 * The permission policy as a person meets it: Grace Hopper signs in with
 * her company account (a real OpenID Connect provider on loopback) and is a
 * member of the checkout team. She may attest readiness checks and refresh
 * readiness on the checkout team's order-service, and sees neither button
 * on the payments team's payment-service (both critical, so both have the
 * failover drill). The backend refuses her an attestation there too.
 */
let idp: { stop(): Promise<void> } | undefined;

test.beforeAll(async () => {
  idp = await startOidcProvider();
});

test.afterAll(async () => {
  await idp?.stop();
});

const drillOf = (page: import('@playwright/test').Page) =>
  page.locator(
    '[data-testid="readiness-check"][data-check-id="failover-drill"]',
  );

test('an attest button only on a service her team owns', async ({ page }) => {
  await signInWithOidc(page, 'grace.hopper');

  await page.goto('/catalog/default/component/order-service/readiness');
  const ownDrill = drillOf(page);
  await expect(ownDrill).toBeVisible({ timeout: 30_000 });
  await expect(ownDrill.getByTestId('attest-button')).toBeVisible();
  await screenshot(page, 'permissions-owned-service');

  await page.goto('/catalog/default/component/payment-service/readiness');
  const otherDrill = drillOf(page);
  await expect(otherDrill).toBeVisible({ timeout: 30_000 });
  // The check itself shows; the button to attest it does not.
  await expect(otherDrill.getByTestId('attest-button')).toHaveCount(0);
  await expect(otherDrill.getByTestId('attest-not-allowed')).toHaveText(
    'Only the owners of this service can attest it.',
  );
  await expect(page.getByTestId('attest-button')).toHaveCount(0);
  await screenshot(page, 'permissions-other-team-service');

  // Not only hidden: the backend refuses her, with her own session.
  const token = await page.evaluate(async () => {
    const res = await fetch('/api/auth/oidc/refresh?env=development', {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
      credentials: 'include',
    });
    return (await res.json()).backstageIdentity.token as string;
  });
  const refused = await page.request.post(
    '/api/readiness/v1/entities/component/default/payment-service/attestations',
    {
      headers: { authorization: `Bearer ${token}` },
      data: {
        checkId: 'failover-drill',
        comment: 'Drill done on 2026-12-01',
      },
    },
  );
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toMatch(/may not/i);
});
