import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  AuthResolverCatalogUserQuery,
  AuthResolverContext,
} from '@backstage/plugin-auth-node';
import {
  catalogNameCandidates,
  goldenPathSignInResolvers,
  OidcSignInInfo,
  signInCatalogUserByEmailThenName,
  signInCatalogUserByPreferredUsername,
} from './catalogUserSignInResolver';

function user(name: string, email?: string, namespace = 'default'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace },
    spec: { profile: email ? { email } : {}, memberOf: [] },
  };
}

const catalogUsers = [
  user('grace.hopper', 'grace.hopper@golden-path.example'),
  // Her e-mail does not match her name.
  user('ada.lovelace', 'countess@golden-path.example'),
  // No e-mail in the catalog: found by name only.
  user('alan.turing'),
  // Same name in another namespace: never found by name.
  user('edsger', 'edsger@golden-path.example', 'contractors'),
  user('twin-a', 'twins@golden-path.example'),
  user('twin-b', 'twins@golden-path.example'),
];

/**
 * The auth backend's resolver context over a list of users, as the catalog
 * answers: NotFoundError for none, ConflictError for several.
 */
function contextOver(users: Entity[]) {
  const queries: AuthResolverCatalogUserQuery[] = [];
  const signInWithCatalogUser = jest.fn(
    async (query: AuthResolverCatalogUserQuery) => {
      queries.push(query);
      let found: Entity[];
      if ('entityRef' in query && typeof query.entityRef === 'object') {
        const { kind, namespace, name } = query.entityRef;
        found = users.filter(
          u =>
            u.kind === kind &&
            u.metadata.namespace === namespace &&
            u.metadata.name === name,
        );
      } else if ('filter' in query && !Array.isArray(query.filter)) {
        const email = String(query.filter['spec.profile.email']).toLowerCase();
        found = users.filter(
          u => (u.spec as any).profile.email?.toLowerCase() === email,
        );
      } else {
        throw new Error(`unexpected query ${JSON.stringify(query)}`);
      }
      if (found.length > 1) {
        throw new ConflictError('User lookup resulted in multiple matches');
      }
      if (found.length === 0) {
        throw new NotFoundError('User not found');
      }
      return { token: `token of ${stringifyEntityRef(found[0])}` };
    },
  );
  return {
    ctx: { signInWithCatalogUser } as unknown as AuthResolverContext,
    queries,
  };
}

function info(
  claims: { email?: string; preferred_username?: string },
  { verified = true } = {},
): OidcSignInInfo {
  return {
    // The OIDC module's profile carries the e-mail only when verified.
    profile: verified && claims.email ? { email: claims.email } : {},
    result: {
      fullProfile: {
        userinfo: { sub: 'idp-subject', ...claims },
        tokenset: {} as any,
      },
      session: {} as any,
    },
  };
}

describe('signInCatalogUserByEmailThenName', () => {
  const resolve = signInCatalogUserByEmailThenName();

  it('signs in the user whose profile e-mail matches, asking nothing else', async () => {
    const { ctx, queries } = contextOver(catalogUsers);
    await expect(
      resolve(
        info({
          email: 'Countess@golden-path.example',
          preferred_username: 'x',
        }),
        ctx,
      ),
    ).resolves.toEqual({ token: 'token of user:default/ada.lovelace' });
    expect(queries).toEqual([
      { filter: { 'spec.profile.email': 'Countess@golden-path.example' } },
    ]);
  });

  it('falls back to preferred_username as the name when no e-mail matches', async () => {
    const { ctx, queries } = contextOver(catalogUsers);
    await expect(
      resolve(
        info({
          email: 'turing@elsewhere.example',
          preferred_username: 'alan.turing',
        }),
        ctx,
      ),
    ).resolves.toEqual({ token: 'token of user:default/alan.turing' });
    // Backstage's e-mail resolver asks once more without a +tag.
    const emailQuery = {
      filter: { 'spec.profile.email': 'turing@elsewhere.example' },
    };
    expect(new Set(queries.slice(0, -1).map(q => JSON.stringify(q)))).toEqual(
      new Set([JSON.stringify(emailQuery)]),
    );
    expect(queries[queries.length - 1]).toEqual({
      entityRef: { kind: 'User', namespace: 'default', name: 'alan.turing' },
    });
  });

  it("falls back to the e-mail's local part as the name", async () => {
    const { ctx } = contextOver(catalogUsers);
    await expect(
      resolve(info({ email: 'alan.turing@golden-path.example' }), ctx),
    ).resolves.toEqual({ token: 'token of user:default/alan.turing' });
  });

  it('takes the local part of a preferred_username that is an e-mail address', async () => {
    const { ctx } = contextOver(catalogUsers);
    await expect(
      resolve(info({ preferred_username: 'alan.turing@corp.example' }), ctx),
    ).resolves.toEqual({ token: 'token of user:default/alan.turing' });
  });

  it('does not use an unverified e-mail, neither as e-mail nor as name', async () => {
    const { ctx, queries } = contextOver(catalogUsers);
    await expect(
      resolve(
        info(
          { email: 'grace.hopper@golden-path.example' },
          { verified: false },
        ),
        ctx,
      ),
    ).rejects.toThrow(
      'Sign-in refused: the identity provider sent neither a verified e-mail nor a preferred_username',
    );
    expect(queries).toEqual([]);
  });

  it('refuses a user the catalog does not have, saying what it tried and what to do', async () => {
    const { ctx } = contextOver(catalogUsers);
    const refusal = resolve(
      info({
        email: 'mallory@golden-path.example',
        preferred_username: 'mal',
      }),
      ctx,
    );
    await expect(refusal).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        "Sign-in refused: no User in the catalog has the e-mail 'mallory@golden-path.example' or the name 'mal' or the name 'mallory'. Ask the platform team to add you to the catalog (a User entity with your e-mail in spec.profile.email).",
    });
  });

  it('never finds a user of another namespace by name', async () => {
    const { ctx } = contextOver(catalogUsers);
    await expect(
      resolve(info({ preferred_username: 'edsger' }), ctx),
    ).rejects.toThrow("no User in the catalog has the name 'edsger'");
  });

  it('stops at an ambiguous e-mail instead of trying names', async () => {
    const { ctx, queries } = contextOver(catalogUsers);
    await expect(
      resolve(
        info({
          email: 'twins@golden-path.example',
          preferred_username: 'twin-a',
        }),
        ctx,
      ),
    ).rejects.toThrow(ConflictError);
    expect(queries).toHaveLength(1);
  });

  it('refuses e-mails outside allowedDomains before asking the catalog', async () => {
    const strict = signInCatalogUserByEmailThenName({
      allowedDomains: ['golden-path.example'],
    });
    const { ctx, queries } = contextOver(catalogUsers);
    await expect(
      strict(info({ email: 'alan.turing@gmail.example' }), ctx),
    ).rejects.toThrow(
      "Sign-in refused: 'alan.turing@gmail.example' is not in an allowed e-mail domain (golden-path.example).",
    );
    await expect(
      strict(
        info({
          email: 'alan.turing@golden-path.example',
          preferred_username: 'alan.turing@gmail.example',
        }),
        ctx,
      ),
    ).rejects.toThrow('is not in an allowed e-mail domain');
    await expect(
      strict(info({ preferred_username: 'alan.turing' }), ctx),
    ).rejects.toThrow('sent no verified e-mail');
    expect(queries).toEqual([]);
    await expect(
      strict(info({ email: 'Alan.Turing@Golden-Path.example' }), ctx),
    ).rejects.toThrow(
      "no User in the catalog has the e-mail 'Alan.Turing@Golden-Path.example' or the name 'Alan.Turing'",
    );
  });
});

describe('catalogNameCandidates', () => {
  it('keeps valid entity names only, each once', () => {
    expect(
      catalogNameCandidates(
        info({ email: 'a.b@x.example', preferred_username: 'a.b' }),
      ),
    ).toEqual(['a.b']);
    expect(
      catalogNameCandidates(
        info({ email: 'a+tag@x.example', preferred_username: 'has space' }),
      ),
    ).toEqual([]);
    expect(
      catalogNameCandidates(info({ preferred_username: `${'x'.repeat(64)}` })),
    ).toEqual([]);
  });
});

describe('signInCatalogUserByPreferredUsername', () => {
  const resolve = signInCatalogUserByPreferredUsername();

  it('signs in by preferred_username and refuses without one or with an invalid one', async () => {
    const { ctx } = contextOver(catalogUsers);
    await expect(
      resolve(info({ preferred_username: 'grace.hopper' }), ctx),
    ).resolves.toEqual({ token: 'token of user:default/grace.hopper' });
    await expect(resolve(info({}), ctx)).rejects.toThrow(
      'sent no preferred_username claim',
    );
    await expect(
      resolve(info({ preferred_username: 'not a name' }), ctx),
    ).rejects.toThrow("the preferred_username 'not a name' is not a valid");
    await expect(
      resolve(info({ preferred_username: 'nobody' }), ctx),
    ).rejects.toThrow(NotFoundError);
  });
});

describe('goldenPathSignInResolvers', () => {
  it('validate their options from config', () => {
    expect(() =>
      goldenPathSignInResolvers.catalogUserByEmailThenName({
        allowedDomains: 'golden-path.example',
      } as any),
    ).toThrow(/Invalid sign-in resolver options.*allowedDomains/);
    expect(() =>
      goldenPathSignInResolvers.catalogUserByEmailThenName({
        dangerouslyAllowSignInWithoutUserInCatalog: true,
      } as any),
    ).toThrow(/Invalid sign-in resolver options/);
    expect(
      goldenPathSignInResolvers.catalogUserByEmailThenName({
        allowedDomains: ['golden-path.example'],
      }),
    ).toEqual(expect.any(Function));
  });
});
