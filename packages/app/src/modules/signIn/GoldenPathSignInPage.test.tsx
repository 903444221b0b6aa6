import { mockApis } from '@backstage/frontend-test-utils';
import { createApp } from '@backstage/frontend-defaults';
import {
  ApiBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { oidcAuthApiRef } from './oidcAuthApi';
import { signInPage } from './signInModule';

const identity = {
  type: 'user' as const,
  userEntityRef: 'user:default/grace.hopper',
  ownershipEntityRefs: ['user:default/grace.hopper'],
};

function oidcApiMock() {
  return {
    getBackstageIdentity: jest.fn(async () => ({
      id: 'grace.hopper',
      token: 'a-token',
      identity,
    })),
    getProfile: jest.fn(async () => ({ displayName: 'Grace Hopper' })),
    getIdToken: jest.fn(),
    signIn: jest.fn(),
    signOut: jest.fn(),
    sessionState$: jest.fn(),
  };
}

/**
 * An app with the real sign-in page and a mock OIDC API in its place (the
 * page suspends on its translations, which the test apps of
 * frontend-test-utils do not allow on a sign-in page).
 */
function renderApp(providers: string[]) {
  const oidcApi = oidcApiMock();
  const app = createApp({
    features: [
      createFrontendModule({
        pluginId: 'app',
        extensions: [
          signInPage,
          ApiBlueprint.make({
            name: 'oidc',
            params: defineParams =>
              defineParams({
                api: oidcAuthApiRef,
                deps: {},
                factory: () => oidcApi as any,
              }),
          }),
        ],
      }),
    ],
    advanced: {
      configLoader: async () => ({
        config: mockApis.config({
          data: {
            app: { title: 'Golden Path' },
            backend: { baseUrl: 'http://localhost:7007' },
            goldenPath: { signIn: { providers } },
          },
        }),
      }),
    },
  });
  render(app.createRoot());
  return { oidcApi };
}

// A whole app per test: the first one loads every module, slowly.
jest.setTimeout(60_000);

describe('GoldenPathSignInPage', () => {
  // The page remembers the last provider and signs in with it silently.
  beforeEach(() => localStorage.clear());

  it('offers only guest sign-in where only guest is configured', async () => {
    renderApp(['guest']);
    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 15_000 }),
    ).toBeVisible();
    expect(
      screen.queryByText('Sign in with your company account'),
    ).not.toBeInTheDocument();
  });

  it('offers only the company account where only OIDC is configured, and signs in through it', async () => {
    const { oidcApi } = renderApp(['oidc']);
    expect(
      await screen.findByText('Sign in with your company account', undefined, {
        timeout: 15_000,
      }),
    ).toBeVisible();
    expect(
      screen.queryByRole('button', { name: 'Enter' }),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Sign In' }));
    expect(oidcApi.getBackstageIdentity).toHaveBeenCalledWith({
      instantPopup: true,
    });
    // Signed in: the app replaces the sign-in page.
    await waitFor(() =>
      expect(
        screen.queryByText('Sign in with your company account'),
      ).not.toBeInTheDocument(),
    );
  });

  it('offers both where both are configured', async () => {
    renderApp(['oidc', 'guest']);
    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 15_000 }),
    ).toBeVisible();
    expect(screen.getByText('Sign in with your company account')).toBeVisible();
  });
});
