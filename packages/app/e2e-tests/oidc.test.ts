import { expect, test } from '@playwright/test';
import { screenshot } from './helpers';
import {
  OUTSIDER,
  signInWithOidc,
  startOidcSignIn,
  startOidcProvider,
} from './oidcProvider';

/**
 * Sign-in through a real OpenID Connect provider on loopback (oidc-provider,
 * started here; app-config.e2e.yaml points the backend at it): the
 * portal's user is the catalog user with the IdP's e-mail, with their team
 * in the ownership claims; an account the catalog does not have is refused.
 */
let idp: { stop(): Promise<void> } | undefined;

test.beforeAll(async () => {
  idp = await startOidcProvider();
});

test.afterAll(async () => {
  await idp?.stop();
});

test('the sign-in page offers the company account and, in development, guest', async ({
  page,
}) => {
  await page.goto('/');
  await expect(
    page.getByText('Sign in with your company account'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enter' })).toBeVisible();
  await screenshot(page, 'sign-in');
});

test('a catalog user signs in with the company account and is that user, with their team', async ({
  page,
}) => {
  await signInWithOidc(page, 'grace.hopper');

  await page.goto('/settings');
  const identityCard = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Ownership Entities' });
  await expect(identityCard).toBeVisible();
  // The catalog's names: her User entity and her team.
  await expect(identityCard).toContainText(/User Entity:\s*Grace Hopper/);
  await expect(identityCard).toContainText(
    /Ownership Entities:\s*Grace Hopper,\s*Checkout team/,
  );
  await expect(
    identityCard.locator('a[href$="/catalog/default/group/team-checkout"]'),
  ).toBeVisible();
  // Her profile from the IdP.
  await expect(
    page.getByText('grace.hopper@golden-path.example'),
  ).toBeVisible();
  await screenshot(page, 'settings-oidc-user');

  // The token's claims, from the backend's refresh of this session.
  const refresh = await page.request.get(
    '/api/auth/oidc/refresh?env=development',
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  expect(refresh.ok()).toBe(true);
  const { backstageIdentity, profile } = await refresh.json();
  expect(backstageIdentity.identity).toEqual({
    type: 'user',
    userEntityRef: 'user:default/grace.hopper',
    ownershipEntityRefs: [
      'user:default/grace.hopper',
      'group:default/team-checkout',
    ],
  });
  expect(profile).toMatchObject({
    email: 'grace.hopper@golden-path.example',
    displayName: 'Grace Hopper',
  });
});

test('someone the identity provider knows and the catalog does not is refused, and told why', async ({
  page,
}) => {
  await startOidcSignIn(page, OUTSIDER.login);
  await expect(
    page.getByText(
      `Sign-in refused: no User in the catalog has the e-mail '${OUTSIDER.email}'`,
    ),
  ).toBeVisible();
  // Still on the sign-in page.
  await expect(
    page.getByText('Sign in with your company account'),
  ).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'sidebar nav' }),
  ).not.toBeVisible();
  await screenshot(page, 'sign-in-refused');
});
