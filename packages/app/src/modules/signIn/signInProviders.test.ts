import { mockApis } from '@backstage/frontend-test-utils';
import { signInProviders } from './signInProviders';
import { oidcAuthApiRef } from './oidcAuthApi';

const providersOf = (providers?: unknown) =>
  signInProviders(
    mockApis.config({
      data:
        providers === undefined
          ? {}
          : { goldenPath: { signIn: { providers } } },
    }),
  );

describe('signInProviders', () => {
  it('offers guest alone when the key is unset, as Backstage does', () => {
    expect(providersOf()).toEqual(['guest']);
  });

  it('offers the configured providers in their order, each once', () => {
    expect(providersOf(['oidc'])).toEqual([
      expect.objectContaining({
        id: 'oidc-auth-provider',
        message: 'Sign in with your company account',
        apiRef: oidcAuthApiRef,
      }),
    ]);
    const both = providersOf(['oidc', 'guest', 'oidc']);
    expect(both).toHaveLength(2);
    expect(both[1]).toBe('guest');
  });

  it('refuses an unknown provider or an empty list, naming the key', () => {
    expect(() => providersOf(['github'])).toThrow(
      "goldenPath.signIn.providers: unknown sign-in provider 'github'; expected guest or oidc.",
    );
    expect(() => providersOf([])).toThrow(
      'goldenPath.signIn.providers is empty',
    );
  });
});
