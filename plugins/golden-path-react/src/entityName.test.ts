import { entityName } from './entityName';

describe('entityName', () => {
  it('leaves out the default kind and namespace', () => {
    expect(entityName('group:default/team-payments', 'group')).toBe(
      'team-payments',
    );
    expect(entityName('system:default/payments', 'group')).toBe(
      'system:payments',
    );
    expect(entityName('group:other/team-x', 'group')).toBe('other/team-x');
  });

  it('gives back a value that is not an entity ref as it is', () => {
    expect(entityName('a:b:c', 'group')).toBe('a:b:c');
    expect(entityName('', 'group')).toBe('');
  });
});
