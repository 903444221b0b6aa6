import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { parsePolicy } from './parsePolicy';
import { RolePermissionPolicy } from './RolePermissionPolicy';

const policy = parsePolicy(
  `roles:
  - name: everyone
    members: [everyone]
    allow:
      - slo.read
      - { permission: readiness.attestation.create, when: owner }
      - { permission: slo.refresh.all, when: owner }
  - name: platform
    members: [group:default/team-platform]
    allow: [readiness.*]
  - name: auditor
    members: [user:default/ann]
    allow: ['*.read']
`,
  'policy.yaml',
);

const basic = (name: string) =>
  createPermission({ name, attributes: { action: 'update' } });
const onEntity = (name: string) =>
  createPermission({
    name,
    attributes: { action: 'create' },
    resourceType: 'catalog-entity',
  });

describe('RolePermissionPolicy', () => {
  const logger = mockServices.logger.mock();
  const groups: Record<string, string[]> = {
    'user:default/pat': ['group:default/team-platform'],
    'user:default/sub': [
      'group:default/platform-oncall',
      'group:default/team-platform',
    ],
  };
  const groupsOf = jest.fn(async (ref: string) => new Set(groups[ref] ?? []));
  const rolePolicy = new RolePermissionPolicy({
    policy: () => policy,
    groupsOf,
    logger,
  });
  const userOf = (ref: string) => ({
    credentials: {} as any,
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, 'group:default/x'] },
  });
  const decide = (permission: any, ref?: string) =>
    rolePolicy.handle({ permission }, ref ? userOf(ref) : undefined);

  it('allows what a role of the user allows, by name or pattern', async () => {
    expect(await decide(basic('slo.read'), 'user:default/bob')).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(
      await decide(basic('readiness.refresh.all'), 'user:default/pat'),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    // Through a sub-group: the membership lookup includes parent groups.
    expect(
      await decide(basic('readiness.refresh.all'), 'user:default/sub'),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(await decide(basic('adr.record.read'), 'User:default/Ann')).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('denies what no role allows, and anyone not signed in', async () => {
    expect(
      await decide(basic('readiness.refresh.all'), 'user:default/bob'),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(await decide(basic('adr.record.read'), 'user:default/bob')).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await decide(basic('slo.read'))).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it("answers owner-only rules with the catalog's IS_ENTITY_OWNER condition on the user's claims", async () => {
    expect(
      await decide(
        onEntity('readiness.attestation.create'),
        'user:default/bob',
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['user:default/bob', 'group:default/x'] },
      },
    });
    // An unconditional rule of another role wins over the condition.
    expect(
      await decide(
        onEntity('readiness.attestation.create'),
        'user:default/pat',
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('denies an owner-only rule on a permission that does not act on an entity, and says so once', async () => {
    expect(await decide(basic('slo.refresh.all'), 'user:default/bob')).toEqual({
      result: AuthorizeResult.DENY,
    });
    await decide(basic('slo.refresh.all'), 'user:default/bob');
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(
      /slo.refresh.all does not act on a catalog entity/,
    );
  });
});
