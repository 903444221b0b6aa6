import { entityRefKey, normalizeEntityRef } from './entityRefs';

describe('normalizeEntityRef', () => {
  it('fills in the default kind and namespace and lower-cases', () => {
    expect(normalizeEntityRef('Team-A', 'group', 'default')).toBe(
      'group:default/team-a',
    );
    expect(normalizeEntityRef('payments', 'system', 'prod')).toBe(
      'system:prod/payments',
    );
    expect(normalizeEntityRef('team-a', 'group')).toBe('group:default/team-a');
  });

  it('keeps an explicit kind and namespace', () => {
    expect(normalizeEntityRef('User:Ops/Grace', 'group', 'default')).toBe(
      'user:ops/grace',
    );
  });

  it('trims surrounding whitespace', () => {
    expect(normalizeEntityRef('  team-a \n', 'group', 'default')).toBe(
      'group:default/team-a',
    );
    expect(normalizeEntityRef(' group:default/Team-A ', 'group', 'x')).toBe(
      'group:default/team-a',
    );
  });

  it('answers null for blanks, non-strings and non-refs', () => {
    expect(normalizeEntityRef('', 'group', 'default')).toBeNull();
    expect(normalizeEntityRef('   ', 'group', 'default')).toBeNull();
    expect(normalizeEntityRef(undefined, 'group', 'default')).toBeNull();
    expect(normalizeEntityRef(42, 'group', 'default')).toBeNull();
    expect(normalizeEntityRef(['team-a'], 'group', 'default')).toBeNull();
    expect(normalizeEntityRef(':x', 'group', 'default')).toBeNull();
    expect(normalizeEntityRef('kind:', 'group', 'default')).toBeNull();
    expect(normalizeEntityRef('group:default/', 'group', 'default')).toBeNull();
  });
});

describe('entityRefKey', () => {
  it('is the full ref of the entity in lower case', () => {
    expect(
      entityRefKey({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'Orders', namespace: 'Shop' },
      }),
    ).toBe('component:shop/orders');
    expect(
      entityRefKey({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: 'payments' },
      }),
    ).toBe('system:default/payments');
  });

  it('takes a parsed ref as well', () => {
    expect(
      entityRefKey({ kind: 'Group', namespace: 'default', name: 'Team-A' }),
    ).toBe('group:default/team-a');
  });
});
