import { adrPermissions } from './permissions';

// The names are the contract with the permission policy's files: a rename
// silently takes a permission away from every role that names it.
describe('adrPermissions', () => {
  it('are these, with these resource types and actions', () => {
    expect(
      adrPermissions.map(p => ({
        name: p.name,
        type: p.type,
        resourceType: 'resourceType' in p ? p.resourceType : undefined,
        action: p.attributes.action,
      })),
    ).toEqual([
      {
        name: 'adr.record.read',
        type: 'resource',
        resourceType: 'adr-record',
        action: 'read',
      },
      {
        name: 'adr.refresh.all',
        type: 'basic',
        resourceType: undefined,
        action: 'update',
      },
      {
        name: 'adr.entity.refresh',
        type: 'resource',
        resourceType: 'catalog-entity',
        action: 'update',
      },
      {
        name: 'adr.record.create',
        type: 'resource',
        resourceType: 'catalog-entity',
        action: 'create',
      },
    ]);
  });
});
