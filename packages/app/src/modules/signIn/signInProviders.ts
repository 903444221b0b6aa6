import { ConfigApi } from '@backstage/frontend-plugin-api';
import { InputError } from '@backstage/errors';
import { oidcAuthApiRef } from './oidcAuthApi';

/** The sign-in methods the page can offer, by their name in config. */
export const SIGN_IN_PROVIDERS = ['guest', 'oidc'] as const;

/** A sign-in method of {@link SIGN_IN_PROVIDERS}. */
export type SignInProviderName = (typeof SIGN_IN_PROVIDERS)[number];

const oidcProvider = {
  id: 'oidc-auth-provider',
  title: 'Company account',
  message: 'Sign in with your company account',
  apiRef: oidcAuthApiRef,
};

/**
 * The sign-in page's providers from `goldenPath.signIn.providers`
 * (app-config.development.yaml: guest; app-config.production.yaml: oidc),
 * in that order; guest alone when the key is unset, as Backstage's default
 * page. An unknown name or an empty list is a config error naming the key.
 */
export function signInProviders(config: ConfigApi) {
  const names = config.getOptionalStringArray(
    'goldenPath.signIn.providers',
  ) ?? ['guest'];
  if (names.length === 0) {
    throw new InputError(
      'goldenPath.signIn.providers is empty: list at least one of guest, oidc.',
    );
  }
  for (const name of names) {
    if (!(SIGN_IN_PROVIDERS as readonly string[]).includes(name)) {
      throw new InputError(
        `goldenPath.signIn.providers: unknown sign-in provider '${name}'; expected guest or oidc.`,
      );
    }
  }
  return [...new Set(names as SignInProviderName[])].map(name =>
    name === 'guest' ? ('guest' as const) : oidcProvider,
  );
}
