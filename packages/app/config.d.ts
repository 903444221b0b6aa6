export interface Config {
  goldenPath?: {
    signIn?: {
      /**
       * The sign-in page's providers, in order: `guest` (the "Enter" button;
       * the backend needs auth.providers.guest) and `oidc` ("Sign in with
       * your company account"; the backend needs auth.providers.oidc).
       * Default: [guest]. app-config.development.yaml sets [guest],
       * app-config.production.yaml [oidc].
       * @visibility frontend
       */
      providers?: string[];
    };
  };
}
