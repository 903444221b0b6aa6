import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { GroupMembership } from './GroupMembership';

const withRelations = (ref: string, relations: [string, string][]): Entity => {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace },
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  } as Entity;
};

describe('GroupMembership', () => {
  const entities = [
    withRelations('user:default/sub', [['memberOf', 'group:default/oncall']]),
    withRelations('group:default/oncall', [
      ['childOf', 'group:default/team-platform'],
    ]),
    withRelations('group:default/team-platform', [
      ['childOf', 'group:default/engineering'],
    ]),
    // A loop in the catalog does not hang the lookup.
    withRelations('group:default/engineering', [
      ['childOf', 'group:default/oncall'],
    ]),
  ];

  it("is the user's groups and every parent group above them", async () => {
    const membership = new GroupMembership({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      ttlMs: 60_000,
    });
    expect([...(await membership.groupsOf('User:default/Sub'))]).toEqual([
      'group:default/oncall',
      'group:default/team-platform',
      'group:default/engineering',
    ]);
    expect([...(await membership.groupsOf('user:default/nobody'))]).toEqual([]);
  });

  it('asks the catalog again only after the cache time', async () => {
    const catalog = catalogServiceMock({ entities });
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
    let now = 0;
    const membership = new GroupMembership({
      catalog,
      auth: mockServices.auth(),
      ttlMs: 1000,
      now: () => now,
    });
    await membership.groupsOf('user:default/sub');
    now = 999;
    await membership.groupsOf('user:default/sub');
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    now = 1000;
    await membership.groupsOf('user:default/sub');
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });
});
