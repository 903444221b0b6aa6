import { expect, Page } from '@playwright/test';
import fs from 'node:fs';
import { Server } from 'node:http';
import path from 'node:path';
import Provider from 'oidc-provider';
import { parseAllDocuments } from 'yaml';
import { guestHeaders, repoRoot } from './helpers';

/**
 * A real OpenID Connect provider on loopback for the browser tests: the
 * `oidc-provider` package with its development login form (any password),
 * whose accounts are the catalog's users (catalog-info/org.yaml: same
 * name, e-mail and display name) plus one the catalog does not have.
 * app-config.e2e.yaml points the backend's oidc provider at it.
 */
export const OIDC_PORT = 7099;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
/** The client app-config.e2e.yaml names (auth.providers.oidc.development). */
const CLIENT = {
  client_id: 'golden-path-e2e',
  client_secret: 'golden-path-e2e-secret',
  redirect_uris: ['http://localhost:7007/api/auth/oidc/handler/frame'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
};

/** An account of the test IdP; `login` is what its login form takes. */
export interface OidcAccount {
  login: string;
  email: string;
  name: string;
}

/** Someone the IdP knows and the catalog does not. */
export const OUTSIDER: OidcAccount = {
  login: 'mallory',
  email: 'mallory@golden-path.example',
  name: 'Mallory Outsider',
};

/** The catalog's users (catalog-info/org.yaml) as IdP accounts. */
export function catalogAccounts(): OidcAccount[] {
  const file = path.join(repoRoot, 'catalog-info', 'org.yaml');
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(doc => doc.toJS())
    .filter(entity => entity?.kind === 'User')
    .map(user => ({
      login: user.metadata.name,
      email: user.spec.profile.email,
      name: user.spec.profile.displayName,
    }));
}

/** Starts the provider on {@link OIDC_PORT}; `stop()` closes it. */
export async function startOidcProvider(
  accounts: OidcAccount[] = [...catalogAccounts(), OUTSIDER],
): Promise<{ stop(): Promise<void> }> {
  const byLogin = new Map(accounts.map(account => [account.login, account]));
  const provider = new Provider(OIDC_ISSUER, {
    clients: [CLIENT],
    cookies: { keys: ['golden-path-e2e-only'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    features: { devInteractions: { enabled: true } },
    // Seconds; set so the provider does not warn about its defaults.
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 3600,
      IdToken: 3600,
      RefreshToken: 86400,
      AuthorizationCode: 60,
    },
    // openid-client sends no PKCE challenge unless it chooses to.
    pkce: { required: () => false },
    // A refresh token with every sign-in, as many IdPs give confidential
    // clients (oidc-provider's default wants the offline_access scope): the
    // portal signs in again silently after a page load.
    async issueRefreshToken(_ctx, client) {
      return client.grantTypeAllowed('refresh_token');
    },
    async findAccount(_ctx, id) {
      const account = byLogin.get(id);
      if (!account) {
        return undefined;
      }
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: account.email,
            email_verified: true,
            name: account.name,
            preferred_username: account.login,
          };
        },
      };
    },
  });
  // Plain http on loopback: no proxy, no TLS.
  provider.proxy = false;
  const server: Server = await new Promise((resolve, reject) => {
    const listening = provider.listen(OIDC_PORT, '127.0.0.1', () =>
      resolve(listening),
    );
    listening.once('error', reject);
  });
  return {
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Signs in through the sign-in page's "Sign in with your company account"
 * and the IdP's login form in its popup, as the account with this login;
 * returns once the portal shows its sidebar. The browser reaches nothing
 * but loopback (the IdP's pages load a web font from the internet).
 */
export async function signInWithOidc(page: Page, login: string) {
  // Right after the backend starts, the catalog may not have read the users
  // yet, and the sign-in would rightly be refused: wait for this one.
  const headers = await guestHeaders(page.request);
  await expect
    .poll(
      async () =>
        (
          await page.request.get(
            `/api/catalog/entities/by-name/user/default/${login}`,
            { headers },
          )
        ).status(),
      { timeout: 60_000, message: `user:default/${login} in the catalog` },
    )
    .toBe(200);
  await startOidcSignIn(page, login);
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/**
 * The sign-in up to the IdP's answer: opens the popup, logs in and
 * consents; the caller checks what the portal made of it.
 */
export async function startOidcSignIn(page: Page, login: string) {
  await keepToLoopback(page);
  await page.goto('/');
  const card = page
    .locator('li, .MuiCard-root, .MuiGrid-item')
    .filter({ hasText: 'Sign in with your company account' })
    .last();
  const popupOpened = page.waitForEvent('popup');
  await card.getByRole('button', { name: 'Sign In' }).click();
  const popup = await popupOpened;
  await popup.locator('input[name="login"]').fill(login);
  await popup.locator('input[name="password"]').fill('any password');
  await popup.getByRole('button', { name: 'Sign-in' }).click();
  // The consent form, the first time this account meets the portal.
  const consent = popup.getByRole('button', { name: 'Continue' });
  await Promise.race([
    popup.waitForEvent('close'),
    consent.click().catch(() => undefined),
  ]);
  if (!popup.isClosed()) {
    await popup.waitForEvent('close');
  }
}

const routed = new WeakSet<object>();

async function keepToLoopback(page: Page) {
  if (routed.has(page.context())) {
    return;
  }
  routed.add(page.context());
  await page.context().route(
    url => !['localhost', '127.0.0.1'].includes(url.hostname),
    route => route.abort('blockedbyclient'),
  );
}
