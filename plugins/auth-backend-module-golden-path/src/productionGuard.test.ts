import { ConfigReader } from '@backstage/config';
import {
  assertProductionReady,
  isProductionConfig,
  productionConfigProblems,
} from './productionGuard';

const oidc = {
  production: {
    metadataUrl: 'https://idp.example/.well-known/openid-configuration',
    clientId: 'portal',
    clientSecret: 'secret',
  },
};

function config(data: object) {
  return new ConfigReader(data as any);
}

const fit = {
  goldenPath: { production: true },
  auth: { environment: 'production', providers: { oidc } },
  permission: { enabled: true },
};

describe('isProductionConfig', () => {
  it('is the config key or NODE_ENV=production, either', () => {
    expect(isProductionConfig(config({}), 'development')).toBe(false);
    expect(isProductionConfig(config({}), undefined)).toBe(false);
    expect(
      isProductionConfig(
        config({ goldenPath: { production: true } }),
        'development',
      ),
    ).toBe(true);
    expect(isProductionConfig(config({}), 'production')).toBe(true);
    // An explicit false does not outvote NODE_ENV.
    expect(
      isProductionConfig(
        config({ goldenPath: { production: false } }),
        'production',
      ),
    ).toBe(true);
  });
});

describe('productionConfigProblems', () => {
  it('finds nothing in an OIDC-only configuration with permissions on', () => {
    expect(productionConfigProblems(config(fit))).toEqual([]);
  });

  it('finds guest sign-in, even empty', () => {
    expect(
      productionConfigProblems(
        config({
          ...fit,
          auth: { providers: { oidc, guest: {} } },
        }),
      ),
    ).toEqual([
      'auth.providers.guest is configured, so anyone who reaches the portal could sign in without a password',
    ]);
  });

  it('finds permissions off or missing', () => {
    for (const permission of [{ enabled: false }, {}, undefined]) {
      expect(productionConfigProblems(config({ ...fit, permission }))).toEqual([
        'permission.enabled is not true, so every signed-in user could do everything',
      ]);
    }
  });

  it('finds a resolver that lets in users the catalog does not know', () => {
    expect(
      productionConfigProblems(
        config({
          ...fit,
          auth: {
            providers: {
              oidc: {
                production: {
                  ...oidc.production,
                  signIn: {
                    resolvers: [
                      { resolver: 'emailMatchingUserEntityProfileEmail' },
                      {
                        resolver: 'emailLocalPartMatchingUserEntityName',
                        dangerouslyAllowSignInWithoutUserInCatalog: true,
                      },
                    ],
                  },
                },
              },
            },
          },
        }),
      ),
    ).toEqual([
      'auth.providers.oidc.production.signIn.resolvers[1].dangerouslyAllowSignInWithoutUserInCatalog is true, so people the catalog does not know could sign in',
    ]);
  });
});

describe('assertProductionReady', () => {
  it('throws one sentence with every problem when production is on', () => {
    const unfit = config({
      goldenPath: { production: true },
      auth: { providers: { guest: { userEntityRef: 'user:default/x' } } },
    });
    expect(() => assertProductionReady(unfit, 'development')).toThrow(
      'Golden Path refuses to start with the production configuration (goldenPath.production is true): auth.providers.guest is configured, so anyone who reaches the portal could sign in without a password; permission.enabled is not true, so every signed-in user could do everything.',
    );
  });

  it('names NODE_ENV when that is what made it production', () => {
    expect(() =>
      assertProductionReady(
        config({ auth: { providers: { guest: {} } } }),
        'production',
      ),
    ).toThrow(/\(NODE_ENV is production\): auth\.providers\.guest/);
  });

  it('lets a development configuration with guest start', () => {
    expect(() =>
      assertProductionReady(
        config({ auth: { providers: { guest: {} } } }),
        'development',
      ),
    ).not.toThrow();
    expect(() =>
      assertProductionReady(config(fit), 'production'),
    ).not.toThrow();
  });
});
