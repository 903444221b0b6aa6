import { SignInPage } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import { signInProviders } from './signInProviders';

/**
 * The sign-in page with the providers the config enables: "Enter" for guest
 * sign-in, "Sign in with your company account" for OpenID Connect.
 */
export function GoldenPathSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  return (
    <SignInPage
      {...props}
      title={config.getOptionalString('app.title') ?? 'Golden Path'}
      align="center"
      providers={signInProviders(config)}
    />
  );
}
