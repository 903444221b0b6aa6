import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthResolverContext,
  BackstageSignInResult,
  commonSignInResolvers,
  createSignInResolverFactory,
  OAuthAuthenticatorResult,
  SignInInfo,
  SignInResolver,
} from '@backstage/plugin-auth-node';
import type { OidcAuthResult } from '@backstage/plugin-auth-backend-module-oidc-provider';
import { z } from 'zod/v3';

/**
 * What a sign-in resolver of the OIDC provider receives.
 * @public
 */
export type OidcSignInInfo = SignInInfo<
  OAuthAuthenticatorResult<OidcAuthResult>
>;

/**
 * Options of the Golden Path sign-in resolvers (`signIn.resolvers[]` in config).
 * @public
 */
export interface CatalogUserSignInOptions {
  /**
   * E-mail domains whose users may sign in, e.g. `['golden-path.example']`;
   * any domain when unset. When set, a verified e-mail in one of them is
   * required, and a preferred_username that is an e-mail address must be in
   * one of them too.
   */
  allowedDomains?: string[];
}

const optionsSchema = z
  .object({ allowedDomains: z.array(z.string().min(1)).min(1).optional() })
  .strict()
  .optional();

/**
 * The names a user may have in the catalog, from the IdP's claims: the
 * preferred_username (its local part when it is an e-mail address), then the
 * local part of the e-mail. Only valid entity names, each once.
 * @public
 */
export function catalogNameCandidates(info: OidcSignInInfo): string[] {
  const names = [
    localPart(preferredUsername(info)),
    localPart(info.profile.email),
  ];
  return [...new Set(names)].filter(
    (name): name is string =>
      !!name && KubernetesValidatorFunctions.isValidObjectName(name),
  );
}

/**
 * Signs in the catalog User whose `spec.profile.email` is the IdP's verified
 * e-mail (Backstage's `emailMatchingUserEntityProfileEmail`), or else the
 * User in the default namespace whose `metadata.name` is a name from
 * {@link catalogNameCandidates}. Anyone else is refused with a message that
 * says what was tried and what to do.
 * @public
 */
export function signInCatalogUserByEmailThenName(
  options: CatalogUserSignInOptions = {},
): SignInResolver<OAuthAuthenticatorResult<OidcAuthResult>> {
  const byEmail = commonSignInResolvers.emailMatchingUserEntityProfileEmail();
  return async (info, ctx) => {
    const email = info.profile.email;
    checkDomain(email, options);
    const username = preferredUsername(info);
    if (username?.includes('@')) {
      checkDomain(username, options);
    }

    const tried: string[] = [];
    if (email) {
      tried.push(`the e-mail '${email}'`);
      const result = await unlessNotFound(() => byEmail(info, ctx));
      if (result) {
        return result;
      }
    }
    for (const name of catalogNameCandidates(info)) {
      tried.push(`the name '${name}'`);
      const result = await unlessNotFound(() => signInByName(name, ctx));
      if (result) {
        return result;
      }
    }
    if (tried.length === 0) {
      throw new NotAllowedError(
        'Sign-in refused: the identity provider sent neither a verified e-mail nor a preferred_username, so no catalog user can be found for this account.',
      );
    }
    throw new NotAllowedError(
      `Sign-in refused: no User in the catalog has ${tried.join(
        ' or ',
      )}. Ask the platform team to add you to the catalog (a User entity with your e-mail in spec.profile.email).`,
    );
  };
}

/**
 * Signs in the User whose `metadata.name` is the preferred_username claim
 * (its local part when it is an e-mail address), in the default namespace.
 * @public
 */
export function signInCatalogUserByPreferredUsername(
  options: CatalogUserSignInOptions = {},
): SignInResolver<OAuthAuthenticatorResult<OidcAuthResult>> {
  return async (info, ctx) => {
    checkDomain(info.profile.email, options);
    const username = preferredUsername(info);
    if (!username) {
      throw new NotAllowedError(
        'Sign-in refused: the identity provider sent no preferred_username claim.',
      );
    }
    if (username.includes('@')) {
      checkDomain(username, options);
    }
    const name = localPart(username)!;
    if (!KubernetesValidatorFunctions.isValidObjectName(name)) {
      throw new NotAllowedError(
        `Sign-in refused: the preferred_username '${username}' is not a valid catalog entity name.`,
      );
    }
    return signInByName(name, ctx);
  };
}

/**
 * The sign-in resolvers this module offers by name in `signIn.resolvers`.
 * @public
 */
export const goldenPathSignInResolvers = {
  /** E-mail, then preferred_username or e-mail local part as the name. */
  catalogUserByEmailThenName: createSignInResolverFactory({
    optionsSchema,
    create: (options = {}) => signInCatalogUserByEmailThenName(options),
  }),
  /** preferred_username (or its local part) as the User's name. */
  preferredUsernameMatchingUserEntityName: createSignInResolverFactory({
    optionsSchema,
    create: (options = {}) => signInCatalogUserByPreferredUsername(options),
  }),
};

function signInByName(
  name: string,
  ctx: AuthResolverContext,
): Promise<BackstageSignInResult> {
  return ctx.signInWithCatalogUser({
    entityRef: { kind: 'User', namespace: 'default', name },
  });
}

/** The resolver's result, or undefined when the catalog has no such user. */
async function unlessNotFound(
  signIn: () => Promise<BackstageSignInResult>,
): Promise<BackstageSignInResult | undefined> {
  try {
    return await signIn();
  } catch (error) {
    if ((error as Error)?.name === 'NotFoundError') {
      return undefined;
    }
    throw error;
  }
}

function preferredUsername(info: OidcSignInInfo): string | undefined {
  const value = info.result.fullProfile?.userinfo?.preferred_username;
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

function localPart(value: string | undefined): string | undefined {
  return value?.split('@')[0] || undefined;
}

function checkDomain(
  address: string | undefined,
  { allowedDomains }: CatalogUserSignInOptions,
) {
  if (!allowedDomains) {
    return;
  }
  if (!address) {
    throw new NotAllowedError(
      `Sign-in refused: the identity provider sent no verified e-mail to check against the allowed domains (${allowedDomains.join(
        ', ',
      )}).`,
    );
  }
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  if (
    !address.includes('@') ||
    !allowedDomains.some(allowed => allowed.toLowerCase() === domain)
  ) {
    throw new NotAllowedError(
      `Sign-in refused: '${address}' is not in an allowed e-mail domain (${allowedDomains.join(
        ', ',
      )}).`,
    );
  }
}
