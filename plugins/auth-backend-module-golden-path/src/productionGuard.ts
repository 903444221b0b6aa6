import { Config } from '@backstage/config';
import { JsonObject, JsonValue } from '@backstage/types';

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entriesOf(value: JsonValue | undefined): [string, JsonValue][] {
  return isObject(value)
    ? Object.entries(value).filter(
        (entry): entry is [string, JsonValue] => entry[1] !== undefined,
      )
    : [];
}

/**
 * Whether the backend runs with the production configuration:
 * `goldenPath.production: true` (app-config.production.yaml sets it) or
 * NODE_ENV=production. Either is enough.
 * @public
 */
export function isProductionConfig(
  config: Config,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): boolean {
  return (
    config.getOptionalBoolean('goldenPath.production') === true ||
    nodeEnv === 'production'
  );
}

/**
 * What makes a configuration unfit for production, one phrase each: guest
 * sign-in, permissions off, or a sign-in resolver told to let in users the
 * catalog does not know. Empty when it is fit.
 * @public
 */
export function productionConfigProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.has('auth.providers.guest')) {
    problems.push(
      'auth.providers.guest is configured, so anyone who reaches the portal could sign in without a password',
    );
  }
  if (config.getOptionalBoolean('permission.enabled') !== true) {
    problems.push(
      'permission.enabled is not true, so every signed-in user could do everything',
    );
  }
  // Raw values: a provider's keys are environments (oidc.production) or, for
  // some providers, settings (guest.userEntityRef).
  const providers = config.getOptional('auth.providers');
  for (const [providerId, environments] of entriesOf(providers)) {
    for (const [environment, settings] of entriesOf(environments)) {
      const signIn = isObject(settings) ? settings.signIn : undefined;
      const resolvers = isObject(signIn) ? signIn.resolvers : undefined;
      (Array.isArray(resolvers) ? resolvers : []).forEach((resolver, index) => {
        if (
          isObject(resolver) &&
          resolver.dangerouslyAllowSignInWithoutUserInCatalog === true
        ) {
          problems.push(
            `auth.providers.${providerId}.${environment}.signIn.resolvers[${index}].dangerouslyAllowSignInWithoutUserInCatalog is true, so people the catalog does not know could sign in`,
          );
        }
      });
    }
  }
  return problems;
}

/**
 * Throws, with one sentence saying why, when the production configuration
 * is in use and {@link productionConfigProblems} finds anything.
 * @public
 */
export function assertProductionReady(
  config: Config,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): void {
  if (!isProductionConfig(config, nodeEnv)) {
    return;
  }
  const problems = productionConfigProblems(config);
  if (problems.length > 0) {
    const why =
      config.getOptionalBoolean('goldenPath.production') === true
        ? 'goldenPath.production is true'
        : 'NODE_ENV is production';
    throw new Error(
      `Golden Path refuses to start with the production configuration (${why}): ${problems.join(
        '; ',
      )}.`,
    );
  }
}
