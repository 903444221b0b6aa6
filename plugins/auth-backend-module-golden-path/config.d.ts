export interface Config {
  goldenPath?: {
    /**
     * Marks the production configuration (app-config.production.yaml sets
     * it). With it, or with NODE_ENV=production, the backend refuses to start
     * when auth.providers.guest is configured, permission.enabled is not
     * true, or a sign-in resolver sets
     * dangerouslyAllowSignInWithoutUserInCatalog. Default: false.
     */
    production?: boolean;
  };
}
