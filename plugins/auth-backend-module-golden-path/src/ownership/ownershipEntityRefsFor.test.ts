import { Entity } from '@backstage/catalog-model';
import { ownershipEntityRefsFor } from './ownershipEntityRefsFor';

/** A Group as written in YAML (no relations). */
function group(
  name: string,
  spec: { parent?: string; children?: string[]; members?: string[] } = {},
  namespace?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { type: 'team', children: [], ...spec },
  };
}

function user(
  name: string,
  memberOf: string[] = [],
  relations: Entity['relations'] = undefined,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: { memberOf },
    ...(relations ? { relations } : {}),
  };
}

/** engineering > team-checkout > checkout-web > checkout-web-mobile; engineering > team-payments. */
const yamlOrg = [
  group('engineering', { children: ['team-checkout', 'team-payments'] }),
  group('team-checkout', { parent: 'engineering', children: ['checkout-web'] }),
  group('checkout-web', {
    parent: 'team-checkout',
    children: ['checkout-web-mobile'],
  }),
  group('checkout-web-mobile', { parent: 'checkout-web' }),
  group('team-payments', { parent: 'engineering', members: ['frances'] }),
];

describe('ownershipEntityRefsFor', () => {
  it('gives a team member the user and the team, and the sub-teams below it', () => {
    expect(
      ownershipEntityRefsFor(user('grace', ['team-checkout']), yamlOrg),
    ).toEqual([
      'user:default/grace',
      'group:default/team-checkout',
      'group:default/checkout-web',
      'group:default/checkout-web-mobile',
    ]);
  });

  it('gives a member of the parent group every group below it, nearest first', () => {
    expect(
      ownershipEntityRefsFor(user('eve', ['engineering']), yamlOrg),
    ).toEqual([
      'user:default/eve',
      'group:default/engineering',
      'group:default/team-checkout',
      'group:default/team-payments',
      'group:default/checkout-web',
      'group:default/checkout-web-mobile',
    ]);
  });

  it('never gives a sub-team member the parent group or sibling teams', () => {
    const refs = ownershipEntityRefsFor(
      user('mo', ['checkout-web-mobile']),
      yamlOrg,
    );
    expect(refs).toEqual([
      'user:default/mo',
      'group:default/checkout-web-mobile',
    ]);
  });

  it("reads membership from the group's members list too", () => {
    expect(ownershipEntityRefsFor(user('frances'), yamlOrg)).toEqual([
      'user:default/frances',
      'group:default/team-payments',
    ]);
  });

  it('gives a user without groups only the user', () => {
    expect(ownershipEntityRefsFor(user('solo'), yamlOrg)).toEqual([
      'user:default/solo',
    ]);
  });

  it('works on entities as the catalog returns them (relations, no spec refs)', () => {
    const rel = (type: string, targetRef: string) => ({ type, targetRef });
    const catalogGroups: Entity[] = [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'engineering', namespace: 'default' },
        spec: { type: 'department' },
        relations: [rel('parentOf', 'group:default/team-checkout')],
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'team-checkout', namespace: 'default' },
        spec: { type: 'team' },
        relations: [rel('childOf', 'group:default/engineering')],
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'checkout-web', namespace: 'default' },
        spec: { type: 'team' },
        // Only the child knows its parent: the walk must still find it.
        relations: [rel('childOf', 'group:default/team-checkout')],
      },
    ];
    const eve = user(
      'eve',
      [],
      [
        rel('memberOf', 'group:default/engineering'),
        // Not a group: never an ownership claim.
        rel('memberOf', 'component:default/not-a-group'),
      ],
    );
    expect(ownershipEntityRefsFor(eve, catalogGroups)).toEqual([
      'user:default/eve',
      'group:default/engineering',
      'group:default/team-checkout',
      'group:default/checkout-web',
    ]);
  });

  it('resolves refs in the namespace of the entity that writes them', () => {
    const opsUser: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'sam', namespace: 'ops' },
      spec: { memberOf: ['sre', 'group:default/engineering'] },
    };
    const groups = [
      group('sre', { children: ['oncall'] }, 'ops'),
      group('oncall', {}, 'ops'),
      // Same name in another namespace: not below ops/sre.
      group('oncall', { parent: 'engineering' }),
      group('engineering', { children: ['oncall'] }),
    ];
    expect(ownershipEntityRefsFor(opsUser, groups)).toEqual([
      'user:ops/sam',
      'group:ops/sre',
      'group:default/engineering',
      'group:ops/oncall',
      'group:default/oncall',
    ]);
  });

  it('stops on a cycle in the hierarchy and lists each group once, whatever its case', () => {
    const groups = [
      group('a', { children: ['b'] }),
      group('b', { children: ['A', 'c'] }),
      group('c', { children: ['a'] }),
    ];
    expect(ownershipEntityRefsFor(user('u', ['a', 'A']), groups)).toEqual([
      'user:default/u',
      'group:default/a',
      'group:default/b',
      'group:default/c',
    ]);
  });

  it('skips values that are no entity ref and entities that are no group', () => {
    const weird = user('w', ['', 'team-checkout']);
    (weird.spec as any).memberOf.push(42);
    const notAGroup: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'team-checkout-child' },
      spec: { parent: 'team-checkout' },
    };
    expect(ownershipEntityRefsFor(weird, [...yamlOrg, notAGroup])).toEqual([
      'user:default/w',
      'group:default/team-checkout',
      'group:default/checkout-web',
      'group:default/checkout-web-mobile',
    ]);
  });
});
