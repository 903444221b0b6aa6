import { goldenPathPermissions } from './permissions';

// The names are the contract with the permission policy's files: a rename
// silently takes a permission away from every role that names it.
describe('goldenPathPermissions', () => {
  it('are these, with these resource types and actions', () => {
    expect(
      goldenPathPermissions.map(p => ({
        name: p.name,
        type: p.type,
        resourceType: 'resourceType' in p ? p.resourceType : undefined,
        action: p.attributes.action,
      })),
    ).toEqual([
      {
        name: 'goldenpath.upgrade.create',
        type: 'resource',
        resourceType: 'catalog-entity',
        action: 'create',
      },
      {
        name: 'goldenpath.drift.refresh.all',
        type: 'basic',
        resourceType: undefined,
        action: 'update',
      },
    ]);
  });
});
